"""Steps on an order that more than one side takes: cancelling, payment that never came or was never
confirmed, and what names and links an order shows. Finding a kitchen is in kitchen_search."""

from __future__ import annotations

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.jobs import Job
from domain.kitchens import Kitchen
from domain.money import upi_link
from domain.orders import Order
from domain.orders import OrderStatus as S
from domain.people import Person
from flows.conversation import Conversation
from flows.giving import campaign_end
from flows.giving.release import release_funding
from flows.i18n import N_
from flows.texts import KITCHEN_ASKED, STATUS_NAMES


def place_of(order: Order) -> str:
    return order.place_label or order.place_address or f"{order.lat:.5f}, {order.lng:.5f}"


def ask_pin(convo: Conversation, order: Order) -> None:
    """Asked right after a message that named the order: the reference is not said again."""
    convo.say("Now share the location: tap + (or the clip), then Location, then Send your current location.")


def status_name(convo: Conversation, person: Person | None, order: Order) -> str:
    """The order's state as `person` reads it; nothing for a person who erased their data (nobody reads it)."""
    if person is None:
        return ""
    if order.awaits_kitchen_answer:  # the kitchen is chosen: the donor waits for its answer, not a choice
        return convo.words(person, KITCHEN_ASKED)
    return convo.words(person, STATUS_NAMES[order.state])


def upi_for(order: Order, kitchen: Kitchen) -> str:
    return upi_link(kitchen.upi_vpa, kitchen.name, order.amount_paise, order.reference)


def release_meal(convo: Conversation, order: Order, reason: CapacityReason) -> None:
    """The order stops going ahead with its kitchen before being paid: its meal goes back to the kitchen,
    and what a pledge set aside for it goes back to the pledge."""
    if order.holds_meal:
        release_funding(convo, order, reason.value)
        convo.uow.kitchens.release_meal(order.kitchen_id, order.meal_day, order.id, reason)


def forget_seeker(convo: Conversation, order: Order) -> None:
    """A cancelled order has no use for the person's photo or face: both go now, not in 30 days."""
    if order.photo_id is not None:
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)
        order.forget_photo()
    convo.uow.faces.forget(order.id)


def cancel_order(convo: Conversation, order: Order) -> None:
    """The donor's cancel: give back the meal and tell the kitchen not to cook (and, once the donor had
    the UPI link, to send back any money that reached it)."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id) if order.kitchen_id else None
    asked_to_pay = order.state == S.PAYMENT_REDIRECT
    campaign_end.order_cancelled(convo, order)  # first: its contributors hear that it ended, not that it moves on
    release_meal(convo, order, CapacityReason.CANCELLED)
    order.move_to(S.CANCELLED, convo.now, "cancelled by donor")
    forget_seeker(convo, order)
    if kitchen is None:
        return
    contact = convo.uow.people.get(kitchen.person_id)
    convo.notify(
        contact,
        N_(
            "Order {ref} was cancelled by the donor before you confirmed payment. Please do not cook it. "
            "If the donor's money reached you, please send it back."
        )
        if asked_to_pay
        else N_("Order {ref} was cancelled by the donor. Please do not cook it."),
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        status=status_name(convo, contact, order),
    )


def payment_timed_out(convo: Conversation, order: Order, minutes: int) -> None:
    """No payment and no word from the donor in time: the meal goes back and both sides hear why."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    release_meal(convo, order, CapacityReason.UNPAID)
    order.move_to(S.PAYMENT_FAILED, convo.now, f"not paid in {minutes} minutes")
    forget_seeker(convo, order)
    donor, contact = convo.uow.people.get(order.donor_id), convo.uow.people.get(kitchen.person_id)
    convo.notify(
        donor,
        "Order {ref} is closed: no payment reached {kitchen} in {minutes} minutes. Send a new photo to start again.",
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        kitchen=kitchen.name,
        minutes=minutes,
        status=status_name(convo, donor, order),
    )
    convo.notify(
        contact,
        "Order {ref} is closed: the donor did not pay in {minutes} minutes. Please do not cook it.",
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        minutes=minutes,
        status=status_name(convo, contact, order),
    )


def claim_unconfirmed(convo: Conversation, order: Order) -> None:
    """The donor said PAID and the kitchen stayed silent: an admin looks at it, and the donor knows."""
    order.flag("donor says paid; kitchen has not confirmed", convo.now)
    convo.notify(
        convo.uow.people.get(order.donor_id),
        "The kitchen has not yet confirmed your payment for order {ref}. Our team will check it with them.",
        ref=order.reference,
    )
