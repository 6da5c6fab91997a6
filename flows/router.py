"""Sends one inbound message to the conversation it belongs to."""

from __future__ import annotations

from datetime import datetime

from domain.duplicates import DuplicatePolicy
from domain.orders import Deadlines
from domain.people import Person
from flows import donor, kitchen, privacy, registration, stopping
from flows.conversation import Conversation
from flows.i18n import t
from flows.messages import Inbound
from flows.ports import PhotoLinks, UnitOfWork
from flows.sms import donor as sms_donor


def handle(
    uow: UnitOfWork,
    links: PhotoLinks,
    now: datetime,
    msg: Inbound,
    duplicates: DuplicatePolicy | None = None,
    deadlines: Deadlines | None = None,
) -> None:
    person = uow.people.by_address(msg.sender)
    if person is None:
        person = uow.people.add(Person(address=msg.sender, created_at=now))
    convo = Conversation(uow, links, now, person, duplicates or DuplicatePolicy(), deadlines or Deadlines())
    if stopping.handle(convo, msg):  # STOP and START come first, whatever the person was doing
        return
    if privacy.handle(convo, msg):  # at any step, for donors and kitchens alike
        return
    if registration.in_progress(convo):
        registration.handle(convo, msg)
        return
    own_kitchen = uow.kitchens.for_person(person.id)
    if own_kitchen is not None:
        kitchen.handle(convo, own_kitchen, msg)
        return
    if person.channel == "sms":  # an SMS cannot carry a photo or a pin: the donor types the place
        sms_donor.handle(convo, msg)
        return
    donor.handle(convo, msg)


def slow_down(uow: UnitOfWork, address: str) -> None:
    """At most once a minute while a sender is past the message rate; what they send meanwhile is kept, not answered."""
    uow.outbox.send(
        address,
        t(
            _language_of(uow, address),
            "You are sending messages very fast. Please wait a minute; your messages are kept.",
        ),
    )


def _language_of(uow: UnitOfWork, address: str) -> str:
    person = uow.people.by_address(address)
    return person.language if person else "en"


def apologise(uow: UnitOfWork, address: str) -> None:
    """The last word when handling a message failed: the person must never be left unanswered."""
    uow.outbox.send(
        address, t(_language_of(uow, address), "Sorry, something went wrong on our side. Please try again in a minute.")
    )
