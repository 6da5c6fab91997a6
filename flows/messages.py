"""A channel-neutral inbound message, as a flow sees it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MediaProblem(StrEnum):
    NOT_AN_IMAGE = "not_an_image"  # not JPEG, PNG or WebP
    TOO_LARGE = "too_large"  # over the size limit
    DAMAGED = "damaged"  # truncated or corrupt
    TOO_MANY_PIXELS = "too_many_pixels"  # more pixels than Pillow's limit (a decompression bomb)
    UNREADABLE = "unreadable"  # could not be fetched, or not from an allowed host
    TOO_MANY_PHOTOS = "too_many_photos"  # past the sender's photos for the hour: not fetched


@dataclass(frozen=True)
class Pin:
    """A shared location, as sent: validity is the flow's to judge."""

    lat: str
    lng: str
    label: str = ""
    address: str = ""


@dataclass(frozen=True)
class Inbound:
    sender: str
    text: str = ""
    pin: Pin | None = None
    photo_ids: tuple[int, ...] = ()
    media_problem: MediaProblem | None = None

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_ids)
