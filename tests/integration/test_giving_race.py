"""The ledger under a race, on the real stack: 16 worker processes allocate 10,000 meals against 1,000 meal
credits and 200 pledges (2,000 meals at ₹60), one of them killed with SIGKILL mid-run. Afterwards `ledger
check` passes, no balance is negative, and the meals allocated are exactly the credits' meals and the
pledges' amounts: none twice, none lost.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from sqlalchemy import func, select

from bot.web.app import create_app
from domain.giving.credits import Credit
from domain.giving.ledger import AccountKind, Balance, confirmed, purchased, reference_candidates, renewed
from domain.giving.pledges import Pledge, month_of
from flows import admin
from models import tables
from tests.support.processes import ROOT, wait_for

WORKERS = 16
ATTEMPTS = 10_000
KITCHENS = 4
CREDITS = 100  # of 10 meals each: 1,000 meals
CREDIT_MEALS = 10
PLEDGES = 200  # of ₹600 each: 2,000 meals at ₹60
PLEDGE_PAISE = 60_000
PRICE_PAISE = 6_000


def given_ahead(services) -> list[int]:
    """Four kitchens, 1,000 confirmed credit meals among them, 200 general pledges; returns the kitchens' ids."""
    now = services.clock()
    kitchen_ids = []
    for number in range(KITCHENS):
        new = admin.NewKitchen(
            f"Race {number}", f"+9198000005{number:02d}", 13.0612, 80.2478, 1000, 60, "r@okaxis", True
        )
        with services.uow() as uow:
            kitchen_ids.append(admin.add_kitchen(uow, new, now).id)
    with services.uow() as uow:
        for number in range(CREDITS):
            account_id, reference = uow.ledger.open_account(
                AccountKind.CREDIT, reference_candidates(AccountKind.CREDIT)
            )
            kitchen_id = kitchen_ids[number % KITCHENS]
            uow.credits.add(
                Credit(reference, None, kitchen_id, CREDIT_MEALS, PRICE_PAISE, now, status="confirmed", id=account_id)
            )
            uow.ledger.record(purchased(account_id, CREDIT_MEALS, PRICE_PAISE, now))
            uow.ledger.record(confirmed(account_id, CREDIT_MEALS, PRICE_PAISE, now))
        for _ in range(PLEDGES):
            account_id, reference = uow.ledger.open_account(
                AccountKind.PLEDGE, reference_candidates(AccountKind.PLEDGE)
            )
            uow.pledges.add(Pledge(reference, None, PLEDGE_PAISE, False, now, month_of(now), id=account_id))
            uow.ledger.record(renewed(account_id, PLEDGE_PAISE, now))
        uow.commit()
    return kitchen_ids


def allocated(services) -> int:
    entries = tables.ledger_entries.c
    with services.engine.connect() as connection:
        return connection.scalar(select(func.count()).where(entries.kind == "allocated"))


def test_sixteen_workers_one_killed_never_allocate_more_than_was_given(services, stack):
    kitchen_ids = given_ahead(services)
    env = {**os.environ, **stack, "KETPAAR_ENV": "development", "PYTHONPATH": str(ROOT)}
    words = [sys.executable, "-m", "tests.support.allocator", str(ATTEMPTS // WORKERS), *map(str, kitchen_ids)]
    workers = [
        subprocess.Popen(words, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(WORKERS)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    doomed = workers[0]
    wait_for(lambda: allocated(services) >= 300, timeout_s=300, what="300 allocations")
    os.kill(doomed.pid, signal.SIGKILL)
    outputs = [worker.communicate(timeout=900)[0] for worker in workers]
    assert doomed.returncode == -signal.SIGKILL
    assert [worker.returncode for worker in workers[1:]] == [0] * (WORKERS - 1), outputs

    runner = create_app(services).test_cli_runner()
    checked = runner.invoke(args=["ledger", "check"])
    assert checked.exit_code == 0, checked.output
    with services.uow() as uow:
        stored = uow.ledger.stored_balances()
        credits = [balance for kitchen_id in kitchen_ids for _, balance in uow.credits.at_kitchen(kitchen_id)]
        pledges = [stored[pledge.id] for pledge in uow.pledges.all()]
    assert all(not balance.negative for balance in stored.values())
    # Every credit meal and every pledged rupee was allocated, each once: 15 surviving workers made at least
    # 9,375 attempts for 3,000 meals.
    assert credits == [Balance()] * CREDITS
    assert pledges == [Balance(paise=0, pending_paise=PLEDGE_PAISE)] * PLEDGES
    assert allocated(services) == CREDITS * CREDIT_MEALS + PLEDGES * PLEDGE_PAISE // PRICE_PAISE
