"""People's data under their control: consents, the rights they ask for by chat, and what may be seen."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from domain.kitchens import Kitchen, KitchenStanding
from domain.orders import KITCHEN_ACTIVE, Order
from domain.retention import rounded


class DataRequest(StrEnum):
    SEE = "see"  # MY DATA
    ERASE = "erase"  # DELETE MY DATA


# What a person types, in English, Tamil or Hindi; the English words work in every language.
REQUEST_WORDS = {
    "MY DATA": DataRequest.SEE,
    "MYDATA": DataRequest.SEE,
    "என் தரவு": DataRequest.SEE,
    "मेरा डेटा": DataRequest.SEE,
    "DELETE MY DATA": DataRequest.ERASE,
    "என் தரவை அழி": DataRequest.ERASE,
    "मेरा डेटा मिटाओ": DataRequest.ERASE,
    "मेरा डेटा हटाओ": DataRequest.ERASE,
}
DATA_LINK_HOURS = 24  # how long the link to a person's export works
ERASE_CONFIRM_WINDOW = timedelta(minutes=10)  # a YES later than this answers something else


def data_request(text: str) -> DataRequest | None:
    return REQUEST_WORDS.get(" ".join(text.upper().split()).rstrip(".!"))


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


# The span over which a donor's face checks are counted against DuplicatePolicy.checks_per_hour.
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


@dataclass(frozen=True)
class StoredPhoto:
    """A photo kept for one of a person's orders (or waiting for one), known by its dates only."""

    photo_id: int
    order_id: int | None
    kind: str
    created_at: datetime


@dataclass(frozen=True)
class StoredMessage:
    """A message from (`received`) or to a person, as stored."""

    received: bool
    at: datetime
    text: str
    photos: int = 0
    location: tuple[str, str] | None = None


@dataclass
class PersonRecords:
    """Everything stored about a person beside their profile and consents."""

    orders: list[Order] = field(default_factory=list)
    photos: list[StoredPhoto] = field(default_factory=list)
    faces: dict[int, datetime] = field(default_factory=dict)  # order id: when the face was taken
    messages: list[StoredMessage] = field(default_factory=list)
    kitchen_orders: list[Order] = field(default_factory=list)  # orders of the kitchen this person runs


def address_hash(address: str, key: bytes) -> str:
    """What is kept of an erased number: enough to know it again, never to read it back."""
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def anonymise_order(order: Order) -> None:
    """The order stays for the kitchen's accounting (status, amount, timeline) with nothing of the donor
    or the person fed: no donor, no address or description, its place blurred to about 100 m."""
    order.donor_id = None
    order.place_label = order.place_address = order.seeker_description = ""
    order.photo_id = order.delivery_photo_id = None
    order.duplicate_of = None
    if order.lat is not None:
        order.lat, order.lng = rounded(order.point).lat, rounded(order.point).lng


def anonymise_kitchen(kitchen: Kitchen) -> None:
    """A kitchen whose contact erased their data leaves: it can no longer be offered, and keeps no
    name, UPI ID or licence; its orders and ratings stay for the accounting."""
    kitchen.person_id = None
    kitchen.name, kitchen.upi_vpa, kitchen.fssai = "-", "", ""
    # Off the list for good: no standing move leads back without an admin (and there is no one to reinstate).
    kitchen.status, kitchen.status_reason = KitchenStanding.REJECTED.value, "its contact erased their data"
    kitchen.verified, kitchen.daily_capacity = False, 0
    kitchen.lat, kitchen.lng = rounded(kitchen.point).lat, rounded(kitchen.point).lng
