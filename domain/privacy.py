"""People's data under their control: consents, the rights they ask for by chat, and what may be seen."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.orders import KITCHEN_ACTIVE, Order


class ConsentKind(StrEnum):
    SERVICE = "service"  # the donor's own: the use of their photos and location pins
    PHOTO = "photo"  # the photographed person agreed (or not) to this one photo


@dataclass(frozen=True)
class Consent:
    person_id: int
    kind: ConsentKind
    at: datetime
    agreed: bool = True
    version: str = ""  # of the text agreed to, for the donor's own consent
    order_id: int | None = None  # the order whose photo it was, for a photographed person's


def text_version(text: str) -> str:
    """A short fingerprint of a consent text: a changed text is a new version, and is asked for again."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


# The duplicate check compares a face with those fed nearby: asked too often, it would find a person.
FACE_CHECKS_PER_HOUR = 10
FACE_CHECK_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class PhotoGrant:
    """What a signed photo link was given for: a photo of an order, to the order's donor or to one kitchen."""

    photo_id: int
    order_id: int
    kitchen_id: int | None = None  # a kitchen's link; None for the donor's


def photo_visible(grant: PhotoGrant, order: Order | None) -> bool:
    """A kitchen sees the person's photo only while it is asked to cook, or cooking, that order:
    the link dies when it declines, times out or the order ends, not when the link expires."""
    if order is None or grant.photo_id not in (order.photo_id, order.delivery_photo_id):
        return False
    if grant.kitchen_id is None:
        return order.donor_id is not None
    return order.kitchen_id == grant.kitchen_id and order.state in KITCHEN_ACTIVE
