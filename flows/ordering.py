"""Steps on an order that more than one side takes: offering kitchens, losing one, cancelling."""

from __future__ import annotations

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.geo import format_distance, map_link
from domain.hours import india_day
from domain.jobs import Job
from domain.kitchens import Kitchen, choose_offers
from domain.money import format_rupees, upi_link
from domain.orders import KITCHEN_ANSWER_MINUTES, Order
from domain.orders import OrderStatus as S
from domain.people import Person
from flows.conversation import Conversation
from flows.i18n import N_
from flows.texts import STATUS_NAMES


def place_of(order: Order) -> str:
    return order.place_label or order.place_address or f"{order.lat:.5f}, {order.lng:.5f}"


def ask_pin(convo: Conversation, order: Order) -> None:
    convo.say(
        "Now share the location for order {ref}: tap + (or the clip), then Location, then Send your current location.",
        ref=order.reference,
    )


def status_name(convo: Conversation, person: Person, order: Order) -> str:
    return convo.words(person, STATUS_NAMES[order.state])


def upi_for(order: Order, kitchen: Kitchen) -> str:
    return upi_link(kitchen.upi_vpa, kitchen.name, order.amount_paise, order.reference)


def offer_kitchens(convo: Conversation, order: Order, donor: Person) -> None:
    """List up to five kitchens that can cook now, or close the order when none can."""
    candidates = convo.uow.kitchens.near(order.point, india_day(convo.now))
    offers = choose_offers(candidates, convo.now, excluded=set(order.declined_kitchen_ids))
    if not offers:
        order.move_to(S.CANCELLED, convo.now, "no kitchen available")
        forget_seeker(convo, order)
        convo.notify(
            donor,
            "Sorry, no kitchen near this spot can cook now. Order {ref} is closed. Please try again later.",
            ref=order.reference,
        )
        return
    order.offered_kitchen_ids = [offer.kitchen.id for offer in offers]
    lines = [
        convo.words(
            donor,
            "{number}. {name}: {price}, {distance}",
            number=number,
            name=offer.kitchen.name,
            price=format_rupees(offer.kitchen.price_paise),
            distance=format_distance(offer.distance_m),
        )
        for number, offer in enumerate(offers, start=1)
    ]
    convo.notify(
        donor,
        "Order {ref}: kitchens near you that can cook now:\n{kitchens}\nReply with a number to choose.",
        ref=order.reference,
        kitchens="\n".join(lines),
    )


def ask_kitchen(convo: Conversation, order: Order, kitchen: Kitchen) -> None:
    contact = convo.uow.people.get(kitchen.person_id)
    photo = convo.links.link(order.photo_id) if order.photo_id else ""
    convo.notify(
        contact,
        "New meal request {ref}: 1 meal, {price}.\nPlace: {place}\nMap: {map}\nPhoto of the person: {photo}\n"
        "Reply ACCEPT {ref} or DECLINE {ref} within {minutes} minutes.",
        media=(photo,) if photo else (),
        kind=MessageKind.NEW_ORDER,
        ref=order.reference,
        price=format_rupees(order.amount_paise),
        place=place_of(order),
        map=map_link(order.point),
        photo=photo or "-",
        minutes=KITCHEN_ANSWER_MINUTES,
    )


def release_meal(convo: Conversation, order: Order, reason: CapacityReason) -> None:
    if order.holds_meal:
        convo.uow.kitchens.release_meal(order.kitchen_id, order.meal_day, order.id, reason)


def kitchen_dropped_out(convo: Conversation, order: Order, reason: CapacityReason) -> None:
    """The asked kitchen declined or did not answer: free its meal and offer the others."""
    release_meal(convo, order, reason)
    kitchen = convo.uow.kitchens.get(order.drop_kitchen())
    donor = convo.uow.people.get(order.donor_id)
    if reason == CapacityReason.TIMED_OUT:
        convo.notify(
            convo.uow.people.get(kitchen.person_id),
            "Order {ref} went to another kitchen: we had no answer in {minutes} minutes.",
            ref=order.reference,
            minutes=KITCHEN_ANSWER_MINUTES,
        )
        convo.notify(
            donor,
            "{kitchen} did not answer in time for order {ref}.",
            kitchen=kitchen.name,
            ref=order.reference,
        )
    else:
        convo.notify(donor, "{kitchen} cannot cook order {ref}.", kitchen=kitchen.name, ref=order.reference)
    offer_kitchens(convo, order, donor)


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


def kitchen_suspended(
    convo: Conversation, order: Order, kitchen: Kitchen, reason: CapacityReason = CapacityReason.SUSPENDED
) -> None:
    """An unpaid order of a suspended (or paused) kitchen: its meal is freed and the donor chooses another kitchen."""
    release_meal(convo, order, reason)
    asked_to_pay = order.state == S.PAYMENT_REDIRECT
    order.drop_kitchen()
    if asked_to_pay:
        order.move_to(S.VENDOR_SELECTION, convo.now, "kitchen suspended before payment")
    donor = convo.uow.people.get(order.donor_id)
    convo.notify(
        donor,
        N_(
            "{kitchen} can no longer take orders, so order {ref} needs another kitchen. "
            "Please do not pay {kitchen}; if you already did, ask them to send it back."
        )
        if asked_to_pay
        else N_("{kitchen} can no longer take orders, so order {ref} needs another kitchen."),
        kitchen=kitchen.name,
        ref=order.reference,
    )
    offer_kitchens(convo, order, donor)
