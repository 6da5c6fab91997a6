"""How long each kind of data is kept, and what "past its retention" means for each.

Every kind has one rule; the daily job deletes (or blurs, or anonymises) what is past it, and the
privacy report counts what is past it, so that "0 after the job" proves the rule is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.geo import Point
from domain.orders import FINAL, Order
from domain.orders import OrderStatus as S

# An order has ended once nothing more will happen to its place: delivered (a rating may follow), or final.
ENDED = FINAL | {S.DELIVERED}
# About 100 m: 0.001° of latitude is 111 m, of longitude 108 m at Chennai.
PLACE_DECIMALS = 3


class DataKind(StrEnum):
    INBOUND_MESSAGES = "inbound_messages"  # bodies and Twilio's parameters
    OUTBOUND_MESSAGES = "outbound_messages"
    EXACT_PLACES = "exact_places"  # coordinates of ended orders, rounded to about 100 m
    ASSESSMENT_PLACES = "assessment_places"  # coordinates of safety assessments, the same
    OLD_ORDERS = "old_orders"  # anonymised: no phone, no address, no photo, no description
    PHOTOS = "photos"
    DESCRIPTIONS = "descriptions"  # a donor's words about the person (a NOTE, or words in place of a photo)
    UNUSED_PHOTOS = "unused_photos"  # received but never part of an order
    FACE_DATA = "face_data"
    FACE_CHECKS = "face_checks"  # the count behind the face-check limit
    TWILIO_MEDIA = "twilio_media"  # copies Twilio holds of photos sent or received
    ERASED_FAREWELLS = "erased_farewells"  # the last message to a person who erased their data, once sent
    # Photo files no row points to: a job stopped between storing a photo and recording it, or between
    # recording its cleaned copy and deleting the upload.
    STRAY_PHOTOS = "stray_photos"


@dataclass(frozen=True)
class RetentionPolicy:
    messages: timedelta = timedelta(days=30)
    exact_places: timedelta = timedelta(days=7)  # after the order ends
    orders: timedelta = timedelta(days=90)
    photos: timedelta = timedelta(days=30)
    face_data: timedelta = timedelta(hours=24)
    unused_photos: timedelta = timedelta(hours=1)  # a photo no order took is kept only while one might
    stray_photos: timedelta = timedelta(hours=1)  # far longer than a job takes from storing to recording

    def keep(self) -> dict[DataKind, str]:
        """Each kind's rule, as the report prints it."""
        return {
            DataKind.INBOUND_MESSAGES: _span(self.messages),
            DataKind.OUTBOUND_MESSAGES: _span(self.messages),
            DataKind.EXACT_PLACES: f"{_span(self.exact_places)} after the order ends",
            DataKind.ASSESSMENT_PLACES: f"{_span(self.exact_places)} after the order ends",
            DataKind.OLD_ORDERS: _span(self.orders),
            DataKind.PHOTOS: _span(self.photos),
            DataKind.DESCRIPTIONS: _span(self.photos),
            DataKind.UNUSED_PHOTOS: _span(self.unused_photos),
            DataKind.FACE_DATA: _span(self.face_data),
            DataKind.FACE_CHECKS: _span(self.face_data),
            DataKind.TWILIO_MEDIA: "until we have our copy, or the order has ended",
            DataKind.ERASED_FAREWELLS: "until sent",
            DataKind.STRAY_PHOTOS: _span(self.stray_photos),
        }


def _span(span: timedelta) -> str:
    hours = int(span.total_seconds() // 3600)
    return f"{hours // 24} days" if hours % 24 == 0 else f"{hours} hours"


def rounded(point: Point) -> Point:
    return Point(round(point.lat, PLACE_DECIMALS), round(point.lng, PLACE_DECIMALS))


def has_ended(order: Order) -> bool:
    return order.state in ENDED


def has_exact_place(order: Order) -> bool:
    """Coordinates finer than about 100 m (a pin that happens to fall on the grid counts as rounded)."""
    return order.lat is not None and rounded(order.point) != order.point


@dataclass(frozen=True)
class KeptUntil:
    """Until when a person's data of each kind is kept, as the MY DATA summary tells them; None: none kept."""

    orders: datetime | None
    photos: datetime | None
    exact_places: datetime | None
    messages: datetime | None


def kept_until(
    policy: RetentionPolicy,
    now: datetime,
    orders: list[Order],
    photos_taken: list[datetime],
    messages_at: list[datetime],
) -> KeptUntil:
    """An open order's place is kept while it is open and some days after: counted from now, at least."""
    with_donor = [order.created_at for order in orders if order.donor_id is not None]
    exact = [(order.updated_at or now) if has_ended(order) else now for order in orders if has_exact_place(order)]
    return KeptUntil(
        orders=max(with_donor) + policy.orders if with_donor else None,
        photos=max(photos_taken) + policy.photos if photos_taken else None,
        exact_places=max(exact) + policy.exact_places if exact else None,
        messages=max(messages_at) + policy.messages if messages_at else None,
    )
