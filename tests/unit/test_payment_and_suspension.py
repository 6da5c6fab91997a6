"""The order's loose ends as scripted dialogues on fakes: odd digits, payment, cancelling, suspended kitchens.

Each step compares the whole of every reply the person got.
"""

from __future__ import annotations

from tests.unit.dialogue import Dialogue
from tests.unit.test_donor_flow import DONOR, KITCHEN, at_kitchen_list, order_of


def asked_kitchen() -> Dialogue:
    d = Dialogue()
    d.kitchen()
    at_kitchen_list(d)
    d.send(DONOR, "1")
    return d


def test_superscript_digits_are_refused_with_the_normal_reply_and_other_scripts_digits_are_read():
    d = Dialogue()
    d.kitchen()
    at_kitchen_list(d)
    for odd in ("²", "①", "1²"):
        assert d.send(DONOR, odd) == ["Please reply with a number from 1 to 1 to choose a kitchen, or send CANCEL."]
    assert d.send(DONOR, "௧") == [
        f"We asked Amma Mess to cook order {order_of(d).reference} (₹60). They have 10 minutes to answer."
    ]


def test_a_kitchen_writing_capacity_in_superscript_is_asked_again_and_arabic_digits_are_read():
    d = Dialogue()
    d.kitchen()
    assert d.send(KITCHEN, "CAPACITY ²0") == ["Please write the meals you can give each day, like CAPACITY 20."]
    assert d.send(KITCHEN, "CAPACITY ١٢") == ["Capacity set: 12 meals a day. Left today: 12."]
