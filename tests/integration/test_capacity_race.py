"""3,200 reservations from 64 clients race for 1,000 meals, three times: none oversold, and the log adds up.

Each attempt is one unit of work through the real repository, as a donor's choice is: load the
kitchen, reserve a meal, commit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from compose import Services, build_services
from domain.hours import india_day
from flows import admin
from models import tables
from tests.support.stack import wipe

CLIENTS = 64
ATTEMPTS = 3_200
CAPACITY = 1_000


@dataclass
class Tally:
    reserved: int = 0
    refused: int = 0


@pytest.fixture
def pooled(settings, clock):
    """Services with a database connection for every client, so that all of them race at once."""
    built = build_services(settings, clock=clock, pool_size=CLIENTS)
    wipe(built)
    yield built
    built.engine.dispose()


@pytest.mark.parametrize("run", [1, 2, 3])
def test_64_clients_never_get_more_meals_than_pledged(pooled, run):
    services = pooled
    day = india_day(services.clock())
    kitchen_id = kitchen_with(services, CAPACITY, run)
    tallies = [Tally() for _ in range(CLIENTS)]
    errors: list[BaseException] = []
    start = threading.Barrier(CLIENTS)

    def client(tally: Tally) -> None:
        start.wait()
        try:
            for _ in range(ATTEMPTS // CLIENTS):
                reserve(services, kitchen_id, day, tally)
        except Exception as error:  # collected so that the test fails with it
            errors.append(error)

    threads = [threading.Thread(target=client, args=(tally,)) for tally in tallies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    reserved = sum(tally.reserved for tally in tallies)
    assert reserved + sum(tally.refused for tally in tallies) == ATTEMPTS
    assert reserved == CAPACITY  # every meal taken, none twice: 0 oversold
    assert ledger(services, kitchen_id, day) == (CAPACITY, CAPACITY, CAPACITY)


def kitchen_with(services: Services, meals: int, run: int) -> int:
    phone = f"+91980000{run:04d}"
    new = admin.NewKitchen(f"Race Kitchen {run}", phone, 13.0612, 80.2478, meals, 60, "race@okaxis", True)
    with services.uow() as uow:
        return admin.add_kitchen(uow, new, services.clock()).id


def reserve(services: Services, kitchen_id: int, day: date, tally: Tally) -> None:
    with services.uow() as uow:
        kitchen = uow.kitchens.get(kitchen_id)
        taken = uow.kitchens.reserve_meal(kitchen, day, None)
        uow.commit()
    if taken:
        tally.reserved += 1
    else:
        tally.refused += 1


def ledger(services: Services, kitchen_id: int, day: date) -> tuple[int, int, int]:
    """The day's reserved count, what the capacity log adds up to, and how many reservations it holds."""
    days, log = tables.kitchen_days.c, tables.capacity_log.c
    mine = (log.kitchen_id == kitchen_id, log.day == day)
    with services.engine.connect() as connection:
        reserved = connection.scalar(select(days.reserved).where(days.kitchen_id == kitchen_id, days.day == day))
        logged = connection.scalar(select(func.sum(log.change)).where(*mine))
        reservations = connection.scalar(select(func.count()).where(*mine, log.reason == "reserved"))
    return reserved, logged, reservations
