"""FEED <place>: the typed place found (Google, or the PIN code's post offices), chosen among up to three,
and the order started there; NOTE: the donor's few words about the person, for the kitchen."""

from __future__ import annotations

from domain.commands import Command, parse_choice
from domain.geo import Point
from domain.jobs import Job
from domain.orders import Order, reference_candidates
from domain.orders import OrderStatus as S
from domain.places import FoundPlace, PlaceQuery, PointSource, label_for, parse_place
from flows import ordering
from flows.conversation import Conversation
from flows.i18n import N_
from flows.messages import Inbound
from flows.sms import kitchens
from flows.sms.texts import native

NOTE_MAX = 60  # characters of a NOTE kept: what one line of the kitchen's SMS holds
CHOICES = "places"  # the key in the person's draft: the places offered, and what was typed
EXAMPLE = "FEED 600017 T Nagar bus stand"

FEED_HOW = native(N_("Please write the place after FEED, like: {example}"))
ASK_PINCODE = native(N_("We could not find that place. Please add its 6-digit PIN code, like: {example}"))
UNKNOWN_PINCODE = native(N_("We do not know the PIN code {pincode}. Please check it and send FEED again."))
PLACE_LINE = native(N_("{number}. {address}"))
CHOOSE_PLACE = native(N_("Which place? Reply with its number:\n{places}"))
CHOOSE_PLACE_AGAIN = native(N_("Please reply with a number from 1 to {count}, or send FEED with another place."))
CHECKING = native(N_("Order {ref}: near {address}. We are checking the spot."))
NOTE_HINT = native(N_("To help the kitchen find the person, send NOTE and a few words, like: NOTE old man, blue shirt"))
UNDER_WAY = native(N_("Order {ref} is under way. To start another, first send CANCEL."))
NOTE_HOW = native(N_("Please write a few words after NOTE, like: NOTE old man, blue shirt"))
NOTE_FIRST = native(N_("Please send FEED and the place first, then NOTE."))
NOTE_TOO_LATE = native(N_("Order {ref} is already {status}."))

# Before the kitchen is asked, a NOTE goes with the request; after, it is sent on to the kitchen.
NOTE_STATES = frozenset(
    {S.SAFETY_CHECK, S.SAFETY_REJECTED, S.VENDOR_SELECTION, S.PAYMENT_REDIRECT, S.PAYMENT_CONFIRMED, S.IN_TRANSIT}
)


def feed_command(convo: Conversation, command: Command, order: Order | None) -> None:
    query = parse_place(command.rest)
    if query is None:
        convo.say(FEED_HOW, example=EXAMPLE)
        return
    if order is not None and order.state == S.DELIVERED:
        order.move_to(S.COMPLETED, convo.now, "not rated")  # a new meal before rating the last
        convo.person.active_order_id = order = None
    if order is not None and order.state != S.SAFETY_REJECTED:
        convo.say(UNDER_WAY, ref=order.reference)
        return
    found = convo.uow.places.find(query, last_point(convo))
    if not found:
        convo.say(ASK_PINCODE if query.pincode is None else UNKNOWN_PINCODE, example=EXAMPLE, pincode=query.pincode)
    elif len(found) == 1:
        go_to(convo, order, query, found[0])
    else:
        offer_places(convo, query, found)


def last_point(convo: Conversation) -> Point | None:
    """The donor's last area, which Google's answers lean toward."""
    last = convo.uow.orders.for_donor(convo.person.id, limit=1)
    return last[0].point if last and last[0].lat is not None else None


def offer_places(convo: Conversation, query: PlaceQuery, found: list[FoundPlace]) -> None:
    rows = [[place.point.lat, place.point.lng, place.address, place.source.value] for place in found]
    offered = {"rows": rows, "landmark": query.landmark, "pincode": query.pincode}
    convo.person.draft = {**convo.person.draft, CHOICES: offered}
    lines = [
        convo.phrase(PLACE_LINE, number=number, address=place.address) for number, place in enumerate(found, start=1)
    ]
    convo.say(CHOOSE_PLACE, places="\n".join(lines))


def has_choices(convo: Conversation) -> bool:
    return CHOICES in convo.person.draft


def choose_place(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    offered = convo.person.draft[CHOICES]
    choice = parse_choice(msg.text, len(offered["rows"]))
    if choice is None:
        convo.say(CHOOSE_PLACE_AGAIN, count=len(offered["rows"]))
        return
    lat, lng, address, source = offered["rows"][choice - 1]
    query = PlaceQuery(offered["landmark"], offered["pincode"])
    go_to(convo, order, query, FoundPlace(Point(lat, lng), address, PointSource(source)))


def go_to(convo: Conversation, order: Order | None, query: PlaceQuery, place: FoundPlace) -> None:
    """The order (a new one, or the one whose place was not safe) goes to the place, and its spot is checked."""
    convo.person.draft = {key: value for key, value in convo.person.draft.items() if key != CHOICES}
    if order is None:
        order = Order(reference="", donor_id=convo.person.id, created_at=convo.now)
        order.record_creation()
        convo.uow.orders.add_numbered(order, reference_candidates())
        convo.person.active_order_id = order.id
    order.set_place(place.point, label_for(query), place.address, place.source)
    order.move_to(S.SAFETY_CHECK, convo.now, f"place found ({place.source.value})")
    convo.uow.later(Job.ASSESS_SAFETY, order.id)
    convo.say(CHECKING, ref=order.reference, address=place.address)
    if not order.seeker_description:
        convo.say(NOTE_HINT)


def note_command(convo: Conversation, command: Command, order: Order | None) -> None:
    words = command.rest.strip()[:NOTE_MAX]
    if not words:
        convo.say(NOTE_HOW)
    elif order is None:
        convo.say(NOTE_FIRST)
    elif order.state not in NOTE_STATES:
        convo.say(NOTE_TOO_LATE, ref=order.reference, status=ordering.status_name(convo, convo.person, order))
    else:
        order.seeker_description = words  # nothing back: the hint told the donor the kitchen reads it
        if order.kitchen_id is not None:
            contact = convo.uow.people.get(convo.uow.kitchens.get(order.kitchen_id).person_id)
            kitchens.tell_about_person(convo, contact, order)
