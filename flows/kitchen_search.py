"""Finding a kitchen for an order: the list the donor chooses from, the request a kitchen answers, and
the wait for a kitchen to free up when none near can cook now.

A waiting order keeps its photo and place: a sweep asks the first kitchen that can cook (capacity
set, hours open, a meal given back), and the donor may share another pin or cancel meanwhile.
"""

from __future__ import annotations

from datetime import timedelta

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.geo import format_distance, map_link
from domain.hours import india_day
from domain.kitchens import SMS_OFFERS, Kitchen, KitchenOffer, choose_offers
from domain.money import format_rupees
from domain.orders import Order
from domain.orders import OrderStatus as S
from domain.people import Person
from flows.conversation import Conversation
from flows.giving import campaign_end
from flows.i18n import N_
from flows.ordering import forget_seeker, place_of, release_meal, status_name
from flows.sms import kitchens as sms_kitchens

REQUEST = N_(
    "New meal request {ref}: 1 meal, {price}.\nPlace: {place}\nMap: {map}\nPhoto of the person: {photo}\n"
    "Reply ACCEPT {ref} or DECLINE {ref} within {minutes} minutes."
)
# The place was typed by SMS, not pinned: the map shows near where it is, and the kitchen reads its words.
REQUEST_TYPED_PLACE = N_(
    "New meal request {ref}: 1 meal, {price}.\nPlace: {place}\nMap (near the place named): {map}\n"
    "Reply ACCEPT {ref} or DECLINE {ref} within {minutes} minutes."
)
# The person did not agree to a photo, or it could not be used: the request goes without that line.
REQUEST_WITHOUT_PHOTO = N_(
    "New meal request {ref}: 1 meal, {price}.\nPlace: {place}\nMap: {map}\n"
    "Reply ACCEPT {ref} or DECLINE {ref} within {minutes} minutes."
)
NONE_NEAR = N_(
    "No kitchen near this spot can cook order {ref} now. We keep the order and its photo, and will tell you "
    "when a kitchen can, within {wait} minutes. You may also share another location, or send CANCEL."
)
FREED = N_(
    "{kitchen} can cook now: we asked them to cook order {ref} ({price}, {distance} away). "
    "They have {minutes} minutes to answer."
)
# When the kitchen asked lets the order go, the donor hears why, then what happens next, in one message.
DID_NOT_ANSWER = N_("{kitchen} did not answer order {ref} in {minutes} minutes.")
CANNOT_COOK = N_("{kitchen} cannot cook order {ref}.")
GAVE_UP = N_(
    "{kitchen} can no longer cook order {ref}. Please do not pay {kitchen}; if you already did, "
    "ask them to send it back."
)
ASKED_INSTEAD = N_(
    "We asked {next} to cook it instead ({price}, {distance} away). They have {minutes} minutes to answer."
)
OTHERS = N_("To choose another kitchen instead, reply with its number:\n{kitchens}")
NONE_LEFT = N_(
    "No other kitchen near you can cook now. We keep the order and will tell you when one can, "
    "within {wait} minutes. You may also share another location, or send CANCEL."
)
NO_LONGER_YOURS = N_(
    "We had no answer from you in {minutes} minutes, so order {ref} is no longer yours. Please do not cook it."
)
WAIT_OVER = N_(
    "No kitchen near order {ref} could cook in {wait} minutes, so it is closed. No money was taken. "
    "Send a new photo when you want to try again."
)


def usable_offers(convo: Conversation, order: Order) -> list[KitchenOffer]:
    """Kitchens near the order that can cook now, nearest first, leaving out those that dropped it."""
    candidates = convo.uow.kitchens.near(order.point, india_day(convo.now))
    offers = choose_offers(candidates, convo.now, excluded=set(order.declined_kitchen_ids))
    cap = campaign_end.price_cap(convo, order)  # a campaign's shares pay no more than its kitchen's price
    return [offer for offer in offers if cap is None or offer.kitchen.price_paise <= cap]


def for_reading(donor: Person, offers: list[KitchenOffer]) -> list[KitchenOffer]:
    """The offers a donor can read in one message: three lines fit an SMS of two parts in Tamil, five do not."""
    return offers[:SMS_OFFERS] if donor.channel == "sms" else offers


def numbered(convo: Conversation, donor: Person, offers: list[KitchenOffer]) -> str:
    """The kitchens as the donor reads them, one "n. Name: ₹price, distance" line each."""
    return "\n".join(
        convo.words(
            donor,
            "{number}. {name}: {price}, {distance}",
            number=number,
            name=offer.kitchen.name,
            price=format_rupees(offer.kitchen.price_paise),
            distance=format_distance(offer.distance_m),
        )
        for number, offer in enumerate(offers, start=1)
    )


def offer_kitchens(convo: Conversation, order: Order, donor: Person) -> None:
    """List up to five kitchens (three by SMS) that can cook now; when none can, the order waits for one."""
    offers = for_reading(donor, usable_offers(convo, order))
    if not offers:
        start_wait(convo, order, donor)
        return
    order.offered_kitchen_ids = [offer.kitchen.id for offer in offers]
    convo.notify(
        donor,
        "Order {ref}: kitchens near you that can cook now:\n{kitchens}\nReply with a number to choose.",
        ref=order.reference,
        kitchens=numbered(convo, donor, offers),
    )


def ask_kitchen(convo: Conversation, order: Order, kitchen: Kitchen) -> None:
    contact = convo.uow.people.get(kitchen.person_id)
    if contact is not None and contact.channel == "sms":
        sms_kitchens.ask_by_sms(convo, contact, order, place_of(order))
        return
    # Signed for this order and this kitchen: the link dies when the kitchen drops out or the order ends.
    photo = convo.links.link(order.photo_id, order.id, kitchen.id) if order.photo_id else ""
    values = {
        "ref": order.reference,
        "price": format_rupees(order.amount_paise),
        "place": place_of(order),
        "map": map_link(order.point),
        "photo": photo or "-",  # a template's variable may not be empty
        "minutes": convo.deadlines.kitchen_answer_minutes,
    }
    convo.notify(
        contact,
        REQUEST if photo else REQUEST_TYPED_PLACE if order.typed_place else REQUEST_WITHOUT_PHOTO,
        media=(photo,) if photo else (),
        kind=MessageKind.NEW_ORDER,
        **values,
    )
    if order.seeker_description:  # without a photo, the donor's words are all the kitchen has to go by
        # The request's kind and values: it is one message with the request (domain.combining).
        convo.notify(
            contact,
            "About the person: {description}",
            kind=MessageKind.NEW_ORDER,
            description=order.seeker_description,
            **values,
        )


def reserve_nearest(convo: Conversation, order: Order, offers: list[KitchenOffer]) -> KitchenOffer | None:
    """Reserves a meal at the nearest of `offers` that still has one (another donor may have just taken
    the last), and assigns that kitchen to the order."""
    day = india_day(convo.now)
    for offer in offers:
        if convo.uow.kitchens.reserve_meal(offer.kitchen, day, order.id):
            order.assign_kitchen(offer.kitchen.id, offer.kitchen.price_paise, day, convo.now)
            return offer
    return None


def start_wait(convo: Conversation, order: Order, donor: Person) -> None:
    order.wait_for_kitchen(convo.now)
    convo.notify(donor, NONE_NEAR, ref=order.reference, wait=convo.deadlines.kitchen_wait_minutes)


def kitchen_wait(convo: Conversation, order: Order) -> None:
    """A sweep's turn with a waiting order: ask the first kitchen that can cook, or end the wait once it is over."""
    if order.state != S.WAITING_FOR_KITCHEN:
        return
    offers = usable_offers(convo, order)
    asked = reserve_nearest(convo, order, offers)
    if asked is not None:
        order.move_to(S.VENDOR_SELECTION, convo.now, "a kitchen can cook now")
        tell_asked(convo, order, convo.person, asked, offers, FREED, kitchen=asked.kitchen.name)
        return
    wait = convo.deadlines.kitchen_wait_minutes
    if order.waited_since(convo.now - timedelta(minutes=wait)):
        order.move_to(S.CANCELLED, convo.now, f"no kitchen could cook in {wait} minutes")
        forget_seeker(convo, order)
        campaign_end.order_cancelled(convo, order)
        convo.say(WAIT_OVER, ref=order.reference, wait=wait)


def tell_asked(
    convo: Conversation,
    order: Order,
    donor: Person,
    asked: KitchenOffer,
    offers: list[KitchenOffer],
    *lines: str,
    **values: object,
) -> None:
    """The kitchen just assigned is asked; the donor reads `lines`, then the kitchens further away,
    numbered, which they may still choose instead."""
    others = for_reading(donor, offers[offers.index(asked) + 1 :])
    order.offered_kitchen_ids = [offer.kitchen.id for offer in others]
    ask_kitchen(convo, order, asked.kitchen)
    convo.notify_lines(
        donor,
        *lines,
        *([OTHERS] if others else []),
        ref=order.reference,
        next=asked.kitchen.name,
        price=format_rupees(asked.kitchen.price_paise),
        distance=format_distance(asked.distance_m),
        minutes=convo.deadlines.kitchen_answer_minutes,
        kitchens=numbered(convo, donor, others),
        **values,
    )


def ask_next_kitchen(convo: Conversation, order: Order, donor: Person, why: str, **values: object) -> None:
    """The kitchen asked let the order go: the next nearest that can cook is asked at once, or, with none
    left, the order waits for one. The donor hears `why` first."""
    offers = usable_offers(convo, order)
    asked = reserve_nearest(convo, order, offers)
    if asked is None:
        order.wait_for_kitchen(convo.now)
        deadlines = convo.deadlines
        minutes, wait = deadlines.kitchen_answer_minutes, deadlines.kitchen_wait_minutes
        convo.notify_lines(donor, why, NONE_LEFT, ref=order.reference, minutes=minutes, wait=wait, **values)
        return
    tell_asked(convo, order, donor, asked, offers, why, ASKED_INSTEAD, **values)


def kitchen_dropped_out(convo: Conversation, order: Order, reason: CapacityReason) -> None:
    """The asked kitchen declined or did not answer, or gave up an order the donor had not paid yet:
    its meal is freed and the next nearest kitchen asked."""
    release_meal(convo, order, reason)
    accepted = order.state == S.PAYMENT_REDIRECT
    kitchen = convo.uow.kitchens.get(order.drop_kitchen())
    if accepted:
        order.move_to(S.VENDOR_SELECTION, convo.now, "kitchen gave the order up before payment")
    donor = convo.uow.people.get(order.donor_id)
    minutes = convo.deadlines.kitchen_answer_minutes
    if reason == CapacityReason.TIMED_OUT:
        contact = convo.uow.people.get(kitchen.person_id)
        status = status_name(convo, contact, order)
        convo.notify(
            contact,
            NO_LONGER_YOURS,
            kind=MessageKind.STATUS_CHANGE,
            ref=order.reference,
            minutes=minutes,
            status=status,
        )
    why = GAVE_UP if accepted else DID_NOT_ANSWER if reason == CapacityReason.TIMED_OUT else CANNOT_COOK
    ask_next_kitchen(convo, order, donor, why, kitchen=kitchen.name)


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
    # The kitchen list (or the wait for one) follows in the same message and names the order.
    convo.notify(
        donor,
        N_(
            "{kitchen} can no longer take orders, so your order needs another kitchen. "
            "Please do not pay {kitchen}; if you already did, ask them to send it back."
        )
        if asked_to_pay
        else N_("{kitchen} can no longer take orders, so your order needs another kitchen."),
        kitchen=kitchen.name,
    )
    offer_kitchens(convo, order, donor)
