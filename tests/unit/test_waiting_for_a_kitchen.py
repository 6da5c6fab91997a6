"""No kitchen can cook now: the order and its photo are kept while the donor waits for one to free up."""

from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from domain.orders import OrderStatus
from tests.support.dialogue import AMMA_MESS, DONOR, KITCHEN, Dialogue, PinAt
from tests.support.texts import NONE_NEAR, kitchens, request

ENV = {"DATABASE_URL": "postgresql://ketpaar@localhost/ketpaar", "REDIS_URL": "redis://localhost:6379/0"}


def waiting() -> Dialogue:
    d = Dialogue()
    d.through_the_checks()
    d.expect(DONOR, NONE_NEAR)
    return d


def test_a_donor_waits_thirty_minutes_for_a_kitchen_unless_the_setting_says_otherwise():
    assert Settings.from_env(ENV).deadlines().kitchen_wait_minutes == 30
    assert Settings.from_env({**ENV, "KITCHEN_WAIT_MINUTES": "45"}).deadlines().kitchen_wait_minutes == 45


def test_a_pin_with_no_kitchen_near_keeps_the_order_and_its_photo():
    d = waiting()
    order = d.order()
    assert order.state == OrderStatus.WAITING_FOR_KITCHEN
    assert order.photo_id == 100 and d.uow.faces.forgotten == []
    assert ("discard_photo", (100,)) not in d.uow.jobs
    status = (
        "Order {ref}: waiting for a kitchen to free up (less than a minute so far, at most 30). "
        "You may also share another location, or send CANCEL."
    )
    d.verify(DONOR, [("STATUS", status)])


def test_another_pin_is_checked_again_and_lists_the_kitchens_near_it():
    d = waiting()
    d.kitchen(at=(13.0900, 80.2700))  # 4 km away from the first pin
    d.verify(DONOR, [(PinAt(13.0905, 80.2705), [])])
    assert d.order().state == OrderStatus.SAFETY_CHECK
    d.run_safety_check()
    d.expect(DONOR, kitchens("1. Amma Mess: ₹60, 78 m"))


def test_a_kitchen_that_frees_up_is_asked_and_the_donor_is_told():
    d = waiting()
    d.kitchens_wait_sweep()
    d.expect(DONOR, [])
    kitchen = d.kitchen(meals=0)
    d.kitchens_wait_sweep()
    d.expect(DONOR, [])
    d.verify(KITCHEN, [("CAPACITY 3", "Capacity set: 3 meals a day. Left today: 3.")])
    d.kitchens_wait_sweep()
    d.expect(
        DONOR,
        "Amma Mess can cook now: we asked them to cook order {ref} (₹60, 214 m away). They have 5 minutes to answer.",
    )
    d.expect(KITCHEN, request())
    order = d.order()
    assert (order.state, order.kitchen_id) == (OrderStatus.VENDOR_SELECTION, kitchen.id)
    assert d.uow.kitchens.meals_left(kitchen, d.now.date()) == 2


def test_the_first_donor_to_wait_gets_the_first_meal_freed():
    d = Dialogue()
    d.through_the_checks()
    d.through_the_checks("whatsapp:+919800000002")
    first, second = d.uow.orders.rows.values()
    d.kitchen(meals=1)
    d.kitchens_wait_sweep()
    assert (first.state, second.state) == (OrderStatus.VENDOR_SELECTION, OrderStatus.WAITING_FOR_KITCHEN)


def test_after_thirty_minutes_with_no_kitchen_the_order_is_closed_plainly():
    d = waiting()
    d.now += timedelta(minutes=29)
    d.kitchens_wait_sweep()
    d.expect(DONOR, [])
    d.now += timedelta(minutes=1)
    d.kitchens_wait_sweep()
    d.expect(
        DONOR,
        "No kitchen near order {ref} could cook in 30 minutes, so it is closed. No money was taken. "
        "Send a new photo when you want to try again.",
    )
    order = d.newest_order()
    assert order.state == OrderStatus.CANCELLED and order.photo_id is None
    assert ("discard_photo", (100,)) in d.uow.jobs


def test_a_waiting_donor_may_cancel():
    d = waiting()
    d.verify(DONOR, [("CANCEL", "Order {ref} is cancelled. No money was taken.")])
    assert d.newest_order().state == OrderStatus.CANCELLED


def test_the_donors_choice_of_a_kitchen_that_just_ran_out_with_none_left_waits_too():
    d = Dialogue()
    kitchen = d.kitchen(meals=1)
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. " + AMMA_MESS))
    d.uow.kitchens.reserve_meal(kitchen, d.now.date(), order_id=999)  # another donor was quicker
    d.verify(DONOR, [("1", "Sorry, Amma Mess has no meal left just now.\n" + NONE_NEAR)])
    assert d.order().state == OrderStatus.WAITING_FOR_KITCHEN
