"""A kitchen that declines or stays silent costs the donor minutes, never the order."""

from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from domain.orders import Deadlines, OrderStatus
from tests.support.dialogue import AMMA_MESS, DONOR, KITCHEN, SECOND_KITCHEN, SECOND_MESS, Dialogue
from tests.support.texts import ASKED_AMMA_MESS, kitchens, request

ENV = {"DATABASE_URL": "postgresql://ketpaar@localhost/ketpaar", "REDIS_URL": "redis://localhost:6379/0"}


def test_a_kitchen_has_five_minutes_to_answer_unless_the_setting_says_otherwise():
    assert Settings.from_env(ENV).deadlines().kitchen_answer_minutes == 5
    assert Settings.from_env({**ENV, "KITCHEN_ANSWER_MINUTES": "3"}).deadlines().kitchen_answer_minutes == 3


def test_the_donor_and_the_kitchen_are_told_the_minutes_set():
    d = Dialogue(deadlines=Deadlines(kitchen_answer_minutes=3))
    d.kitchen()
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. Amma Mess: ₹60, 214 m"))
    asked = "We asked Amma Mess to cook the meal (₹60). They have 3 minutes to answer."
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


THIRD_KITCHEN = "whatsapp:+919800000103"
THIRD_MESS = "Third Mess: ₹60, 1.1 km"
NO_LONGER_YOURS = "We had no answer from you in 5 minutes, so order {ref} is no longer yours. Please do not cook it."
NONE_LEFT = (
    "No other kitchen near you can cook now. We keep the order and will tell you when one can, "
    "within 30 minutes. You may also share another location, or send CANCEL."
)


def amma_mess_asked_of_three() -> Dialogue:
    """Amma Mess, Second Mess and Third Mess listed; the donor chose Amma Mess."""
    d = Dialogue()
    d.kitchen()
    d.second_kitchen()
    d.kitchen("Third Mess", THIRD_KITCHEN, at=(13.0700, 80.2496))
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. " + AMMA_MESS, "2. " + SECOND_MESS, "3. " + THIRD_MESS))
    d.verify(DONOR, [("1", ASKED_AMMA_MESS, {KITCHEN: request()})])
    return d


def test_a_silent_kitchen_is_replaced_at_once_by_the_next_nearest_and_everyone_hears_what_happened():
    d = amma_mess_asked_of_three()
    amma, second = d.uow.kitchens.get(1), d.uow.kitchens.get(2)
    d.kitchen_times_out()
    d.expect(KITCHEN, NO_LONGER_YOURS)
    d.expect(SECOND_KITCHEN, request())
    d.expect(
        DONOR,
        "Amma Mess did not answer order {ref} in 5 minutes.\n"
        "We asked Second Mess to cook it instead (₹60, 349 m away). They have 5 minutes to answer.\n"
        "To choose another kitchen instead, reply with its number:\n1. " + THIRD_MESS,
    )
    order = d.order()
    assert (order.state, order.kitchen_id, order.declined_kitchen_ids) == (OrderStatus.VENDOR_SELECTION, 2, [1])
    assert (d.uow.kitchens.meals_left(amma, d.now.date()), d.uow.kitchens.meals_left(second, d.now.date())) == (5, 4)


def test_the_donor_may_still_choose_another_kitchen_by_its_number():
    d = amma_mess_asked_of_three()
    d.kitchen_times_out()
    for address in (DONOR, KITCHEN, SECOND_KITCHEN):
        d.told(address)
    d.verify(
        DONOR,
        [
            (
                "1",
                "We asked Third Mess to cook the meal (₹60). They have 5 minutes to answer.",
                {
                    SECOND_KITCHEN: "The donor chose another kitchen for order {ref}. Please do not cook it.",
                    THIRD_KITCHEN: request(),
                },
            ),
            ("1", "Order {ref}: waiting for Third Mess to answer (less than a minute so far)."),
        ],
    )
    assert d.order().kitchen_id == 3
    assert d.uow.kitchens.meals_left(d.uow.kitchens.get(2), d.now.date()) == 5


def test_a_decline_asks_the_next_nearest_kitchen_at_once():
    d = Dialogue()
    d.kitchen()
    d.second_kitchen()
    d.chose_amma_mess()
    told = (
        "Amma Mess cannot cook order {ref}.\n"
        "We asked Second Mess to cook it instead (₹60, 349 m away). They have 5 minutes to answer."
    )
    d.verify(KITCHEN, [("DECLINE", "Noted: you declined order {ref}.", {DONOR: told, SECOND_KITCHEN: request()})])
    assert d.order().kitchen_id == 2


def test_while_a_kitchen_decides_the_donor_may_choose_another_from_the_list():
    d = Dialogue()
    d.kitchen()
    d.second_kitchen()
    d.chose_amma_mess()
    d.verify(
        DONOR,
        [
            ("1", "Order {ref}: waiting for Amma Mess to answer (less than a minute so far)."),
            (
                "2",
                "We asked Second Mess to cook the meal (₹60). They have 5 minutes to answer.",
                {
                    KITCHEN: "The donor chose another kitchen for order {ref}. Please do not cook it.",
                    SECOND_KITCHEN: request(),
                },
            ),
        ],
    )
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "reserved", "switched"]


def test_choosing_another_kitchen_that_just_ran_out_keeps_the_one_deciding():
    d = Dialogue()
    d.kitchen()
    second = d.second_kitchen()
    d.chose_amma_mess()
    d.uow.kitchens.set_capacity(second, 0, d.now.date())
    d.verify(
        DONOR,
        [
            (
                "2",
                "Sorry, Second Mess has no meal left just now.\n"
                "Order {ref}: waiting for Amma Mess to answer (less than a minute so far).",
            )
        ],
    )
    assert d.order().kitchen_id == 1


def test_after_the_last_kitchen_the_donor_waits_for_one_to_free_up_or_cancels():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    d.kitchen_times_out()
    d.expect(KITCHEN, NO_LONGER_YOURS)
    d.expect(DONOR, "Amma Mess did not answer order {ref} in 5 minutes.\n" + NONE_LEFT)
    assert d.order().state == OrderStatus.WAITING_FOR_KITCHEN
    d.kitchens_wait_sweep()  # Amma Mess let this order go: it is not asked again
    d.expect(KITCHEN, [])
    d.expect(DONOR, [])
    d.second_kitchen()
    d.kitchens_wait_sweep()
    d.expect(
        DONOR,
        "Second Mess can cook now: we asked them to cook order {ref} (₹60, 349 m away). They have 5 minutes to answer.",
    )
    d.expect(SECOND_KITCHEN, request())
