"""DELETE MY DATA, once confirmed: what the erasure job (and `people erase`) does under the person's lock.

Open orders are cancelled where they still can be; those a kitchen is cooking go on without the
donor, and are delivered. Every order stays, anonymised, for the kitchen's accounts. The person's
photos and face data, messages, consents and number go; a keyed hash of the number stays.
"""

from __future__ import annotations

from datetime import datetime

from domain.hours import india_now
from domain.jobs import Job
from domain.orders import CANCELLABLE, KITCHEN_ACTIVE, Order
from domain.orders import OrderStatus as S
from domain.privacy import anonymise_kitchen, anonymise_order
from flows import ordering
from flows.conversation import Conversation
from flows.giving import pledges
from flows.i18n import t


def day(at: datetime) -> str:
    """A date every reader reads the same way, in India time: 26-12-2026."""
    return f"{india_now(at):%d-%m-%Y}"


def kitchen_must_finish_first(convo: Conversation) -> list[str]:
    """A kitchen with orders it was asked for or is cooking finishes them first: their donors wait on it.
    Returns their references, having said so; none when the person may erase now."""
    kitchen = convo.uow.kitchens.for_person(convo.person.id)
    busy = [order.reference for order in convo.uow.orders.open_for_kitchen(kitchen.id)] if kitchen else []
    if busy:
        convo.say(
            "First finish your open orders: {refs}. Then send DELETE MY DATA again.",
            refs=", ".join(busy),
        )
    return busy


def quietly_erasable(convo: Conversation) -> bool:
    """A number whose data was erased before, back with nothing but this chat: nothing to confirm."""
    person = convo.person
    never_ordered = not convo.uow.orders.for_donor(person.id, limit=1)
    fresh = person.consent_at is None and never_ordered and convo.uow.kitchens.for_person(person.id) is None
    return fresh and convo.uow.privacy.erased_at(person.address) is not None


def erase(convo: Conversation, tell: bool = True) -> list[str]:
    """Erases the person; returns the references that must be finished first (nothing is erased then)."""
    busy = kitchen_must_finish_first(convo)
    if busy:
        return busy
    uow, person = convo.uow, convo.person
    erased_before = uow.privacy.erased_at(person.address) if quietly_erasable(convo) else None
    records = uow.privacy.records(person)
    for order in records.orders:
        let_go(convo, order)
    for photo in records.photos:
        uow.later(Job.DISCARD_PHOTO, photo.photo_id)
    pledges.end_all(convo)  # nobody is left to ask for the money
    kitchen = uow.kitchens.for_person(person.id)
    if kitchen is not None:
        anonymise_kitchen(kitchen)
    cooking = [order.reference for order in records.orders if order.state in KITCHEN_ACTIVE]
    address, language = person.address, person.language
    uow.privacy.forget(person, [order.id for order in records.orders], convo.now)
    if tell:
        uow.outbox.send(address, last_word(language, cooking, kitchen is not None, erased_before))
    uow.privacy.hold_unsent(address)
    return []


def let_go(convo: Conversation, order: Order) -> None:
    """Cancelled if it still can be (its kitchen is told not to cook), completed if delivered, else left
    to be delivered without the donor; either way it keeps nothing of the donor or of the person fed."""
    if order.is_open and order.state in CANCELLABLE:
        ordering.cancel_order(convo, order)
    elif order.state == S.DELIVERED:  # nobody is left to rate it
        order.move_to(S.COMPLETED, convo.now, "not rated: the donor erased their data")
    ordering.forget_seeker(convo, order)
    anonymise_order(order)


def last_word(language: str, cooking: list[str], was_kitchen: bool, erased_before: datetime | None) -> str:
    """The one message after an erasure, in the language the person used."""
    if erased_before is not None:
        return t(
            language,
            "Your data was already deleted on {date}. We keep nothing else about you.",
            date=day(erased_before),
        )
    lines = [
        t(language, "Your data is deleted: your number, messages, photos and places. Thank you for using Ketpaar.")
    ]
    lines += [
        t(language, "Order {ref} is being cooked and will still be delivered, without your name.", ref=reference)
        for reference in cooking
    ]
    if was_kitchen:
        lines.append(t(language, "Your kitchen has left Ketpaar."))
    return "\n".join(lines)
