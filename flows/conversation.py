"""The context one flow step runs in: the unit of work, the clock, the person, the links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain import sms
from domain.duplicates import DuplicatePolicy
from domain.people import Person
from flows.i18n import t
from flows.ports import PhotoLinks, UnitOfWork
from flows.sms import texts as sms_texts


@dataclass
class Conversation:
    uow: UnitOfWork
    links: PhotoLinks
    now: datetime
    person: Person
    duplicates: DuplicatePolicy = field(default_factory=DuplicatePolicy)

    def say(self, message: str, *, media: tuple[str, ...] = (), **values: object) -> None:
        """Reply to the person this conversation is with, in their language."""
        self.notify(self.person, message, media=media, **values)

    def say_text(self, text: str) -> None:
        """Reply with a text already put together from translated pieces (see `phrase`)."""
        for body in sms.fit(text) if self.person.channel == "sms" else [text]:
            self.uow.outbox.send(self.person.address, body)

    def phrase(self, message: str, **values: object) -> str:
        return self.words(self.person, message, **values)

    def notify(self, person: Person, message: str, *, media: tuple[str, ...] = (), **values: object) -> None:
        """Tell someone else (the kitchen, or the donor) in their own language.

        A person on SMS reads the short form of the text, in as many messages as it takes (one,
        for every text we send), and no media: an SMS carries none.
        """
        if person.channel == "sms":
            for body in sms_texts.bodies(person.language, message, **values):
                self.uow.outbox.send(person.address, body)
            return
        self.uow.outbox.send(person.address, t(person.language, message, **values), media)

    def words(self, person: Person, message: str, **values: object) -> str:
        if person.channel == "sms":
            return sms_texts.words(person.language, message, **values)
        return t(person.language, message, **values)
