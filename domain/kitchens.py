"""Kitchens that pledge meals: who they are, where, at what price, when they are open."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.geo import Point
from domain.hours import DEFAULT_HOURS, india_now, is_open, parse_hours


class KitchenStanding(StrEnum):
    """Where a kitchen stands with Ketpaar; only a verified kitchen is offered orders."""

    PENDING = "pending"  # registered, waiting for an admin
    VERIFIED = "verified"
    REJECTED = "rejected"  # not approved
    SUSPENDED = "suspended"  # was verified; taken off the list until reinstated


# From a standing, the standings an admin may move a kitchen to.
STANDING_MOVES: dict[KitchenStanding, frozenset[KitchenStanding]] = {
    KitchenStanding.PENDING: frozenset({KitchenStanding.VERIFIED, KitchenStanding.REJECTED}),
    KitchenStanding.VERIFIED: frozenset({KitchenStanding.SUSPENDED}),
    KitchenStanding.SUSPENDED: frozenset({KitchenStanding.VERIFIED, KitchenStanding.REJECTED}),
    KitchenStanding.REJECTED: frozenset({KitchenStanding.VERIFIED}),
}


class KitchenKind(StrEnum):
    RESTAURANT = "restaurant"
    HOME_KITCHEN = "home_kitchen"
    FOOD_TRUCK = "food_truck"
    NGO_KITCHEN = "ngo_kitchen"


# In the order a kitchen is asked to choose them (1-4).
KITCHEN_KINDS = list(KitchenKind)

# FSSAI licence and registration numbers are 14 digits.
_FSSAI = re.compile(r"^\d{14}$")
# A UPI virtual payment address: handle@bank.
_VPA = re.compile(r"^[A-Za-z0-9.\-_]{2,256}@[A-Za-z][A-Za-z0-9]{1,64}$")

SEARCH_RADIUS_M = 3000
MAX_OFFERS = 5
SMS_OFFERS = 3  # three lines of kitchens fit one SMS of two parts in Tamil; five do not


def valid_fssai(text: str) -> bool:
    return bool(_FSSAI.match(text.replace(" ", "")))


def valid_vpa(text: str) -> bool:
    return bool(_VPA.match(text.strip()))


@dataclass(eq=False)
class Kitchen:
    name: str
    kind: str
    person_id: int | None  # None once its contact erased their data
    lat: float
    lng: float
    upi_vpa: str
    price_paise: int
    created_at: datetime
    fssai: str = ""
    daily_capacity: int = 0
    hours: str = DEFAULT_HOURS
    verified: bool = False  # kept equal to `standing == VERIFIED` (a CHECK constraint holds it)
    status: str = KitchenStanding.PENDING.value
    status_reason: str = ""
    rating_total: int = 0
    rating_count: int = 0
    paused_at: datetime | None = None  # its contact sent STOP: offered no orders until START
    id: int | None = None

    def __post_init__(self) -> None:
        # Callers that only know `verified=True` (seed data, older code) get a verified standing.
        if self.verified and self.status == KitchenStanding.PENDING:
            self.status = KitchenStanding.VERIFIED.value
        self.verified = self.status == KitchenStanding.VERIFIED

    @property
    def standing(self) -> KitchenStanding:
        return KitchenStanding(self.status)

    def can_become(self, wanted: KitchenStanding) -> bool:
        return wanted in STANDING_MOVES[self.standing]

    def change_standing(self, wanted: KitchenStanding, reason: str) -> None:
        if not self.can_become(wanted):
            raise ValueError(f"a {self.status} kitchen cannot become {wanted.value}")
        self.status, self.status_reason = wanted.value, reason
        self.verified = wanted == KitchenStanding.VERIFIED

    @property
    def takes_orders(self) -> bool:
        """Verified, and not paused by its own STOP."""
        return self.verified and self.paused_at is None

    def pause(self, at: datetime) -> None:
        self.paused_at = at

    def unpause(self) -> None:
        self.paused_at = None

    @property
    def point(self) -> Point:
        return Point(self.lat, self.lng)

    def is_open_at(self, now: datetime) -> bool:
        return is_open(parse_hours(self.hours), india_now(now).time())


@dataclass(frozen=True)
class KitchenOffer:
    """A kitchen near a donor's pin that could cook now."""

    kitchen: Kitchen
    distance_m: float
    meals_left: int


def choose_offers(candidates: list[KitchenOffer], now: datetime, excluded: set[int]) -> list[KitchenOffer]:
    """Up to five verified kitchens taking orders, open now with a meal left, nearest first."""
    usable = [
        offer
        for offer in candidates
        if offer.kitchen.takes_orders
        and offer.meals_left > 0
        and offer.kitchen.id not in excluded
        and offer.distance_m <= SEARCH_RADIUS_M
        and offer.kitchen.is_open_at(now)
    ]
    return sorted(usable, key=lambda offer: offer.distance_m)[:MAX_OFFERS]
