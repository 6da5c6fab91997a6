"""A kitchen that declines or stays silent costs the donor minutes, never the order."""

from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from domain.orders import Deadlines
from tests.support.dialogue import DONOR, KITCHEN, Dialogue
from tests.support.texts import kitchens, request

ENV = {"DATABASE_URL": "postgresql://ketpaar@localhost/ketpaar", "REDIS_URL": "redis://localhost:6379/0"}


def test_a_kitchen_has_five_minutes_to_answer_unless_the_setting_says_otherwise():
    assert Settings.from_env(ENV).deadlines().kitchen_answer_minutes == 5
    assert Settings.from_env({**ENV, "KITCHEN_ANSWER_MINUTES": "3"}).deadlines().kitchen_answer_minutes == 3


def test_the_donor_and_the_kitchen_are_told_the_minutes_set():
    d = Dialogue(deadlines=Deadlines(kitchen_answer_minutes=3))
    d.kitchen()
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. Amma Mess: ₹60, 214 m"))
    asked = "We asked Amma Mess to cook order {ref} (₹60). They have 3 minutes to answer."
    d.verify(DONOR, [("1", asked, {KITCHEN: request(minutes=3)})])


def test_status_while_a_kitchen_decides_says_whom_the_order_waits_for_and_how_long():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    d.verify(DONOR, [("STATUS", "Order {ref}: waiting for Amma Mess to answer (less than a minute so far).")])
    d.now += timedelta(seconds=90)
    d.verify(DONOR, [("status", "Order {ref}: waiting for Amma Mess to answer (1 minute so far).")])
    d.now += timedelta(minutes=2)
    d.verify(DONOR, [("anything", "Order {ref}: waiting for Amma Mess to answer (3 minutes so far).")])


def test_status_while_waiting_for_a_kitchen_to_free_up_says_how_long_and_what_the_donor_may_do():
    d = Dialogue()
    d.through_the_checks()
    d.told(DONOR)
    d.now += timedelta(minutes=4)
    waiting = (
        "Order {ref}: waiting for a kitchen to free up (4 minutes so far, at most 30). "
        "You may also share another location, or send CANCEL."
    )
    d.verify(DONOR, [("STATUS", waiting), ("hello?", waiting)])
