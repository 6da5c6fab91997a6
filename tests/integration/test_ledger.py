"""The ledger on PostgreSQL: balances kept by a trigger, never below zero, entries never changed, and
`ledger check` that finds a balance that is not the sum of its entries."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.web.app import create_app
from domain.giving.ledger import AccountKind, Balance, confirmed, credit_meal_allocated, purchased, reference_candidates


def open_credit(services, meals: int) -> int:
    """A confirmed credit account of `meals` meals at ₹60, as the ledger sees it."""
    now = services.clock()
    with services.uow() as uow:
        account_id, _ = uow.ledger.open_account(AccountKind.CREDIT, reference_candidates(AccountKind.CREDIT))
        uow.ledger.record(purchased(account_id, meals, 6000, now))
        uow.ledger.record(confirmed(account_id, meals, 6000, now))
        uow.commit()
    return account_id


def test_a_balance_is_the_sum_of_its_entries_kept_by_postgresql(services):
    account_id = open_credit(services, 3)
    with services.uow() as uow:
        assert uow.ledger.take(credit_meal_allocated(account_id, 6000, None, services.clock())) is not None
        uow.commit()
    with services.uow() as uow:
        assert uow.ledger.balance(account_id) == Balance(meals=2, paise=12000, pending_paise=0)
        assert uow.ledger.summed_balances()[account_id] == uow.ledger.balance(account_id)


def test_postgresql_refuses_an_entry_that_takes_a_balance_below_zero(services):
    account_id = open_credit(services, 1)
    with services.uow() as uow:
        uow.ledger.record(credit_meal_allocated(account_id, 6000, None, services.clock()))
        with pytest.raises(IntegrityError, match="ledger_balances_meals_not_negative"):
            uow.ledger.record(credit_meal_allocated(account_id, 6000, None, services.clock()))


def test_a_guarded_entry_is_not_written_when_the_balance_cannot_give_it(services):
    account_id = open_credit(services, 1)
    with services.uow() as uow:
        first = uow.ledger.take(credit_meal_allocated(account_id, 6000, None, services.clock()))
        second = uow.ledger.take(credit_meal_allocated(account_id, 6000, None, services.clock()))
        uow.commit()
    assert first is not None and second is None
    with services.uow() as uow:
        assert [entry.kind for entry in uow.ledger.entries(account_id)] == ["purchased", "confirmed", "allocated"]


@pytest.mark.parametrize("statement", ["UPDATE ledger_entries SET paise = 0", "DELETE FROM ledger_entries"])
def test_entries_are_never_changed_or_deleted(services, statement):
    open_credit(services, 1)
    with services.engine.begin() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))


def test_sixteen_racing_workers_never_take_more_meals_than_a_credit_has(services):
    account_id = open_credit(services, 40)
    taken: list[bool] = []
    start = threading.Barrier(16)

    def worker() -> None:
        start.wait()
        for _ in range(10):
            with services.uow() as uow:
                entry = uow.ledger.take(credit_meal_allocated(account_id, 6000, None, services.clock()))
                uow.commit()
            taken.append(entry is not None)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(taken) == 40 and len(taken) == 160
    with services.uow() as uow:
        assert uow.ledger.balance(account_id) == Balance()


def test_ledger_check_passes_then_fails_on_a_balance_that_is_not_the_sum_of_its_entries(services):
    account_id = open_credit(services, 2)
    runner = create_app(services).test_cli_runner()
    passed = runner.invoke(args=["ledger", "check"])
    assert passed.exit_code == 0, passed.output
    assert passed.output == "ledger check: 1 accounts, every balance is the sum of its entries\n"
    with services.engine.begin() as connection:  # what no code path does: a balance changed beside its entries
        connection.execute(text("UPDATE ledger_balances SET meals = 5 WHERE account_id = :id"), {"id": account_id})
    failed = runner.invoke(args=["ledger", "check"])
    assert failed.exit_code == 1
    assert f"account {account_id}: kept {{'meals': 5" in failed.output
