"""What a stored photo is for: as received, a seeker's, or a delivery's."""

from __future__ import annotations

from enum import StrEnum


class PhotoPurpose(StrEnum):
    INBOUND = "inbound"  # as received, before its photo job has cleaned it
    SEEKER = "seeker"  # the person the donor wants to feed
    DELIVERY = "delivery"  # the meal handed over, sent by the kitchen
