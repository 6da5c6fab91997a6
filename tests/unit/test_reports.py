"""When an order's step is late, and the figures the dashboard reports: pure rules, no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.attention import GRACE, StepTimes, due_at, late_by
from domain.orders import Order
from domain.reports import KitchenAnswers, Period

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
TIMES = StepTimes(kitchen_answer_minutes=5, kitchen_wait_minutes=30, payment_minutes=30)
MINUTE = timedelta(minutes=1)


def order(status: str, **moments: datetime) -> Order:
    return Order("K7QX", donor_id=1, created_at=NOW, status=status, updated_at=NOW, **moments)


@pytest.mark.parametrize(
    ("made", "due"),
    [
        (order("SAFETY_CHECK"), NOW + 2 * MINUTE),
        (order("VENDOR_SELECTION", kitchen_asked_at=NOW + MINUTE), NOW + 6 * MINUTE),
        (order("WAITING_FOR_KITCHEN"), NOW + 30 * MINUTE),
        (order("PAYMENT_REDIRECT", payment_asked_at=NOW), NOW + 30 * MINUTE),
        (order("PAYMENT_CONFIRMED"), NOW + 120 * MINUTE),
        (order("IN_TRANSIT"), NOW + 120 * MINUTE),
    ],
)
def test_each_timed_step_is_due_when_its_sweep_or_its_person_should_have_moved_it(made, due):
    assert due_at(made, TIMES) == due
    assert late_by(made, TIMES, due + GRACE) is None  # the sweeps' grace
    assert late_by(made, TIMES, due + GRACE + MINUTE) == GRACE + MINUTE


@pytest.mark.parametrize(
    "made",
    [
        order("CREATED"),  # the donor has not sent a pin: nobody owes anything
        order("VENDOR_SELECTION"),  # the donor is choosing from the list
        order("PAYMENT_REDIRECT", payment_asked_at=NOW, donor_paid_at=NOW),  # a claim: flagged apart
        order("DELIVERED"),  # a rating is optional
        order("COMPLETED"),
        order("CANCELLED"),
    ],
)
def test_steps_that_wait_on_nobody_in_particular_are_never_late(made):
    assert due_at(made, TIMES) is None
    assert late_by(made, TIMES, NOW + timedelta(days=3)) is None


def test_a_period_is_india_days_both_ends_included():
    week = Period.ending(date(2026, 11, 26), 7)
    assert (week.first, week.last, len(week.days())) == (date(2026, 11, 20), date(2026, 11, 26), 7)
    assert week.start.isoformat() == "2026-11-20T00:00:00+05:30"
    assert week.end.isoformat() == "2026-11-27T00:00:00+05:30"


def test_a_kitchen_never_asked_has_no_rates_rather_than_bad_ones():
    assert (KitchenAnswers().acceptance_rate, KitchenAnswers().timeout_rate) == (None, None)
    answers = KitchenAnswers(asked=8, accepted=5, declined=1, timed_out=2)
    assert (answers.acceptance_rate, answers.timeout_rate) == (0.625, 0.25)
