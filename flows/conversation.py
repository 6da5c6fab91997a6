"""The context one flow step runs in: the unit of work, the clock, the person, the links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.channels import MessageKind, template_values
from domain.duplicates import DuplicatePolicy
from domain.orders import Deadlines
from domain.people import Person
from flows.i18n import t, when
from flows.ports import PhotoLinks, UnitOfWork
from flows.sms import texts as sms_texts
from flows.texts import JUST_NOW, MINUTES, ONE_MINUTE


@dataclass
class Conversation:
    uow: UnitOfWork
    links: PhotoLinks
    now: datetime
    person: Person
    duplicates: DuplicatePolicy = field(default_factory=DuplicatePolicy)
    deadlines: Deadlines = field(default_factory=Deadlines)

    def say(self, message: str, *, media: tuple[str, ...] = (), interim: bool = False, **values: object) -> None:
        """Reply to the person this conversation is with, in their language.

        An `interim` note (we are checking…) is sent only if nothing else is said to the person within a
        few seconds (domain.combining): the result that follows says it better."""
        self.notify(self.person, message, media=media, interim=interim, **values)

    def say_text(self, text: str) -> None:
        """Reply with a text already put together from translated pieces (see `phrase`)."""
        self._send(self.person, [text])

    def say_lines(self, *messages: str, **values: object) -> None:
        """One reply of several texts, a line each: a short explanation before a longer text it introduces.

        Each text is marked with N_ where it is defined, since calls here are not extracted.
        """
        self.notify_lines(self.person, *messages, **values)

    def notify_lines(
        self, person: Person | None, *messages: str, kind: MessageKind = MessageKind.REPLY, **values: object
    ) -> None:
        """One message of several texts, a line each, to someone else in their own language.

        On SMS each text is its short form, and the whole is fitted into as few parts as it takes.
        """
        if person is None:
            return
        if person.channel == "sms":
            body = sms_texts.joined(person.language, messages, **values)
        else:
            body = "\n".join(t(person.language, message, **values) for message in messages)
        self._send(person, [body], kind=kind, values=values)

    def phrase(self, message: str, **values: object) -> str:
        return self.words(self.person, message, **values)

    def waited(self, since: datetime) -> str:
        """How long since `since`, in whole minutes, as said in this person's language."""
        minutes = int((self.now - since).total_seconds() // 60)
        if minutes < 1:
            return self.phrase(JUST_NOW)
        return self.phrase(ONE_MINUTE) if minutes == 1 else self.phrase(MINUTES, minutes=minutes)

    def when(self, moment: datetime) -> str:
        """A date and time in this person's language and in India time."""
        return when(self.person.language, moment)

    def when_for(self, person: Person | None, moment: datetime) -> str:
        """A date and time in someone else's language and in India time."""
        return when(person.language if person else "en", moment)

    def notify(
        self,
        person: Person | None,
        message: str,
        *,
        media: tuple[str, ...] = (),
        kind: MessageKind = MessageKind.REPLY,
        interim: bool = False,
        **values: object,
    ) -> None:
        """Tell someone else (the kitchen, or the donor) in their own language; nobody, if they erased their data.

        A kind that may start a conversation (a new order, a UPI link, a status change…) names it:
        outside WhatsApp's 24-hour window it goes as that kind's template, filled from these values.
        A person on SMS reads the short form of the text, in as many messages as it takes (one,
        for every text we send), and no media: an SMS carries none.
        """
        if person is None:
            return
        if person.channel == "sms":
            bodies = sms_texts.bodies(person.language, message, **values)
            self._send(person, bodies, kind=kind, values=values, interim=interim)
            return
        self._send(person, [t(person.language, message, **values)], media, kind, values, interim)

    def _send(
        self,
        person: Person,
        bodies: list[str],
        media: tuple[str, ...] = (),
        kind: MessageKind = MessageKind.REPLY,
        values: dict[str, object] | None = None,
        interim: bool = False,
    ) -> None:
        """The one way a flow's words leave: each body a text for the outbox, with what its template would need.

        The outbox joins a job's texts to one person into one message where it may (domain.combining), and
        fits an SMS text into parts around its reference and UPI ID."""
        values = values or {}
        variables = template_values(kind, values)
        whole = sms_texts.whole(values) if person.channel == "sms" else ()
        for body in bodies:
            self.uow.outbox.send(
                person.address,
                body,
                media,
                kind=kind,
                variables=variables,
                language=person.language,
                whole=whole,
                interim=interim,
            )

    def words(self, person: Person, message: str, **values: object) -> str:
        if person.channel == "sms":
            return sms_texts.words(person.language, message, **values)
        return t(person.language, message, **values)
