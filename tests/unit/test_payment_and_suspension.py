"""The order's loose ends as scripted dialogues on fakes: odd digits, payment, cancelling, suspended kitchens.

Each step compares the whole of every reply the person got.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.geo import Point, distance_m, format_distance
from domain.orders import Order, OrderStatus
from domain.staff import Actor
from flows import admin
from flows.conversation import Conversation
from flows.donor import resume
from flows.i18n import t
from tests.support.dialogue import DONOR, KITCHEN, SPOT, Dialogue
from tests.support.texts import translated

ADMIN = Actor("asha@ketpaar.test", "dashboard", staff_id=1)


def asked_kitchen() -> Dialogue:
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    return d


def at_kitchen_list(d: Dialogue) -> None:
    """Through the checks; the list itself is checked whole in test_donor_flow."""
    d.through_the_checks()
    d.told(DONOR)


def looked_at(d: Dialogue) -> None:
    """Everyone's messages so far are seen: the next look shows only what follows."""
    for address in (DONOR, KITCHEN):
        d.told(address)


def test_superscript_digits_are_refused_with_the_normal_reply_and_other_scripts_digits_are_read():
    d = Dialogue()
    d.kitchen()
    at_kitchen_list(d)
    for odd in ("²", "①", "1²"):
        assert d.send(DONOR, odd) == ["Please reply with a number from 1 to 1 to choose a kitchen, or send CANCEL."]
    assert d.send(DONOR, "௧") == ["We asked Amma Mess to cook the meal (₹60). They have 5 minutes to answer."]


def test_a_kitchen_writing_capacity_in_superscript_is_asked_again_and_arabic_digits_are_read():
    d = Dialogue()
    d.kitchen()
    assert d.send(KITCHEN, "CAPACITY ²0") == ["Please write the meals you can give each day, like CAPACITY 20."]
    assert d.send(KITCHEN, "CAPACITY ١٢") == ["Capacity set: 12 meals a day. Left today: 12."]


def donor_conversation(d: Dialogue) -> Conversation:
    return Conversation(d.uow, d.links, d.now, d.uow.people.by_address(DONOR))


def accepted() -> tuple[Dialogue, Order]:
    d = asked_kitchen()
    d.send(KITCHEN, "ACCEPT")
    looked_at(d)
    return d, d.order()


def test_an_order_nobody_paid_for_in_time_fails_frees_the_meal_and_both_sides_hear_why():
    d, order = accepted()
    assert not order.payment_overdue(d.now - timedelta(minutes=1))
    assert order.payment_overdue(d.now + timedelta(minutes=30) - timedelta(minutes=30))
    resume.payment_timed_out(donor_conversation(d), order, 30)
    ref = order.reference
    assert d.told(DONOR) == [
        f"Order {ref} is closed: no payment reached Amma Mess in 30 minutes. Send a new photo to start again."
    ]
    assert d.told(KITCHEN) == [f"Order {ref} is closed: the donor did not pay in 30 minutes. Please do not cook it."]
    assert order.state == OrderStatus.PAYMENT_FAILED
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "unpaid"]
    assert d.send(DONOR, f"STATUS {ref}") == [f"Order {ref} (26 Nov, 12:00): payment failed. Kitchen: Amma Mess."]


def test_a_donor_who_says_paid_gets_the_kitchen_asked_and_no_timeout():
    d = asked_kitchen()
    ref = d.order().reference
    assert d.send(DONOR, "PAID") == [f"Order {ref} is waiting for the kitchen to answer, so PAID does not apply now."]
    d.send(KITCHEN, "ACCEPT")
    looked_at(d)
    assert d.send(DONOR, "PAID") == [f"Thank you. We asked Amma Mess to confirm your payment for order {ref}."]
    assert d.told(KITCHEN) == [
        f"The donor says they paid ₹60 for order {ref}. Please check your UPI app and reply PAID {ref} "
        "when the money is there."
    ]
    order = d.order()
    assert (order.state, order.donor_paid_at) == (OrderStatus.PAYMENT_REDIRECT, d.now)
    assert not order.payment_overdue(d.now + timedelta(hours=2))
    assert d.send(KITCHEN, "PAID") == []  # what comes next it was told with ACCEPT
    # The donor said PAID and waits for the kitchen's word: it is news to them.
    assert d.told(DONOR) == [f"Amma Mess received your payment for order {ref}. The meal is being cooked."]


def test_a_claim_the_kitchen_never_confirms_is_flagged_once_and_the_donor_is_told():
    d, order = accepted()
    d.send(DONOR, "PAID")
    looked_at(d)
    assert not order.claim_unconfirmed(d.now - timedelta(minutes=1))
    assert order.claim_unconfirmed(d.now)
    resume.claim_unconfirmed(donor_conversation(d), order)
    assert d.told(DONOR) == [
        f"The kitchen has not yet confirmed your payment for order {order.reference}. Our team will check it with them."
    ]
    assert d.told(KITCHEN) == []
    assert (order.flagged_at, order.flag_reason) == (d.now, "donor says paid; kitchen has not confirmed")
    assert not order.claim_unconfirmed(d.now + timedelta(hours=1))
    assert [event.note for event in order.events][-2:] == ["donor says paid", f"flagged: {order.flag_reason}"]


def test_cancel_after_the_upi_link_tells_the_kitchen_to_send_any_money_back():
    d, order = accepted()
    ref = order.reference
    assert d.send(DONOR, "CANCEL") == [
        f"Order {ref} is cancelled. If you already paid Amma Mess, they have been asked to send the money back."
    ]
    assert d.told(KITCHEN) == [
        f"Order {ref} was cancelled by the donor before you confirmed payment. Please do not cook it. "
        "If the donor's money reached you, please send it back."
    ]
    assert order.state == OrderStatus.CANCELLED
    assert d.send(KITCHEN, f"PAID {ref}") == [f"Order {ref} is cancelled, so PAID does not apply now."]


def test_cancel_once_the_kitchen_said_paid_is_refused():
    d, order = accepted()
    d.send(KITCHEN, "PAID")
    looked_at(d)
    assert d.send(DONOR, "CANCEL") == [f"Order {order.reference} can no longer be cancelled: paid, being cooked."]
    assert order.state == OrderStatus.PAYMENT_CONFIRMED and d.told(KITCHEN) == []


def test_a_suspended_kitchen_loses_its_unpaid_orders_keeps_paid_ones_and_is_told_why_in_its_language():
    d = Dialogue()
    amma = d.kitchen()
    second = d.kitchen("Second Mess", "whatsapp:+919800000102", at=(13.0630, 80.2478))
    d.uow.people.get(amma.person_id).language = "ta"
    paid = Order("PAID", donor_id=0, created_at=d.now, status="PAYMENT_CONFIRMED", kitchen_id=amma.id)
    d.uow.orders.add(paid)
    at_kitchen_list(d)
    d.send(DONOR, "1")
    order = d.order()
    ref = order.reference
    d.send(KITCHEN, f"ACCEPT {ref}")
    looked_at(d)

    done = admin.suspend_kitchen(d.uow, d.links, amma.id, "food complaints", ADMIN, d.now)

    assert (done.moved, done.kept) == ([ref], ["PAID"])
    told = d.told(DONOR)
    distance = format_distance(distance_m(Point(*SPOT), second.point))
    assert told == [
        "Amma Mess can no longer take orders, so your order needs another kitchen. Please do not pay Amma Mess; "
        "if you already did, ask them to send it back.\n"
        f"Order {ref}: kitchens near you that can cook now:\n1. Second Mess: ₹60, {distance}\n"
        "Reply with a number to choose."
    ]
    suspended = t(
        "ta",
        "{name} is suspended by Ketpaar. Reason: {reason}\nYou will get no new orders until an admin reinstates you.",
        name="Amma Mess",
        reason="food complaints",
    )
    assert suspended.startswith("Amma Mess கேட்பாரில்")
    no_longer_yours = translated(
        "ta", "Orders {refs} are no longer yours: their donors are choosing other kitchens. Please do not cook them."
    ).format(refs=ref)
    still_paid = t("ta", "Orders {refs} are already paid. Please still deliver them.", refs="PAID")
    assert d.told(KITCHEN) == ["\n".join([suspended, no_longer_yours, still_paid])]
    assert (amma.status, amma.status_reason, amma.verified) == ("suspended", "food complaints", False)
    assert (order.state, order.kitchen_id, order.offered_kitchen_ids) == (
        OrderStatus.VENDOR_SELECTION,
        None,
        [second.id],
    )
    assert d.uow.kitchens.meals_left(amma, d.now.date()) == 5
    assert d.send(DONOR, "1") == ["We asked Second Mess to cook the meal (₹60). They have 5 minutes to answer."]
    entry = ("asha@ketpaar.test", "kitchen.suspend", f"kitchen {amma.id} Amma Mess", "food complaints")
    assert d.uow.audit.entries == [(*entry, {"moved": [ref], "kept": ["PAID"]})]


def test_a_suspended_kitchen_cannot_be_verified_back_only_reinstated():
    d = Dialogue()
    amma = d.kitchen()
    admin.suspend_kitchen(d.uow, d.links, amma.id, "late deliveries", ADMIN, d.now)
    with pytest.raises(admin.AdminError, match="reinstate it instead"):
        admin.verify_kitchen(d.uow, amma.id, ADMIN)
    d.told(KITCHEN)
    kitchen = admin.reinstate_kitchen(d.uow, amma.id, "checked again", ADMIN)
    assert d.told(KITCHEN) == ["Good news: Amma Mess can take orders again. Reason: checked again"]
    assert (kitchen.status, kitchen.verified) == ("verified", True)
    assert d.send(KITCHEN, "STATUS")[0].startswith("Amma Mess: verified.")
