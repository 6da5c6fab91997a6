"""The context one flow step runs in: the unit of work, the clock, the person, the links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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
        self.uow.outbox.send(self.person.address, t(self.person.language, message, **values), media)

    def phrase(self, message: str, **values: object) -> str:
        return t(self.person.language, message, **values)

    def notify(self, person: Person | None, message: str, *, media: tuple[str, ...] = (), **values: object) -> None:
        """Tell someone else (the kitchen, or the donor) in their own language; nobody, if they erased their data."""
        if person is None:
            return
        self.uow.outbox.send(person.address, t(person.language, message, **values), media)

    def words(self, person: Person, message: str, **values: object) -> str:
        return t(person.language, message, **values)
