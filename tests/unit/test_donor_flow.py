"""The donor's conversation, as scripted dialogues on fakes."""

from __future__ import annotations

import re
from datetime import timedelta

from domain.capacity import CapacityReason
from domain.geo import Point
from domain.orders import OrderStatus
from domain.safety import Signals, assess
from flows import ordering
from flows.conversation import Conversation
from flows.donor import resume
from flows.messages import MediaProblem
from tests.unit.dialogue import SPOT, BadMedia, Dialogue, Photo, PinAt

DONOR = "whatsapp:+919800000001"
KITCHEN = "whatsapp:+919800000101"


def run_safety_check(d: Dialogue, address: str = DONOR) -> None:
    """What the safety job does once it has the score."""
    person = d.uow.people.by_address(address)
    order = d.uow.orders.get(person.active_order_id)
    assessment = assess(Point(order.lat, order.lng), d.now, Signals())
    resume.safety_assessed(Conversation(d.uow, d.links, d.now, person), order, assessment)


def order_of(d: Dialogue, address: str = DONOR):
    return d.uow.orders.get(d.uow.people.by_address(address).active_order_id)


def at_kitchen_list(d: Dialogue) -> None:
    d.onboarded_donor()
    d.send(DONOR, Photo())
    d.process_photos()
    d.send(DONOR, PinAt(*SPOT))
    run_safety_check(d)


def test_first_contact_welcomes_in_three_languages_then_asks_consent():
    d = Dialogue()
    d.verify(
        DONOR,
        [
            ("hello", "Reply 1 for English"),
            ("7", "Reply 1 for English"),
            ("1", "Reply YES to agree"),
            ("what?", "Reply YES to agree"),
            ("YES", "send a photo of them"),
        ],
    )
    assert d.uow.people.by_address(DONOR).consent_at == d.now


def test_a_photo_sent_before_consent_is_kept_and_used_after_it():
    d = Dialogue()
    d.send(DONOR, Photo())
    d.send(DONOR, "1")
    replies = d.send(DONOR, "yes")
    assert "Photo received" in replies[0] and "agree to be photographed" in replies[1]
    d.verify(DONOR, [("yes", "share the location")])
    assert order_of(d).photo_id == 100
    assert d.uow.jobs == [("process_photo", (100, order_of(d).id, "seeker"))]


def test_photo_then_pin_starts_the_safety_check():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [(Photo(), "Your order is"), (PinAt(*SPOT, label="Bus stop"), "checking that the spot is safe")])
    order = order_of(d)
    assert order.state == OrderStatus.SAFETY_CHECK
    assert order.place_label == "Bus stop"
    assert d.uow.jobs == [("process_photo", (100, order.id, "seeker")), ("assess_safety", (order.id,))]
    assert [event.to_status for event in order.events] == ["CREATED", "SAFETY_CHECK"]


def test_each_kind_of_bad_input_gets_its_own_reply():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            ("blah", "send their photo, then your location"),
            (PinAt(*SPOT), "send a photo of the person first"),
            (BadMedia(MediaProblem.NOT_AN_IMAGE), "not a photo"),
            (BadMedia(MediaProblem.TOO_LARGE), "too large"),
            (Photo(), "Your order is"),
            (Photo(), "We already have a photo for order"),
            (PinAt(51.5, -0.12), "outside India"),
            (PinAt(999, 80), "could not be read"),
            (PinAt("north", "east"), "could not be read"),
            ("STATUS ZZZZ", "There is no order ZZZZ of yours"),
        ],
    )


def test_a_passed_check_lists_open_kitchens_with_meals_nearest_first():
    d = Dialogue()
    d.kitchen("Far Mess", "whatsapp:+919800000102", at=(13.075, 80.25))
    d.kitchen("Near Mess", "whatsapp:+919800000103", at=(13.0610, 80.2490))
    d.kitchen("Empty Mess", "whatsapp:+919800000104", at=(13.0605, 80.2497), meals=0)
    d.kitchen("Distant Mess", "whatsapp:+919800000105", at=(13.2, 80.3))
    closed = d.kitchen("Night Mess", "whatsapp:+919800000106", at=(13.0606, 80.2495))
    closed.hours = "19-23"
    at_kitchen_list(d)
    listing = d.heard(DONOR)
    assert re.search(r"1\. Near Mess: ₹60, \d+ m\n2\. Far Mess: ₹60, 1\.\d km", listing), listing
    assert "Empty" not in listing and "Distant" not in listing and "Night" not in listing
    assert order_of(d).state == OrderStatus.VENDOR_SELECTION


def test_no_kitchen_nearby_closes_the_order_and_says_so():
    d = Dialogue()
    at_kitchen_list(d)
    assert "no kitchen near this spot" in d.heard(DONOR)
    assert d.uow.orders.get(1).state == OrderStatus.CANCELLED


def test_a_late_night_spot_is_rejected_with_reasons_and_a_new_pin_rechecks():
    d = Dialogue(now=Dialogue().now.replace(hour=18, minute=0))  # 23:30 in Chennai
    d.kitchen()
    at_kitchen_list(d)
    assert "after 10 pm" in d.uow.outbox.to(DONOR)[-2] and "well-lit main road" in d.heard(DONOR)
    assert order_of(d).state == OrderStatus.SAFETY_REJECTED
    d.verify(DONOR, [(PinAt(*SPOT), "checking that the spot is safe")])
    assert order_of(d).state == OrderStatus.SAFETY_CHECK


def test_choosing_a_kitchen_reserves_a_meal_and_asks_the_kitchen():
    d = Dialogue()
    kitchen = d.kitchen()
    at_kitchen_list(d)
    d.verify(DONOR, [("9", "number from 1 to 1"), ("1", "We asked Amma Mess")])
    request = d.heard(KITCHEN)
    reference = order_of(d).reference
    assert f"ACCEPT {reference}" in request and "https://ketpaar.test/photos/100" in request
    assert d.uow.kitchens.meals_left(kitchen, d.now.date()) == 4


def test_the_last_meal_taken_meanwhile_sends_the_donor_back_to_the_list():
    d = Dialogue()
    kitchen = d.kitchen(meals=1)
    other = d.kitchen("Second Mess", "whatsapp:+919800000102", at=(13.0630, 80.2478))
    at_kitchen_list(d)
    d.uow.kitchens.reserve_meal(kitchen, d.now.date(), order_id=999)  # another donor was quicker
    replies = d.send(DONOR, "1")
    assert "Amma Mess has no meal left" in replies[0]
    assert "1. Second Mess" in replies[1]
    assert order_of(d).offered_kitchen_ids == [other.id]


def test_cancel_releases_the_meal_and_tells_the_kitchen():
    d = Dialogue()
    kitchen = d.kitchen()
    at_kitchen_list(d)
    d.send(DONOR, "1")
    reference = order_of(d).reference
    d.verify(DONOR, [("CANCEL", f"Order {reference} is cancelled")])
    assert "Please do not cook it" in d.heard(KITCHEN)
    assert d.uow.kitchens.meals_left(kitchen, d.now.date()) == 5
    assert [entry[3] for entry in d.uow.kitchens.log] == [1, -1]
    d.verify(DONOR, [("CANCEL", "no open order"), (f"STATUS {reference}", "cancelled")])


def test_cancel_is_refused_once_the_kitchen_has_the_money():
    d = Dialogue()
    d.kitchen()
    at_kitchen_list(d)
    d.send(DONOR, "1")
    order = order_of(d)
    order.move_to(OrderStatus.PAYMENT_REDIRECT, d.now)
    order.move_to(OrderStatus.PAYMENT_CONFIRMED, d.now)
    d.verify(DONOR, [("cancel", "can no longer be cancelled")])


def test_a_donor_cannot_see_another_donors_order():
    d = Dialogue()
    d.onboarded_donor()
    d.send(DONOR, Photo())
    reference = order_of(d).reference
    d.onboarded_donor("whatsapp:+919800000002")
    d.verify("whatsapp:+919800000002", [(f"STATUS {reference}", "no order"), (f"CANCEL {reference}", "no order")])


def test_rating_completes_the_order_and_history_lists_it():
    d = Dialogue()
    kitchen = d.kitchen()
    at_kitchen_list(d)
    d.send(DONOR, "1")
    order = order_of(d)
    for status in (OrderStatus.PAYMENT_REDIRECT, OrderStatus.PAYMENT_CONFIRMED, OrderStatus.DELIVERED):
        order.move_to(status, d.now)
    d.verify(DONOR, [("great", "number from 1 to 5"), ("4", "is complete"), ("HISTORY", order.reference)])
    assert order.state == OrderStatus.COMPLETED and order.rating == 4
    assert (kitchen.rating_total, kitchen.rating_count) == (4, 1)


def test_lang_switches_language_at_any_time():
    d = Dialogue()
    d.onboarded_donor()
    d.send(DONOR, "LANG")
    assert not d.uow.people.by_address(DONOR).language_chosen
    d.send(DONOR, "3")
    assert d.uow.people.by_address(DONOR).language == "hi"
    d.send(DONOR, "LANG TA")
    assert d.uow.people.by_address(DONOR).language == "ta"


def test_a_kitchen_that_does_not_answer_in_time_is_replaced():
    d = Dialogue()
    d.kitchen()
    d.kitchen("Second Mess", "whatsapp:+919800000102", at=(13.0630, 80.2478))
    at_kitchen_list(d)
    d.send(DONOR, "1")
    order = order_of(d)
    d.now += timedelta(minutes=11)
    convo = Conversation(d.uow, d.links, d.now, d.uow.people.by_address(DONOR))
    ordering.kitchen_dropped_out(convo, order, CapacityReason.TIMED_OUT)
    assert "went to another kitchen" in d.heard(KITCHEN)
    assert "1. Second Mess" in d.heard(DONOR)
    assert order.declined_kitchen_ids == [1]


def test_a_rejection_names_what_is_known_to_be_wrong_not_what_is_unknown():
    d = Dialogue(now=Dialogue().now.replace(hour=18, minute=0))  # 23:30 in Chennai
    at_kitchen_list(d)
    verdict = d.uow.outbox.to(DONOR)[-2]
    assert "(after 10 pm)" in verdict and "not known" not in verdict
