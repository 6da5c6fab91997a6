"""The giving rules in plain Python: the ledger's movements and sums, windows of the day, CREDIT's words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.geo import Point
from domain.giving.commands import parse_giving
from domain.giving.credits import Credit, CreditProblem, CreditStatus, named, parse_credit, usable_in_order
from domain.giving.ledger import (
    AccountKind,
    Balance,
    EntryKind,
    balance_of,
    confirmed,
    credit_meal_allocated,
    mismatches,
    purchased,
    reference_candidates,
    released,
)
from domain.giving.pledges import Fit, Pledge, PledgeProblem, PledgeStatus, by_priority, month_of, parse_pledge
from domain.giving.windows import Window, parse_window

NOON_IN_CHENNAI = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


def test_a_credit_pending_then_confirmed_then_a_meal_allocated_and_released_adds_up():
    at = NOON_IN_CHENNAI
    allocation = credit_meal_allocated(7, 6000, 1, at)
    entries = [purchased(7, 3, 6000, at), confirmed(7, 3, 6000, at), allocation]
    assert balance_of(entries) == Balance(meals=2, paise=12000, pending_paise=0)
    back = released(allocation, at)
    assert (back.kind, back.meals, back.paise, back.order_id) == (EntryKind.RELEASED, 1, 6000, 1)
    assert balance_of([*entries, back]) == Balance(meals=3, paise=18000)


def test_a_kept_balance_that_is_not_the_sum_or_is_below_zero_is_a_mismatch():
    summed = {1: Balance(meals=2), 2: Balance(paise=100)}
    assert mismatches(summed, summed) == []
    assert [m.account_id for m in mismatches({1: Balance(meals=3), 2: Balance(paise=100)}, summed)] == [1]
    assert [m.account_id for m in mismatches({3: Balance(meals=-1)}, {3: Balance(meals=-1)})] == [3]


def test_account_references_carry_their_kind_and_never_an_orders_length():
    credit = next(reference_candidates(AccountKind.CREDIT))
    assert credit.startswith("M") and len(credit) == 5  # an order's is 4, 6 or 8 long
    assert next(reference_candidates(AccountKind.PLEDGE)).startswith("P")
    assert next(reference_candidates(AccountKind.CAMPAIGN)).startswith("C")


@pytest.mark.parametrize(
    ("word", "window"),
    [("LUNCH", Window(660, 900)), ("dinner", Window(1080, 1320)), ("11-15", Window(660, 900)),
     ("22-2", Window(1320, 120)), ("11:30-14", Window(690, 840)), ("AMMA", None), ("11-14,18-21", None),
     ("25-26", None)],
)  # fmt: skip
def test_a_window_is_a_meal_time_or_one_range_of_hours(word, window):
    assert parse_window(word) == window


def test_a_window_is_read_in_india_time_and_may_run_past_midnight():
    assert Window(660, 900).contains(NOON_IN_CHENNAI)
    assert not Window(1080, 1320).contains(NOON_IN_CHENNAI)
    assert Window(1320, 120).contains(NOON_IN_CHENNAI.replace(hour=19))  # 00:30 in Chennai
    assert str(Window(690, 840)) == "11:30-14"


@pytest.mark.parametrize(
    ("args", "read"),
    [((), CreditProblem.NO_NUMBER), (("ten",), CreditProblem.NO_NUMBER), (("0",), CreditProblem.NO_NUMBER),
     (("101",), CreditProblem.TOO_MANY), (("௧௦",), (10, "", None, False)),
     (("10", "Amma", "mess", "LUNCH", "sms"), (10, "Amma mess", Window(660, 900), True)),
     (("3", "11-15", "AMMA"), (3, "AMMA", Window(660, 900), False))],
)  # fmt: skip
def test_credit_reads_meals_then_the_kitchens_name_and_its_limits_in_any_order(args, read):
    request = parse_credit(args)
    if isinstance(request, CreditProblem):
        assert request == read
    else:
        assert (request.meals, request.kitchen_name, request.window, request.sms_only) == read


def test_a_short_name_is_the_start_of_the_kitchens_name_in_letters_only():
    assert named("Amma Mess", "AMMA") and named("Amma Mess", "ammames") and named("Sri's Kitchen", "sris")
    assert not named("Amma Mess", "Mess") and not named("Amma Mess", "")


def credit(created_minute: int, **limits) -> Credit:
    at = NOON_IN_CHENNAI.replace(minute=created_minute)
    return Credit("M2345", 1, 1, 5, 6000, at, status=CreditStatus.CONFIRMED.value, id=created_minute, **limits)


def test_the_oldest_credit_that_may_be_used_now_and_by_this_channel_comes_first():
    lunch, sms_only, dinner = (
        credit(3, window_start=660, window_end=900),
        credit(1, sms_only=True),
        credit(2, window_start=1080, window_end=1320),
    )
    assert usable_in_order([lunch, sms_only, dinner], NOON_IN_CHENNAI, by_sms=True) == [sms_only, lunch]
    assert usable_in_order([lunch, sms_only, dinner], NOON_IN_CHENNAI, by_sms=False) == [lunch]
    pending = credit(0)
    pending.status = CreditStatus.PENDING.value
    assert usable_in_order([pending], NOON_IN_CHENNAI, by_sms=True) == []


@pytest.mark.parametrize(
    ("text", "verb", "args"),
    [("use pledge", "USE PLEDGE", ()), ("CANCEL PLEDGE P7QXK", "CANCEL PLEDGE", ("P7QXK",)),
     ("credit 10 amma", "CREDIT", ("10", "amma")), ("CANCEL K7QX", None, None), ("USE", None, None),
     ("", None, None)],
)  # fmt: skip
def test_giving_commands_are_words_and_two_word_phrases(text, verb, args):
    command = parse_giving(text)
    assert (command.verb, command.args) == (verb, args) if verb else command is None


@pytest.mark.parametrize(
    ("args", "read"),
    [((), PledgeProblem.NO_AMOUNT), (("abc",), PledgeProblem.NO_AMOUNT), (("0",), PledgeProblem.TOO_SMALL),
     (("9",), PledgeProblem.TOO_SMALL), (("100001",), PledgeProblem.TOO_LARGE),
     (("600", "MONTH"), (60000, True, None, False, 3, None)),
     (("₹600", "month", "near", "600017", "radius", "5", "hours", "lunch"),
      (60000, True, "600017", False, 5, Window(660, 900))),
     (("200", "NEAR"), (20000, False, None, True, 3, None)),
     (("200", "NEAR", "T", "Nagar"), PledgeProblem.UNKNOWN_WORD), (("200", "RADIUS", "30"), PledgeProblem.BAD_RADIUS),
     (("200", "RADIUS"), PledgeProblem.BAD_RADIUS), (("200", "HOURS", "soon"), PledgeProblem.BAD_HOURS),
     (("200", "WEEK"), PledgeProblem.UNKNOWN_WORD)],
)  # fmt: skip
def test_pledge_reads_an_amount_then_month_near_radius_and_hours(args, read):
    request = parse_pledge(args)
    if isinstance(request, PledgeProblem):
        assert request == read
    else:
        fields = (request.amount_paise, request.monthly, request.pincode, request.wants_pin, request.radius_km)
        assert (*fields, request.window) == read


SPOT = Point(13.0604, 80.2496)


def pledge(minute: int, place: Point | None = None, window: Window | None = None, **more) -> Pledge:
    return Pledge(
        "P2345", 1, 60000, True, NOON_IN_CHENNAI.replace(minute=minute), date(2026, 11, 1),
        lat=place.lat if place else None, lng=place.lng if place else None, radius_m=3000,
        window_start=window.start if window else None, window_end=window.end if window else None, id=minute, **more,
    )  # fmt: skip


def test_pledges_pay_by_place_and_time_then_place_then_time_then_general_oldest_first():
    lunch, dinner, far = Window(660, 900), Window(1080, 1320), Point(13.2, 80.3)
    general_old, general_new = pledge(1), pledge(2)
    time_only, place_only, both = pledge(3, window=lunch), pledge(4, place=SPOT), pledge(5, place=SPOT, window=lunch)
    excluded = [pledge(6, place=far), pledge(7, window=dinner), pledge(8, status=PledgeStatus.PAUSED.value)]
    everyone = [general_new, *excluded, time_only, general_old, place_only, both]
    assert by_priority(everyone, SPOT, NOON_IN_CHENNAI) == [both, place_only, time_only, general_old, general_new]
    assert both.fit(SPOT, NOON_IN_CHENNAI) == Fit.PLACE_AND_TIME and excluded[0].fit(SPOT, NOON_IN_CHENNAI) is None


def test_a_monthly_pledge_renews_on_the_first_in_india_not_before():
    monthly = pledge(1)
    last_of_november_in_utc = datetime(2026, 11, 30, 18, 29, tzinfo=UTC)  # 23:59 in Chennai
    assert month_of(last_of_november_in_utc) == date(2026, 11, 1) and not monthly.renewal_due(last_of_november_in_utc)
    first = last_of_november_in_utc.replace(minute=31)  # 00:01 on 1 December in Chennai
    assert month_of(first) == date(2026, 12, 1) and monthly.renewal_due(first)
    monthly.renew(first)
    assert not monthly.renewal_due(first)
    once = Pledge("P2345", 1, 60000, False, NOON_IN_CHENNAI, date(2026, 11, 1))
    paused = pledge(3, status=PledgeStatus.PAUSED.value)
    assert not once.renewal_due(first) and not paused.renewal_due(first)
