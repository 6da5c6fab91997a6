"""The context one flow step runs in: the unit of work, the clock, the person, the links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.channels import MessageKind, template_values
from domain.duplicates import DuplicatePolicy
from domain.people import Person
from flows.i18n import t
from flows.ports import PhotoLinks, UnitOfWork


@dataclass
class Conversation:
    uow: UnitOfWork
    links: PhotoLinks
    now: datetime
    person: Person
    duplicates: DuplicatePolicy = field(default_factory=DuplicatePolicy)

    def say(self, message: str, *, media: tuple[str, ...] = (), **values: object) -> None:
        """Reply to the person this conversation is with, in their language."""
        text = t(self.person.language, message, **values)
        self.uow.outbox.send(self.person.address, text, media, language=self.person.language)

    def phrase(self, message: str, **values: object) -> str:
        return t(self.person.language, message, **values)

    def notify(
        self,
        person: Person,
        message: str,
        *,
        media: tuple[str, ...] = (),
        kind: MessageKind = MessageKind.REPLY,
        **values: object,
    ) -> None:
        """Tell someone else (the kitchen, or the donor) in their own language.

        A kind that may start a conversation (a new order, a UPI link, a status change…) names it:
        outside WhatsApp's 24-hour window it goes as that kind's template, filled from these values.
        """
        text = t(person.language, message, **values)
        variables = template_values(kind, values)
        self.uow.outbox.send(person.address, text, media, kind=kind, variables=variables, language=person.language)

    def words(self, person: Person, message: str, **values: object) -> str:
        return t(person.language, message, **values)
