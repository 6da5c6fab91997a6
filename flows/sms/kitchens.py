"""A meal request reaches an SMS kitchen as short texts: the order, the place with its map link, and
the donor's words about the person (an SMS carries no photo)."""

from __future__ import annotations

from domain.channels import MessageKind
from domain.geo import map_link
from domain.money import format_rupees
from domain.orders import Order
from domain.people import Person
from flows.conversation import Conversation
from flows.i18n import N_
from flows.sms.texts import native

REQUEST = native(N_("New order {ref}: 1 meal, {price}. Reply ACCEPT {ref} or DECLINE {ref} within {minutes} min."))
PLACE = native(N_("Order {ref} place: {place}\nMap: {map}"))
PERSON = native(N_("Order {ref}, the person: {note}"))


def ask_by_sms(convo: Conversation, contact: Person, order: Order, place: str) -> None:
    """Three short texts rather than one long one: each fits two parts even in Tamil, and each names the
    order, since they go as one SMS only where they fit two parts together (domain.combining). All are the
    new order's kind, so that each carries its DLT template id; each takes all the order's values."""
    values = {
        "ref": order.reference,
        "price": format_rupees(order.amount_paise),
        "place": place,
        "map": map_link(order.point),
        "photo": "-",  # an SMS carries none
        "minutes": convo.deadlines.kitchen_answer_minutes,
    }
    convo.notify(contact, REQUEST, kind=MessageKind.NEW_ORDER, **values)
    convo.notify(contact, PLACE, kind=MessageKind.NEW_ORDER, **values)
    if order.seeker_description:
        convo.notify(contact, PERSON, kind=MessageKind.NEW_ORDER, note=order.seeker_description, **values)


def tell_about_person(convo: Conversation, contact: Person, order: Order) -> None:
    """A NOTE sent after the kitchen was asked: a message of its own."""
    convo.notify(contact, PERSON, ref=order.reference, note=order.seeker_description)
