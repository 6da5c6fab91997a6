"""The kitchen's conversation, as scripted dialogues on fakes."""

from __future__ import annotations

from domain.orders import OrderStatus
from tests.unit.dialogue import SPOT, Dialogue, Photo, PinAt
from tests.unit.test_donor_flow import DONOR, KITCHEN, at_kitchen_list, order_of, run_safety_check


def asked_kitchen() -> Dialogue:
    d = Dialogue()
    d.kitchen()
    d.kitchen("Second Mess", "whatsapp:+919800000102", at=(13.0630, 80.2478))
    at_kitchen_list(d)
    d.send(DONOR, "1")
    return d


def test_accept_paid_ready_delivered_moves_the_order_and_tells_the_donor():
    d = asked_kitchen()
    ref = order_of(d).reference
    d.verify(KITCHEN, [(f"accept {ref}", "reply PAID")])
    assert f"upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{ref}" in d.heard(DONOR)
    d.verify(KITCHEN, [("PAID", "Reply READY"), ("READY", "DELIVERED"), ("DELIVERED", "together with a photo")])
    d.verify(KITCHEN, [(Photo(f"DELIVERED {ref}"), "Thank you for delivering")])
    assert "was delivered" in d.heard(DONOR) and "1 to 5" in d.heard(DONOR)
    assert order_of(d).state == OrderStatus.DELIVERED


def test_a_command_out_of_turn_is_explained():
    d = asked_kitchen()
    ref = order_of(d).reference
    d.verify(KITCHEN, [(f"PAID {ref}", "PAID does not apply now"), (f"READY {ref}", "READY does not apply now")])


def test_wrong_or_foreign_references_are_refused():
    d = asked_kitchen()
    ref = order_of(d).reference
    d.verify("whatsapp:+919800000102", [(f"ACCEPT {ref}", f"Order {ref} is not one of yours")])
    d.verify(KITCHEN, [("ACCEPT QQQQ", "There is no order QQQQ"), ("hello", "Kitchen commands")])
    assert order_of(d).state == OrderStatus.VENDOR_SELECTION


def test_decline_releases_the_meal_and_offers_the_donor_the_others():
    d = asked_kitchen()
    d.verify(KITCHEN, [("DECLINE", "you declined")])
    assert "Amma Mess cannot cook order" in d.uow.outbox.to(DONOR)[-2]
    assert "1. Second Mess" in d.heard(DONOR) and "Amma" not in d.heard(DONOR)
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "declined"]


def test_with_two_open_orders_the_reference_is_required():
    d = asked_kitchen()
    other = "whatsapp:+919800000002"
    d.onboarded_donor(other)
    d.send(other, Photo())
    d.process_photos()
    d.send(other, PinAt(*SPOT))
    run_safety_check(d, other)
    d.send(other, "1")
    d.verify(KITCHEN, [("ACCEPT", "You have 2 open orders")])


def test_capacity_hours_and_status():
    d = Dialogue()
    d.kitchen()
    d.verify(
        KITCHEN,
        [
            ("CAPACITY lots", "like CAPACITY 20"),
            ("CAPACITY 12", "12 meals a day. Left today: 12"),
            ("HOURS 25-26", "like HOURS 11-14,18-21"),
            ("HOURS 11-14, 18-21", "Hours set: 11-14,18-21"),
            ("STATUS", "Meals left today: 12 of 12"),
            ("LANG XX", "LANG EN"),
        ],
    )


def test_a_failed_delivery_records_its_reason_for_the_safety_history():
    d = asked_kitchen()
    ref = order_of(d).reference
    d.verify(
        KITCHEN, [(f"ACCEPT {ref}", "PAID"), ("PAID", "READY"), (f"FAILED {ref} not found", "could not be delivered")]
    )
    order = order_of(d)
    assert order.state == OrderStatus.DELIVERY_FAILED and order.failure_reason == "NOT FOUND"
    assert "could not deliver" in d.heard(DONOR)


def test_failed_with_a_reason_but_no_reference_finds_the_one_open_order():
    d = asked_kitchen()
    d.verify(KITCHEN, [("ACCEPT", "PAID"), ("PAID", "READY"), ("FAILED refused", "could not be delivered")])
    assert order_of(d).failure_reason == "REFUSED"
