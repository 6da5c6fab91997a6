"""Meal credits ("a meal on the wall"): meals a donor paid a kitchen for ahead, for anyone Ketpaar sends there.

`CREDIT 10` (at the kitchen of the donor's last order) or `CREDIT 10 AMMA` (by the kitchen's short
name), with optional limits: a window of the day (`LUNCH`, `11-15`) and `SMS`, for SMS FEED requests
only. The credit is pending until the kitchen replies `RECEIVED <ref>`; then its meals are available.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.commands import read_number
from domain.giving.windows import Window, fits, parse_window, window_of

MAX_CREDIT_MEALS = 100  # a UPI payment of more is unusual, and a typo of 1000 should not be taken at its word
SMS_ONLY = "SMS"


class CreditStatus(StrEnum):
    PENDING = "pending"  # the donor has the UPI link; the kitchen has not confirmed the money
    CONFIRMED = "confirmed"  # the kitchen has the money: the meals are available


class CreditProblem(StrEnum):
    NO_NUMBER = "no_number"  # CREDIT alone, or a word where the number of meals goes
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class CreditRequest:
    meals: int
    kitchen_name: str  # "" when the donor means the kitchen of their last order
    window: Window | None
    sms_only: bool


def parse_credit(args: tuple[str, ...]) -> CreditRequest | CreditProblem:
    meals = read_number(args[0]) if args else None
    if meals is None or meals < 1:
        return CreditProblem.NO_NUMBER
    if meals > MAX_CREDIT_MEALS:
        return CreditProblem.TOO_MANY
    window, sms_only, name = None, False, []
    for word in args[1:]:
        if word.upper() == SMS_ONLY:
            sms_only = True
        elif window is None and (found := parse_window(word)) is not None:
            window = found
        else:
            name.append(word)
    return CreditRequest(meals, " ".join(name), window, sms_only)


_NOT_LETTERS = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """A kitchen's name as matched against a short name: letters and digits only, in lower case."""
    return _NOT_LETTERS.sub("", name).casefold()


def named(kitchen_name: str, short_name: str) -> bool:
    """`AMMA` names "Amma Mess"; `ammamess` and `Amma M` do too."""
    key = name_key(short_name)
    return bool(key) and name_key(kitchen_name).startswith(key)


@dataclass(eq=False)
class Credit:
    reference: str
    donor_id: int | None  # None once the donor erased their data; the kitchen's meals stay
    kitchen_id: int
    meals: int
    price_paise: int
    created_at: datetime
    window_start: int | None = None
    window_end: int | None = None
    sms_only: bool = False
    status: str = CreditStatus.PENDING.value
    confirmed_at: datetime | None = None
    id: int | None = None  # the ledger account's id

    @property
    def amount_paise(self) -> int:
        return self.meals * self.price_paise

    @property
    def window(self) -> Window | None:
        return window_of(self.window_start, self.window_end)

    @property
    def pending(self) -> bool:
        return self.status == CreditStatus.PENDING

    def confirm(self, at: datetime) -> None:
        self.status, self.confirmed_at = CreditStatus.CONFIRMED.value, at

    def usable_for(self, at: datetime, by_sms: bool) -> bool:
        """Its window is open and, if it is for SMS requests only, the request came by SMS."""
        return not self.pending and fits(self.window, at) and (by_sms or not self.sms_only)


def usable_in_order(credits: list[Credit], at: datetime, by_sms: bool) -> list[Credit]:
    """The credits a meal may use now, oldest first: the money that has waited longest feeds first."""
    usable = [credit for credit in credits if credit.usable_for(at, by_sms)]
    return sorted(usable, key=lambda credit: (credit.created_at, credit.id or 0))
