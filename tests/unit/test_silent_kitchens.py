"""A kitchen that declines or stays silent costs the donor minutes, never the order."""

from __future__ import annotations

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
