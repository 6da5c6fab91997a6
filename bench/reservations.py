"""32 clients race for the meals of one kitchen's day. The guarded UPDATE must not oversell any.

Each attempt is one unit of work, as a donor's order is: reload the kitchen, reserve a meal,
commit. Every client stops at its first refusal (the day is full).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from compose import Services
from domain.hours import india_day
from flows.admin import NewKitchen, add_kitchen
from models import tables

CLIENTS = 32
CAPACITY = 2_000


@dataclass
class Tally:
    attempts: int = 0
    successes: int = 0
    errors: int = 0


@dataclass(frozen=True)
class Report:
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


def run(services: Services) -> Report:
    now = datetime.now(UTC)
    day = india_day(now)
    kitchen_id = create_kitchen(services, now)
    tallies = [Tally() for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS + 1)

    def client(tally: Tally) -> None:
        start.wait()
        while reserve(services, kitchen_id, day, tally):
            pass

    threads = [threading.Thread(target=client, args=(tally,)) for tally in tallies]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    reserved, logged = ledger(services, kitchen_id, day)
    return Report(
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
        phone="+919800000001",
        lat=13.0827,
        lng=80.2707,
        capacity=CAPACITY,
        price_rupees=40,
        upi="bench@upi",
        verified=True,
    )
    with services.uow() as uow:
        return add_kitchen(uow, new, now).id


def reserve(services: Services, kitchen_id: int, day: date, tally: Tally) -> bool:
    """One attempt; True while the client should go on (a meal was taken)."""
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


def ledger(services: Services, kitchen_id: int, day: date) -> tuple[int, int]:
    """The day's reserved count, and what the capacity log adds up to for it."""
    days, log = tables.kitchen_days.c, tables.capacity_log.c
    with services.engine.connect() as connection:
        reserved = connection.scalar(select(days.reserved).where(days.kitchen_id == kitchen_id, days.day == day))
        logged = connection.scalar(
            select(func.coalesce(func.sum(log.change), 0)).where(log.kitchen_id == kitchen_id, log.day == day)
        )
    return reserved or 0, logged
