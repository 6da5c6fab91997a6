"""In-memory fakes of the ledger and the giving repositories: the same rules, no database.

The fake ledger refuses what PostgreSQL's CHECKs refuse (a balance below zero), so the dialogues
meet the same answers the real one gives; the races themselves are tested on the real database.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from domain.geo import Point, distance_m
from domain.giving.credits import Credit, CreditStatus
from domain.giving.ledger import AccountKind, Balance, Entry, EntryKind, balance_of
from domain.giving.pledges import Pledge, PledgeStatus


class BalanceBelowZero(AssertionError):
    """What PostgreSQL's CHECK would raise: a flow recorded an entry it should have taken."""


class FakeLedger:
    def __init__(self):
        self.opened: dict[int, tuple[AccountKind, str]] = {}
        self.rows: list[Entry] = []
        self.ids = itertools.count(1)
        self.entry_ids = itertools.count(1)

    def open_account(self, kind: AccountKind, references: Iterator[str]) -> tuple[int, str]:
        taken = {reference for _, reference in self.opened.values()}
        reference = next(reference for reference in references if reference not in taken)
        account_id = next(self.ids)
        self.opened[account_id] = (kind, reference)
        return account_id, reference

    def record(self, entry: Entry) -> Entry:
        if self.balance(entry.account_id).plus(entry).negative:
            raise BalanceBelowZero(entry)
        return self._write(entry)

    def take(self, entry: Entry, wait: bool = True) -> Entry | None:
        if self.balance(entry.account_id).plus(entry).negative:
            return None
        return self._write(entry)

    def _write(self, entry: Entry) -> Entry:
        if entry.settles is not None and any(row.settles == entry.settles for row in self.rows):
            raise AssertionError(f"entry {entry.settles} is settled twice")  # the unique index's refusal
        written = replace(entry, id=next(self.entry_ids))
        self.rows.append(written)
        return written

    def balance(self, account_id: int) -> Balance:
        return balance_of(entry for entry in self.rows if entry.account_id == account_id)

    def locked_balance(self, account_id: int) -> Balance:
        return self.balance(account_id)

    def entries(self, account_id: int) -> list[Entry]:
        return [entry for entry in self.rows if entry.account_id == account_id]

    def of_order(self, order_id: int) -> list[Entry]:
        return [entry for entry in self.rows if entry.order_id == order_id]

    def unsettled(self, order_id: int, kind: EntryKind) -> list[Entry]:
        settled = {entry.settles for entry in self.rows}
        return [entry for entry in self.of_order(order_id) if entry.kind == kind and entry.id not in settled]

    def stored_balances(self) -> dict[int, Balance]:
        return {account_id: self.balance(account_id) for account_id in self.opened}

    def summed_balances(self) -> dict[int, Balance]:
        return self.stored_balances()

    def accounts(self) -> list:
        return [(account_id, kind, reference, None) for account_id, (kind, reference) in self.opened.items()]


class FakeCredits:
    def __init__(self, ledger: FakeLedger):
        self.ledger = ledger
        self.rows: dict[int, Credit] = {}

    def add(self, credit: Credit) -> Credit:
        self.rows[credit.id] = credit
        return credit

    def by_reference(self, reference: str) -> Credit | None:
        return next((credit for credit in self.rows.values() if credit.reference == reference.upper()), None)

    def at_kitchen(self, kitchen_id: int) -> list[tuple[Credit, Balance]]:
        return [
            (credit, self.ledger.balance(credit.id))
            for credit in self._oldest_first()
            if credit.kitchen_id == kitchen_id
        ]

    def usable_at(self, kitchen_id: int) -> list[Credit]:
        return [
            credit
            for credit, balance in self.at_kitchen(kitchen_id)
            if credit.status == CreditStatus.CONFIRMED and balance.meals > 0
        ]

    def of_donor(self, donor_id: int) -> list[Credit]:
        return [credit for credit in self._oldest_first() if credit.donor_id == donor_id]

    def _oldest_first(self) -> list[Credit]:
        return sorted(self.rows.values(), key=lambda credit: (credit.created_at, credit.id))


class FakePledges:
    def __init__(self, ledger: FakeLedger):
        self.ledger = ledger
        self.rows: dict[int, Pledge] = {}

    def add(self, pledge: Pledge) -> Pledge:
        self.rows[pledge.id] = pledge
        return pledge

    def get(self, pledge_id: int) -> Pledge | None:
        return self.rows.get(pledge_id)

    def by_reference(self, reference: str) -> Pledge | None:
        return next((pledge for pledge in self.rows.values() if pledge.reference == reference.upper()), None)

    def of_donor(self, donor_id: int) -> list[Pledge]:
        return [pledge for pledge in self.all() if pledge.donor_id == donor_id]

    def all(self) -> list[Pledge]:
        return sorted(self.rows.values(), key=lambda pledge: (pledge.created_at, pledge.id))

    def candidates(self, point: Point, amount_paise: int) -> list[Pledge]:
        return [
            pledge
            for pledge in self.all()
            if pledge.status == PledgeStatus.ACTIVE
            and self.ledger.balance(pledge.id).paise >= amount_paise
            and (pledge.point is None or distance_m(pledge.point, point) <= pledge.radius_m)
        ]

    def due_for_renewal(self, month) -> list[int]:
        return [pledge.id for pledge in self.all() if pledge.monthly and pledge.active and pledge.period < month]
