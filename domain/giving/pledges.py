"""Pledges: money promised ahead and paid meal by meal, each time straight to the kitchen.

`PLEDGE 600 MONTH [NEAR <PIN code>] [RADIUS 3] [HOURS 11-15]`: up to ₹600 a month (or once, without
MONTH) for meals whose donor cannot pay. A monthly pledge renews on the 1st, in India, unless paused.
When a meal needs a pledge, the one that fits it best pays, by the seed's priority: a pledge for that
place and that time, then for the place, then for the time, then a general one; oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum

from domain.commands import read_number
from domain.geo import Point, distance_m
from domain.giving.windows import Window, fits, parse_window, window_of
from domain.hours import india_now
from domain.places import parse_place

MIN_PLEDGE_RUPEES = 10
MAX_PLEDGE_RUPEES = 100_000
DEFAULT_RADIUS_KM = 3
MAX_RADIUS_KM = 25
MONTHLY_WORDS = frozenset({"MONTH", "MONTHLY", "MONTHS"})


class PledgeStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # no links and no renewal until RESUME
    ENDED = "ended"  # CANCEL PLEDGE, or the donor erased their data: what was left lapsed


class Fit(IntEnum):
    """How well a pledge fits a meal, best first."""

    PLACE_AND_TIME = 0
    PLACE = 1
    TIME = 2
    GENERAL = 3


class PledgeProblem(StrEnum):
    NO_AMOUNT = "no_amount"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    NO_PLACE = "no_place"  # NEAR without a PIN code (on WhatsApp, a location pin is asked for instead)
    BAD_RADIUS = "bad_radius"
    BAD_HOURS = "bad_hours"
    UNKNOWN_WORD = "unknown_word"


@dataclass(frozen=True)
class PledgeRequest:
    amount_paise: int
    monthly: bool
    pincode: str | None  # NEAR 600017
    wants_pin: bool  # NEAR alone: the place is a location pin, sent next
    radius_km: int
    window: Window | None


def parse_pledge(args: tuple[str, ...]) -> PledgeRequest | PledgeProblem:
    rupees = read_number(args[0].lstrip("₹")) if args else None
    if rupees is None:
        return PledgeProblem.NO_AMOUNT
    if rupees < MIN_PLEDGE_RUPEES:
        return PledgeProblem.TOO_SMALL
    if rupees > MAX_PLEDGE_RUPEES:
        return PledgeProblem.TOO_LARGE
    words = [word.upper() for word in args[1:]]
    monthly, pincode, wants_pin, radius, window = False, None, False, DEFAULT_RADIUS_KM, None
    while words:
        word = words.pop(0)
        if word in MONTHLY_WORDS:
            monthly = True
        elif word == "NEAR":
            query = parse_place(words[0]) if words else None
            pincode = query.pincode if query is not None and not query.landmark else None
            if pincode is not None:
                words.pop(0)
            wants_pin = pincode is None
        elif word == "RADIUS":
            radius = read_number(words.pop(0).removesuffix("KM")) if words else None
            if radius is None or not 1 <= radius <= MAX_RADIUS_KM:
                return PledgeProblem.BAD_RADIUS
        elif word == "HOURS":
            window = parse_window(words.pop(0)) if words else None
            if window is None:
                return PledgeProblem.BAD_HOURS
        else:
            return PledgeProblem.UNKNOWN_WORD
    return PledgeRequest(rupees * 100, monthly, pincode, wants_pin, radius, window)


def month_of(moment: datetime) -> date:
    """The India month a moment falls in, as its first day: a monthly pledge's amount is for one such month."""
    now = india_now(moment)
    return date(now.year, now.month, 1)


@dataclass(eq=False)
class Pledge:
    reference: str
    donor_id: int | None  # None once the donor erased their data (the pledge ended then)
    amount_paise: int
    monthly: bool
    created_at: datetime
    period: date  # the month its amount is for
    lat: float | None = None
    lng: float | None = None
    place_label: str = ""  # the PIN code, or "" for a location pin
    radius_m: int = DEFAULT_RADIUS_KM * 1000
    window_start: int | None = None
    window_end: int | None = None
    status: str = PledgeStatus.ACTIVE.value
    ended_at: datetime | None = None
    id: int | None = None  # the ledger account's id

    @property
    def point(self) -> Point | None:
        return Point(self.lat, self.lng) if self.lat is not None and self.lng is not None else None

    @property
    def window(self) -> Window | None:
        return window_of(self.window_start, self.window_end)

    @property
    def active(self) -> bool:
        return self.status == PledgeStatus.ACTIVE

    def fit(self, point: Point, at: datetime) -> Fit | None:
        """How well the pledge fits a meal at `point` now; None when its place or its hours exclude it."""
        place = self.point
        if place is not None and distance_m(place, point) > self.radius_m:
            return None
        if not fits(self.window, at):
            return None
        if place is not None:
            return Fit.PLACE_AND_TIME if self.window is not None else Fit.PLACE
        return Fit.TIME if self.window is not None else Fit.GENERAL

    def renewal_due(self, at: datetime) -> bool:
        """A monthly pledge, not paused or ended, whose amount is for an earlier month than now's."""
        return self.monthly and self.active and self.period < month_of(at)

    @property
    def renews_on(self) -> date | None:
        """The 1st of the month after its amount's (India), for a monthly pledge still active; else None."""
        if not (self.monthly and self.active):
            return None
        year, month = divmod(self.period.year * 12 + self.period.month, 12)
        return date(year, month + 1, 1)

    def renew(self, at: datetime) -> None:
        self.period = month_of(at)

    def pause(self) -> None:
        self.status = PledgeStatus.PAUSED.value

    def resume(self) -> None:
        self.status = PledgeStatus.ACTIVE.value

    def end(self, at: datetime) -> None:
        self.status, self.ended_at = PledgeStatus.ENDED.value, at


def by_priority(pledges: list[Pledge], point: Point, at: datetime) -> list[Pledge]:
    """The active pledges that may pay for a meal at `point` now: place and time, then place, then time,
    then general; oldest first within each."""
    fitting = [(pledge.fit(point, at), pledge) for pledge in pledges if pledge.active]
    ranked = [(fit, pledge) for fit, pledge in fitting if fit is not None]
    return [pledge for _, pledge in sorted(ranked, key=lambda pair: (pair[0], pair[1].created_at, pair[1].id or 0))]
