"""In-memory fakes of the ledger and the giving repositories: the same rules, no database.

The fake ledger refuses what PostgreSQL's CHECKs refuse (a balance below zero), so the dialogues
meet the same answers the real one gives; the races themselves are tested on the real database.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from domain.geo import Point, distance_m
from domain.giving.campaigns import NEAR_NOTICES_A_DAY, Alert, Campaign, Share
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

    def get(self, credit_id: int) -> Credit | None:
        return self.rows.get(credit_id)

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


class FakeCampaigns:
    def __init__(self, people):
        self.people = people
        self.rows: dict[int, Campaign] = {}
        self.share_rows: dict[int, Share] = {}
        self.share_ids = itertools.count(1)
        self.alerts: dict[int, Alert] = {}
        self.told: dict[int, tuple[date, int]] = {}

    def add(self, campaign: Campaign) -> Campaign:
        self.rows[campaign.id] = campaign
        return campaign

    def get(self, campaign_id: int) -> Campaign | None:
        return self.rows.get(campaign_id)

    def by_reference(self, reference: str) -> Campaign | None:
        return next((row for row in self.rows.values() if row.reference == reference.upper()), None)

    def for_order(self, order_id: int) -> Campaign | None:
        return next((row for row in self.rows.values() if row.order_id == order_id), None)

    def all(self) -> list[Campaign]:
        return sorted(self.rows.values(), key=lambda row: (row.created_at, row.id))

    def add_share(self, share: Share) -> Share:
        share.id = next(self.share_ids)
        self.share_rows[share.id] = share
        return share

    def drop_share(self, share: Share) -> None:
        del self.share_rows[share.id]

    def shares(self, campaign_id: int) -> list[Share]:
        return sorted((s for s in self.share_rows.values() if s.campaign_id == campaign_id), key=lambda s: s.number)

    def share(self, campaign_id: int, number: int) -> Share | None:
        return next((s for s in self.shares(campaign_id) if s.number == number), None)

    def of_person(self, person_id: int) -> list[Share]:
        return [s for s in self.share_rows.values() if s.person_id == person_id]

    def set_alert(self, alert: Alert, at) -> None:
        self.alerts[alert.person_id] = alert

    def drop_alert(self, person_id: int) -> None:
        self.alerts.pop(person_id, None)

    def alerts_near(self, point: Point) -> list[Alert]:
        return [a for a in self.alerts.values() if distance_m(Point(a.lat, a.lng), point) <= a.radius_m]

    def count_alert(self, person_id: int, day: date) -> bool:
        told_on, count = self.told.get(person_id, (None, 0))
        count = count if told_on == day else 0
        if count >= NEAR_NOTICES_A_DAY:
            return False
        self.told[person_id] = (day, count + 1)
        return True
