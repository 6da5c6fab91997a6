"""Micro-campaigns: strangers chip in toward one meal, each paying their own share to the kitchen.

On the kitchen list, a donor who cannot pay a whole meal replies `SHARE 2` instead of `2`: a campaign
opens for that kitchen's price, for at most two hours. Anyone may `GIVE <ref> <amount>` (at least ₹10,
never above what is still needed). Nobody pays anything until the whole price is promised and the
kitchen accepts; then each pays their share to the kitchen. A campaign that expires or is cancelled
before that leaves nothing to refund: nothing was paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.commands import read_number

MIN_SHARE_PAISE = 10 * 100
SUGGESTED_RUPEES = 20  # the amount in the forwarded link's `GIVE <ref> 20`
PROGRESS_EVERY = timedelta(minutes=10)  # everyone hears a campaign's progress at most this often
NEAR_RADIUS_M = 3000  # NOTIFY NEAR: campaigns within this of the place named
NEAR_NOTICES_A_DAY = 3


class CampaignStatus(StrEnum):
    CREATED = "CREATED"
    ACTIVE = "ACTIVE"  # open for GIVE, nothing promised yet
    FUNDING = "FUNDING"  # some of the price promised
    THRESHOLD_MET = "THRESHOLD_MET"  # all of it promised: a kitchen is asked
    ORDER_PLACED = "ORDER_PLACED"  # the kitchen accepted: each contributor pays their share
    DELIVERED = "DELIVERED"  # the meal was handed over: receipts sent
    COMPLETED = "COMPLETED"  # the delivery photo shared with whoever paid the whole meal; nothing left to do
    EXPIRED = "EXPIRED"  # not all promised in time: the promises lapsed, nothing was paid
    CANCELLED = "CANCELLED"


C = CampaignStatus
# The seed's states, as a table: from a status, the statuses it may move to.
# THRESHOLD_MET and ORDER_PLACED may be CANCELLED: no kitchen could cook, or the creator gave up on unpaid shares.
TRANSITIONS: dict[CampaignStatus, frozenset[CampaignStatus]] = {
    C.CREATED: frozenset({C.ACTIVE, C.CANCELLED}),
    C.ACTIVE: frozenset({C.FUNDING, C.EXPIRED, C.CANCELLED}),
    C.FUNDING: frozenset({C.THRESHOLD_MET, C.EXPIRED, C.CANCELLED}),
    C.THRESHOLD_MET: frozenset({C.ORDER_PLACED, C.CANCELLED}),
    C.ORDER_PLACED: frozenset({C.THRESHOLD_MET, C.DELIVERED, C.CANCELLED}),
    C.DELIVERED: frozenset({C.COMPLETED}),
    C.COMPLETED: frozenset(),
    C.EXPIRED: frozenset(),
    C.CANCELLED: frozenset(),
}
OPEN_FOR_GIVING = frozenset({C.ACTIVE, C.FUNDING})
ENDED = frozenset(status for status, moves in TRANSITIONS.items() if not moves)


class ShareStatus(StrEnum):
    PROMISED = "promised"  # committed; nothing to pay until the kitchen accepts
    ASKED = "asked"  # the contributor has the UPI link and the clock runs
    PAID = "paid"  # the kitchen confirmed it
    LAPSED = "lapsed"  # the campaign ended before it was paid, or the time to pay ran out


class GiveProblem(StrEnum):
    NO_REFERENCE = "no_reference"
    NO_AMOUNT = "no_amount"  # missing, or not a number


@dataclass(frozen=True)
class GiveRequest:
    reference: str
    amount_paise: int


def parse_give(args: tuple[str, ...]) -> GiveRequest | GiveProblem:
    """`GIVE C7QXK 20` (or `GIVE C7QXK ₹20`); a word after the amount (ANON) is read and ignored: names are
    never shown, so every contributor is anonymous."""
    if not args:
        return GiveProblem.NO_REFERENCE
    rupees = read_number(args[1].lstrip("₹")) if len(args) > 1 else None
    if rupees is None:
        return GiveProblem.NO_AMOUNT
    return GiveRequest(args[0].upper(), rupees * 100)


def least_share(needed_paise: int) -> int:
    """A share is at least ₹10, unless less than that is all that is still needed."""
    return min(MIN_SHARE_PAISE, needed_paise)


class IllegalMove(Exception):
    def __init__(self, reference: str, current: str, wanted: str):
        super().__init__(f"campaign {reference}: {current} -> {wanted} is not allowed")


@dataclass(eq=False)
class Campaign:
    reference: str
    creator_id: int | None  # None once the creator erased their data
    order_id: int
    kitchen_id: int  # the kitchen it was opened for; another may cook it at no more than its price
    target_paise: int  # where the meal goes is the order's: its exact place is rounded with the order's
    created_at: datetime
    expires_at: datetime
    status: str = C.CREATED.value
    told_paise: int = 0  # what was promised when everyone last heard the progress
    told_at: datetime | None = None
    cover_asked_at: datetime | None = None  # the creator was asked to cover unpaid shares, or cancel
    updated_at: datetime | None = None
    id: int | None = None  # the ledger account's id

    @property
    def state(self) -> CampaignStatus:
        return CampaignStatus(self.status)

    @property
    def ended(self) -> bool:
        return self.state in ENDED

    def promised_paise(self, needed_paise: int) -> int:
        """What contributors promised: all but what is still needed, and nothing once it expired (its
        promises lapsed, and so did what was still needed)."""
        return 0 if self.state == C.EXPIRED else self.target_paise - needed_paise

    def can_move_to(self, wanted: CampaignStatus) -> bool:
        return wanted in TRANSITIONS[self.state]

    def move_to(self, wanted: CampaignStatus, at: datetime) -> None:
        if not self.can_move_to(wanted):
            raise IllegalMove(self.reference, self.status, wanted.value)
        self.status, self.updated_at = wanted.value, at

    def open_for_giving(self, at: datetime) -> bool:
        return self.state in OPEN_FOR_GIVING and at < self.expires_at

    def expired_by(self, at: datetime) -> bool:
        return self.state in OPEN_FOR_GIVING and at >= self.expires_at

    def progress_due(self, promised_paise: int, at: datetime) -> bool:
        """Something new was promised and nobody heard of it in the last ten minutes."""
        recent = self.told_at is not None and at - self.told_at < PROGRESS_EVERY
        return self.state in OPEN_FOR_GIVING and promised_paise != self.told_paise and not recent

    def told(self, promised_paise: int, at: datetime) -> None:
        self.told_paise, self.told_at = promised_paise, at


@dataclass(eq=False)
class Share:
    campaign_id: int
    number: int  # the share's place in its campaign: its reference is C7QXK-2
    person_id: int | None  # the contributor; None once they erased their data
    amount_paise: int
    promised_at: datetime
    status: str = ShareStatus.PROMISED.value
    asked_at: datetime | None = None
    paid_at: datetime | None = None
    pledge_id: int | None = None  # a pledge covering a share someone did not pay
    id: int | None = None

    def reference(self, campaign_reference: str) -> str:
        return f"{campaign_reference}-{self.number}"

    @property
    def open(self) -> bool:
        return self.status in (ShareStatus.PROMISED, ShareStatus.ASKED)

    def ask(self, at: datetime) -> None:
        self.status, self.asked_at = ShareStatus.ASKED.value, at

    def unask(self) -> None:
        """The kitchen let the order go before the share was paid: it is a promise again, for the next kitchen."""
        self.status, self.asked_at = ShareStatus.PROMISED.value, None

    def pay(self, at: datetime) -> None:
        self.status, self.paid_at = ShareStatus.PAID.value, at

    def lapse(self) -> None:
        self.status = ShareStatus.LAPSED.value

    def overdue(self, cutoff: datetime) -> bool:
        return self.status == ShareStatus.ASKED and self.asked_at is not None and self.asked_at <= cutoff


def share_reference(text: str) -> tuple[str, int] | None:
    """`C7QXK-2` as the campaign's reference and the share's number; None for anything else."""
    campaign, dash, number = text.strip().upper().partition("-")
    share = read_number(number) if dash else None
    return (campaign, share) if share else None


@dataclass(frozen=True)
class Alert:
    """A donor who asked to hear of campaigns near a place (`NOTIFY NEAR 600017`), at most three a day."""

    person_id: int
    lat: float
    lng: float
    label: str
    radius_m: int = NEAR_RADIUS_M
