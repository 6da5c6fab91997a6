"""16 clients allocate meals from what was given ahead. The ledger's CHECKs must not let any be taken twice.

Two ways, alternated in the same run (the machine's speed changes between runs, not within one):

* ours: each attempt is one unit of work, as a donor's `USE PLEDGE` is: the oldest credit at the kitchen
  with a meal left (`flows.giving.funding.take_meal_funding`), else the pledge that fits best; commit.
* bare SQL: the floor. The same clients, each on its own psycopg connection, run only the guarded
  `INSERT … SELECT … FROM ledger_balances … FOR UPDATE` on one credit's balance in one transaction, moving
  to the next credit when it is empty.

Each round gives CREDITS credits of CREDIT_MEALS meals at one kitchen (the bare clients start at one credit
each, spread; ours pick the oldest, as the rule says) and no pledges; every client stops at its first refusal.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bench.reservations import Client, Report, Tally, run_clients
from compose import Services
from domain.geo import Point
from domain.giving.credits import Credit
from domain.giving.ledger import AccountKind, confirmed, purchased, reference_candidates
from flows.admin import NewKitchen, add_kitchen
from flows.giving.funding import take_meal_funding
from models import tables

PHONES = itertools.count(1)
CLIENTS = 16
CREDITS = 40
CREDIT_MEALS = 50  # 2,000 meals a round
PRICE_PAISE = 6000
ROUNDS = 3
SPOT = Point(13.0604, 80.2496)
OURS = "ours (unit of work, `take_meal_funding`)"
BARE = "bare SQL (psycopg: guarded INSERT)"

BARE_TAKE = """
    INSERT INTO ledger_entries (account_id, kind, meals, paise, pending_paise, at, note)
    SELECT b.account_id, 'allocated', -1, -%s, 0, now(), ''
    FROM ledger_balances b WHERE b.account_id = %s AND b.meals >= 1
    FOR UPDATE
    RETURNING id
"""


@dataclass(frozen=True)
class Race:
    way: str
    meals: int
    attempts: int
    successes: int
    errors: int
    seconds: float
    allocated: int  # allocated entries in the ledger for the round's credits
    left: int  # meals left on the round's credits' balances
    negative: int  # balances below zero (PostgreSQL's CHECK makes it 0)

    @property
    def per_second(self) -> float:
        return self.successes / self.seconds

    @property
    def over_allocated(self) -> int:
        return max(0, self.allocated - self.meals)

    @property
    def consistent(self) -> bool:
        return self.errors == 0 and self.negative == 0 and self.allocated == self.successes == self.meals - self.left


def run(services: Services, database_url: str, rounds: int = ROUNDS) -> Report:
    races = []
    for _ in range(rounds):
        races.append(race(services, BARE, lambda kitchen, ids, n: BareClient(database_url, ids, n)))
        races.append(race(services, OURS, lambda kitchen, ids, n: ours_client(services, kitchen)))
    return Report(races)


def race(services: Services, way: str, make_client: Callable[[int, list[int], int], Client]) -> Race:
    kitchen_id, credit_ids = given_ahead(services)
    clients = [make_client(kitchen_id, credit_ids, number) for number in range(CLIENTS)]
    tallies, seconds = run_clients(clients)
    allocated, left, negative = ledger(services, credit_ids)
    return Race(
        way=way,
        meals=CREDITS * CREDIT_MEALS,
        attempts=sum(tally.attempts for tally in tallies),
        successes=sum(tally.successes for tally in tallies),
        errors=sum(tally.errors for tally in tallies),
        seconds=seconds,
        allocated=allocated,
        left=left,
        negative=negative,
    )


def given_ahead(services: Services) -> tuple[int, list[int]]:
    now = datetime.now(UTC)
    phone = f"+9198100{next(PHONES):05d}"
    new = NewKitchen(
        "Bench Kitchen", phone, 13.0612, 80.2478, 10_000, PRICE_PAISE // 100, "bench@upi", True, hours="0-24"
    )
    credit_ids = []
    with services.uow() as uow:
        kitchen_id = add_kitchen(uow, new, now).id
    with services.uow() as uow:
        for _ in range(CREDITS):
            account_id, reference = uow.ledger.open_account(
                AccountKind.CREDIT, reference_candidates(AccountKind.CREDIT)
            )
            credit = Credit(
                reference, None, kitchen_id, CREDIT_MEALS, PRICE_PAISE, now, status="confirmed", id=account_id
            )
            uow.credits.add(credit)
            uow.ledger.record(purchased(account_id, CREDIT_MEALS, PRICE_PAISE, now))
            uow.ledger.record(confirmed(account_id, CREDIT_MEALS, PRICE_PAISE, now))
            credit_ids.append(account_id)
        uow.commit()
    return kitchen_id, credit_ids


def ours_client(services: Services, kitchen_id: int) -> Client:
    def allocate(tally: Tally) -> bool:
        tally.attempts += 1
        try:
            with services.uow() as uow:
                taken = take_meal_funding(uow, kitchen_id, SPOT, datetime.now(UTC), True, None, PRICE_PAISE)
                uow.commit()
        except SQLAlchemyError:
            tally.errors += 1
            return False
        tally.successes += taken is not None
        return taken is not None

    return allocate


class BareClient:
    """One psycopg connection; starts at its own credit and moves on when one is empty."""

    def __init__(self, database_url: str, credit_ids: list[int], number: int):
        self.connection = psycopg.connect(database_url)
        self.credits = credit_ids[number % len(credit_ids) :] + credit_ids[: number % len(credit_ids)]

    def __call__(self, tally: Tally) -> bool:
        while self.credits:
            tally.attempts += 1
            try:
                with self.connection.transaction(), self.connection.cursor() as cursor:
                    taken = cursor.execute(BARE_TAKE, (PRICE_PAISE, self.credits[0])).fetchone() is not None
            except psycopg.Error:
                tally.errors += 1
                return False
            if taken:
                tally.successes += 1
                return True
            self.credits.pop(0)
        return False

    def close(self) -> None:
        self.connection.close()


def ledger(services: Services, credit_ids: list[int]) -> tuple[int, int, int]:
    entries, balances = tables.ledger_entries.c, tables.ledger_balances.c
    mine = balances.account_id.in_(credit_ids)
    with services.engine.connect() as connection:
        allocated = connection.scalar(
            select(func.count()).where(entries.account_id.in_(credit_ids), entries.kind == "allocated")
        )
        left = connection.scalar(select(func.coalesce(func.sum(balances.meals), 0)).where(mine))
        negative = connection.scalar(select(func.count()).where(mine, balances.meals < 0))
    return allocated, left, negative
