"""The one ledger: accounts (a meal credit, a pledge, a campaign) and the entries that change them.

An entry never changes once written. Each carries what it does to its account's balance: meals
available (a credit's), paise available (a credit's value, what is left of a pledge, what a campaign
still needs) and paise pending (promised to a kitchen, not yet confirmed by it). All three are never
negative: the database holds each account's sums with that rule (models/ledger.py), so an allocation
that would take more than is there fails in PostgreSQL, whoever races for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.orders import REFERENCE_TRIES, new_reference


class AccountKind(StrEnum):
    CREDIT = "credit"  # meals paid ahead at one kitchen
    PLEDGE = "pledge"  # money promised, paid meal by meal
    CAMPAIGN = "campaign"  # strangers' shares toward one meal


# A reference is this letter and four to eight letters and digits (M7QXK): it says what it names,
# and it is never the length of an order's reference (4, 6 or 8), so the two never collide.
PREFIXES = {AccountKind.CREDIT: "M", AccountKind.PLEDGE: "P", AccountKind.CAMPAIGN: "C"}


class EntryKind(StrEnum):
    PURCHASED = "purchased"  # a credit bought: the money is on its way to the kitchen
    CONFIRMED = "confirmed"  # the kitchen has the credit's money: its meals are available
    ALLOCATED = "allocated"  # a credit's meal, or a pledge's amount, set aside for one meal
    RELEASED = "released"  # an allocation given back: the meal did not go ahead, or the pledger did not pay in time
    PAID = "paid"  # the kitchen has a pledger's or a contributor's money
    LAPSED = "lapsed"  # what was left when a month ended or a pledge ended; a campaign's promises that came to nothing
    RENEWED = "renewed"  # a pledge's amount for a new month (its first month too)
    OPENED = "opened"  # what a campaign needs: the kitchen's price
    COMMITTED = "committed"  # a contributor's promise toward a campaign


@dataclass(frozen=True)
class Balance:
    meals: int = 0
    paise: int = 0
    pending_paise: int = 0

    def plus(self, entry: Entry) -> Balance:
        return Balance(self.meals + entry.meals, self.paise + entry.paise, self.pending_paise + entry.pending_paise)

    @property
    def negative(self) -> bool:
        return min(self.meals, self.paise, self.pending_paise) < 0


@dataclass(frozen=True)
class Entry:
    """One row of the ledger. `settles` names the allocation or promise an entry ends (released, paid, lapsed)."""

    account_id: int
    kind: EntryKind
    at: datetime
    meals: int = 0
    paise: int = 0
    pending_paise: int = 0
    order_id: int | None = None
    share_id: int | None = None
    settles: int | None = None
    note: str = ""
    id: int | None = None

    @property
    def amount_paise(self) -> int:
        """The money the entry is about, whichever way it moved."""
        return max(abs(self.paise), abs(self.pending_paise))


@dataclass(frozen=True)
class Line:
    """An entry as staff read it, beside the order or the campaign share it concerns."""

    entry: Entry
    reference: str = ""  # the order's (K7QX) or the share's (C7QXK-2); "" for neither


def reached_kitchens(entries: Iterable[Entry]) -> tuple[int, int]:
    """How many payments the kitchens confirmed, and their paise: each PAID entry ends what was pending."""
    payments = [entry for entry in entries if entry.kind == EntryKind.PAID]
    return len(payments), -sum(entry.pending_paise for entry in payments)


def balance_of(entries: Iterable[Entry]) -> Balance:
    total = Balance()
    for entry in entries:
        total = total.plus(entry)
    return total


@dataclass(frozen=True)
class Mismatch:
    account_id: int
    stored: Balance
    summed: Balance


def mismatches(stored: dict[int, Balance], summed: dict[int, Balance]) -> list[Mismatch]:
    """Accounts whose kept balance is not the sum of their entries, or is negative: `ledger check` fails on any."""
    found = []
    for account_id in sorted(set(stored) | set(summed)):
        kept, added = stored.get(account_id, Balance()), summed.get(account_id, Balance())
        if kept != added or kept.negative:
            found.append(Mismatch(account_id, kept, added))
    return found


def reference_candidates(kind: AccountKind):
    """References to try in turn for a new account, as orders draw theirs, with the kind's letter in front."""
    for length, tries in REFERENCE_TRIES:
        for _ in range(tries):
            yield PREFIXES[kind] + new_reference(length)


# What each movement does to an account. Amounts are paise; a credit's meals are whole meals.


def purchased(account_id: int, meals: int, price_paise: int, at: datetime) -> Entry:
    return Entry(account_id, EntryKind.PURCHASED, at, pending_paise=meals * price_paise)


def confirmed(account_id: int, meals: int, price_paise: int, at: datetime) -> Entry:
    amount = meals * price_paise
    return Entry(account_id, EntryKind.CONFIRMED, at, meals=meals, paise=amount, pending_paise=-amount)


def credit_meal_allocated(account_id: int, price_paise: int, order_id: int | None, at: datetime) -> Entry:
    return Entry(account_id, EntryKind.ALLOCATED, at, meals=-1, paise=-price_paise, order_id=order_id)


def renewed(account_id: int, amount_paise: int, at: datetime, note: str = "") -> Entry:
    return Entry(account_id, EntryKind.RENEWED, at, paise=amount_paise, note=note)


def pledge_allocated(account_id: int, amount_paise: int, order_id: int | None, at: datetime, **more) -> Entry:
    """Set aside for one meal (or one share of it) until the pledger pays the kitchen or the time is up."""
    return Entry(
        account_id, EntryKind.ALLOCATED, at, paise=-amount_paise, pending_paise=amount_paise, order_id=order_id, **more
    )


def released(allocation: Entry, at: datetime, note: str = "") -> Entry:
    """An allocation given back whole: what it took comes back, what it left pending goes."""
    return Entry(
        allocation.account_id,
        EntryKind.RELEASED,
        at,
        meals=-allocation.meals,
        paise=-allocation.paise,
        pending_paise=-allocation.pending_paise,
        order_id=allocation.order_id,
        share_id=allocation.share_id,
        settles=allocation.id,
        note=note,
    )


def paid(promise: Entry, at: datetime, note: str = "") -> Entry:
    """The kitchen has the money a pledge allocation or a contributor's promise left pending."""
    return Entry(
        promise.account_id,
        EntryKind.PAID,
        at,
        pending_paise=-promise.pending_paise,
        order_id=promise.order_id,
        share_id=promise.share_id,
        settles=promise.id,
        note=note,
    )


def lapsed(account_id: int, balance: Balance, at: datetime, note: str = "") -> Entry:
    """What is left available goes: a month ended, or the pledge or campaign did."""
    return Entry(account_id, EntryKind.LAPSED, at, meals=-balance.meals, paise=-balance.paise, note=note)


def opened(account_id: int, needed_paise: int, at: datetime) -> Entry:
    return Entry(account_id, EntryKind.OPENED, at, paise=needed_paise)


def committed(account_id: int, amount_paise: int, share_id: int, at: datetime, order_id: int | None) -> Entry:
    """A contributor's promise toward the campaign's order: the campaign needs that much less, and it is
    pending until paid."""
    return Entry(
        account_id,
        EntryKind.COMMITTED,
        at,
        paise=-amount_paise,
        pending_paise=amount_paise,
        share_id=share_id,
        order_id=order_id,
    )


def promise_lapsed(promise: Entry, at: datetime, note: str = "") -> Entry:
    """A promise that came to nothing: the campaign needs it again, and nothing is pending for it."""
    return Entry(
        promise.account_id,
        EntryKind.LAPSED,
        at,
        paise=-promise.paise,
        pending_paise=-promise.pending_paise,
        order_id=promise.order_id,
        share_id=promise.share_id,
        settles=promise.id,
        note=note,
    )
