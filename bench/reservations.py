"""32 clients race for the meals of one kitchen's day. The guarded UPDATE must not oversell any.

Two ways, alternated in the same run (the machine's speed changes between runs, not within one):

* ours: each attempt is one unit of work, as a donor's order is: reload the kitchen, reserve a meal
  (`KitchenRepository.reserve_meal`), commit.
* bare SQL: the floor. The same clients, each on its own psycopg connection, run only the guarded
  `UPDATE … RETURNING` and the capacity log's `INSERT` in one transaction.

Every client stops at its first refusal (the day is full). Each way gets its own kitchen per round.
"""

from __future__ import annotations

import itertools
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import psycopg
from sqlalchemy import func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from compose import Services
from domain.hours import india_day
from flows.admin import NewKitchen, add_kitchen
from models import tables

PHONES = itertools.count(1)  # each race's kitchen has its own number
CLIENTS = 32
CAPACITY = 2_000
ROUNDS = 3  # each round runs bare SQL, then ours; the table shows the medians
OURS = "ours (unit of work, `reserve_meal`)"
BARE = "bare SQL (psycopg: UPDATE + INSERT)"

BARE_UPDATE = """
    UPDATE kitchen_days SET reserved = reserved + 1
    WHERE kitchen_id = %s AND day = %s AND reserved < capacity
    RETURNING reserved
"""
BARE_LOG = "INSERT INTO capacity_log (kitchen_id, day, order_id, change, reason) VALUES (%s, %s, NULL, 1, 'reserved')"


@dataclass
class Tally:
    attempts: int = 0
    successes: int = 0
    errors: int = 0


@dataclass(frozen=True)
class Race:
    way: str
    clients: int
    capacity: int
    attempts: int
    successes: int
    errors: int
    seconds: float
    reserved: int  # kitchen_days.reserved at the end
    logged: int  # sum of capacity_log.change for the kitchen and day

    @property
    def per_second(self) -> float:
        return self.successes / self.seconds

    @property
    def oversold(self) -> int:
        return self.successes - self.capacity

    @property
    def consistent(self) -> bool:
        """Nothing oversold, no error, and the log adds up to what was reserved."""
        return self.oversold <= 0 and self.errors == 0 and self.logged == self.reserved == self.successes


@dataclass(frozen=True)
class Report:
    """A race benchmark's rounds (this one's and the allocations'): each way's races and their median rate."""

    races: list  # in the order run: bare, ours, bare, ours, …

    def of(self, way: str) -> list[Race]:
        return [race for race in self.races if race.way == way]

    def median_rate(self, way: str) -> float:
        return statistics.median(race.per_second for race in self.of(way))

    @property
    def consistent(self) -> bool:
        return all(race.consistent for race in self.races)


def run(services: Services, database_url: str, rounds: int = ROUNDS) -> Report:
    races = []
    for _ in range(rounds):
        races.append(race(services, BARE, lambda kitchen_id, day: BareClient(database_url, kitchen_id, day)))
        races.append(race(services, OURS, lambda kitchen_id, day: ours_client(services, kitchen_id, day)))
    return Report(races)


Client = Callable[[Tally], bool]  # one attempt; True while the client should go on


def run_clients(attempts: list[Client]) -> tuple[list[Tally], float]:
    """Each client in its own thread, all let go at once, attempting until it says stop; their tallies and
    the seconds from the start to the last one's end. A client with `close()` is closed after."""
    tallies = [Tally() for _ in attempts]
    start = threading.Barrier(len(attempts) + 1)

    def client(tally: Tally, attempt: Client) -> None:
        start.wait()
        while attempt(tally):
            pass

    threads = [threading.Thread(target=client, args=pair) for pair in zip(tallies, attempts, strict=True)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    for attempt in attempts:
        getattr(attempt, "close", lambda: None)()
    return tallies, seconds


def race(services: Services, way: str, make_client: Callable[[int, date], Client]) -> Race:
    """A new kitchen with CAPACITY meals today, and CLIENTS clients made for it taking them all."""
    now = datetime.now(UTC)
    day = india_day(now)
    kitchen_id = create_kitchen(services, now)
    if way == BARE:  # the bare client does not create the day's row; ours does, on the first reservation
        with services.engine.begin() as connection:
            connection.execute(
                insert(tables.kitchen_days).values(kitchen_id=kitchen_id, day=day, capacity=CAPACITY, reserved=0)
            )
    attempts = [make_client(kitchen_id, day) for _ in range(CLIENTS)]
    tallies, seconds = run_clients(attempts)
    reserved, logged = ledger(services, kitchen_id, day)
    return Race(
        way=way,
        clients=CLIENTS,
        capacity=CAPACITY,
        attempts=sum(tally.attempts for tally in tallies),
        successes=sum(tally.successes for tally in tallies),
        errors=sum(tally.errors for tally in tallies),
        seconds=seconds,
        reserved=reserved,
        logged=logged,
    )


def create_kitchen(services: Services, now: datetime) -> int:
    new = NewKitchen(
        name="Bench Kitchen",
        phone=f"+9198000{next(PHONES):05d}",
        lat=13.0827,
        lng=80.2707,
        capacity=CAPACITY,
        price_rupees=40,
        upi="bench@upi",
        verified=True,
    )
    with services.uow() as uow:
        return add_kitchen(uow, new, now).id


def ours_client(services: Services, kitchen_id: int, day: date) -> Client:
    def reserve(tally: Tally) -> bool:
        tally.attempts += 1
        try:
            with services.uow() as uow:
                kitchen = uow.kitchens.get(kitchen_id)
                taken = uow.kitchens.reserve_meal(kitchen, day, None)
                uow.commit()
        except SQLAlchemyError:
            tally.errors += 1
            return False  # an error is not expected; this client stops and the report shows it
        tally.successes += taken
        return taken

    return reserve


class BareClient:
    """One psycopg connection, opened before the race starts."""

    def __init__(self, database_url: str, kitchen_id: int, day: date):
        self.connection = psycopg.connect(database_url)
        self.kitchen_id, self.day = kitchen_id, day

    def __call__(self, tally: Tally) -> bool:
        tally.attempts += 1
        try:
            with self.connection.transaction(), self.connection.cursor() as cursor:
                taken = cursor.execute(BARE_UPDATE, (self.kitchen_id, self.day)).fetchone() is not None
                if taken:
                    cursor.execute(BARE_LOG, (self.kitchen_id, self.day))
        except psycopg.Error:
            tally.errors += 1
            return False
        tally.successes += taken
        return taken

    def close(self) -> None:
        self.connection.close()


def ledger(services: Services, kitchen_id: int, day: date) -> tuple[int, int]:
    """The day's reserved count, and what the capacity log adds up to for it."""
    days, log = tables.kitchen_days.c, tables.capacity_log.c
    with services.engine.connect() as connection:
        reserved = connection.scalar(select(days.reserved).where(days.kitchen_id == kitchen_id, days.day == day))
        logged = connection.scalar(
            select(func.coalesce(func.sum(log.change), 0)).where(log.kitchen_id == kitchen_id, log.day == day)
        )
    return reserved or 0, logged
