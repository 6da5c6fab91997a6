"""The donor's order from first photo to rating: start it, take the pin, wait for the checks and
the kitchen, rate the kitchen."""

from __future__ import annotations

from domain.commands import parse_choice
from domain.duplicates import FaceVerdict
from domain.jobs import Job
from domain.orders import Order, reference_candidates
from domain.orders import OrderStatus as S
from flows import ordering
from flows.conversation import Conversation
from flows.donor import commands, seeker_photo
from flows.giving import campaigns, pledges
from flows.messages import Inbound
from flows.pins import read_pin


def active_order(convo: Conversation) -> Order | None:
    order_id = convo.person.active_order_id
    order = convo.uow.orders.get(order_id) if order_id else None
    return order if order is not None and order.is_open else None


def start_order(convo: Conversation, photo_id: int) -> None:
    order = Order(reference="", donor_id=convo.person.id, created_at=convo.now)
    order.record_creation()
    convo.uow.orders.add_numbered(order, reference_candidates())
    convo.person.active_order_id = order.id
    convo.say("Photo received. Your order is {ref}.", ref=order.reference)
    seeker_photo.attach_photo(convo, order, photo_id)


def idle(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    if msg.has_photo:
        start_order(convo, msg.photo_ids[0])
    elif msg.pin is not None and pledges.waits_for_pin(convo):
        pledges.pin_for_pledge(convo, msg.pin)
    elif msg.pin is not None and campaigns.waits_for_pin(convo):
        campaigns.pin_for_alert(convo, msg.pin)
    elif msg.pin is not None:
        convo.say("Please send a photo of the person first, then the location.")
    else:
        commands.short_help(convo, understood=False)


def take_pin(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo and seeker_photo.takes_new_photo(order):
        seeker_photo.attach_photo(convo, order, msg.photo_ids[0])
        return
    if msg.has_photo:
        convo.say(
            "We already have a photo for order {ref}. Now please share the location. To start again, send CANCEL.",
            ref=order.reference,
        )
        return
    if seeker_photo.takes_description(order, msg):
        seeker_photo.describe(convo, order, msg)
        ordering.ask_pin(convo, order)
        return
    if msg.pin is None:
        convo.say("Order {ref} needs the location. Please share your location pin.", ref=order.reference)
        return
    check_place(convo, msg, order)


def check_place(convo: Conversation, msg: Inbound, order: Order) -> None:
    """A pin for the order, first or new: the spot is checked before any kitchen is looked for."""
    point = read_pin(convo, msg.pin)
    if point is None:
        return
    order.set_place(point, msg.pin.label, msg.pin.address)
    order.move_to(S.SAFETY_CHECK, convo.now, "location received")
    convo.uow.later(Job.ASSESS_SAFETY, order.id)
    # Held a few seconds: the kitchen list (or why not) usually follows at once, and says it better.
    convo.say(
        "Thank you. We are checking that the spot is safe for a delivery (order {ref}).",
        ref=order.reference,
        interim=True,
    )


def photo_answer(convo: Conversation, msg: Inbound, order: Order) -> None:
    """YES or NO to the photo; or the pin the question asked for if the person agreed."""
    if seeker_photo.agreed_by_pin(order, msg):
        seeker_photo.answer_consent(convo, order, agreed=True)
        check_place(convo, msg, order)
        return
    seeker_photo.photo_consent(convo, msg, order)


def still_checking(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo and seeker_photo.takes_new_photo(order):
        seeker_photo.attach_photo(convo, order, msg.photo_ids[0])
        return
    if seeker_photo.takes_description(order, msg):
        seeker_photo.describe(convo, order, msg)
        return
    if order.photo_id is None and order.face_verdict == FaceVerdict.MANY_FACES:
        convo.say("Order {ref} needs a photo of just the person you are helping.", ref=order.reference)
        return
    convo.say("We are still checking the spot for order {ref}. Please wait a moment.", ref=order.reference)


def waiting(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo:
        convo.say(
            "Order {ref} is already under way. To start a new one, first send CANCEL or wait until it is done.",
            ref=order.reference,
        )
        return
    commands.status(convo, order)


def wait_for_kitchen(convo: Conversation, msg: Inbound, order: Order) -> None:
    """No kitchen near can cook yet: another pin is checked afresh; anything else hears where the order stands."""
    if msg.pin is not None:
        check_place(convo, msg, order)
        return
    waiting(convo, msg, order)


def rate_kitchen(convo: Conversation, msg: Inbound, order: Order) -> None:
    stars = parse_choice(msg.text, 5)
    if stars is None:
        if msg.has_photo:
            order.move_to(S.COMPLETED, convo.now, "not rated")
            convo.person.active_order_id = None
            start_order(convo, msg.photo_ids[0])
            return
        convo.say("How was the meal for order {ref}? Reply with a number from 1 to 5.", ref=order.reference)
        return
    order.rate(stars, convo.now)
    convo.uow.kitchens.add_rating(order.kitchen_id, stars)
    convo.person.active_order_id = None
    # Nothing back: the donor has just done a meal from photo to rating, and a thank-you alone tells nothing.
