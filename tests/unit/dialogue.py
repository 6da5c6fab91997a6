"""Scripted dialogues against the flows, on fakes: (what the person sends, what the reply must say)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.duplicates import FaceVerdict
from domain.kitchens import Kitchen
from domain.people import Person
from flows import router
from flows.conversation import Conversation
from flows.donor import resume
from flows.messages import Inbound, MediaProblem, Pin
from tests.unit.fakes import FakeLinks, FakeUnitOfWork

NOON_IN_CHENNAI = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
SPOT = (13.0604, 80.2496)


@dataclass(frozen=True)
class Photo:
    caption: str = ""


@dataclass(frozen=True)
class PinAt:
    lat: object
    lng: object
    label: str = ""


@dataclass(frozen=True)
class BadMedia:
    problem: MediaProblem


class Dialogue:
    def __init__(self, uow: FakeUnitOfWork | None = None, now: datetime = NOON_IN_CHENNAI):
        self.uow = uow or FakeUnitOfWork()
        self.now = now
        self.links = FakeLinks()
        self.photo_ids = itertools.count(100)

    def inbound(self, sender: str, message: object) -> Inbound:
        if isinstance(message, Photo):
            return Inbound(sender, text=message.caption, photo_ids=(next(self.photo_ids),))
        if isinstance(message, PinAt):
            return Inbound(sender, pin=Pin(str(message.lat), str(message.lng), message.label))
        if isinstance(message, BadMedia):
            return Inbound(sender, media_problem=message.problem)
        return Inbound(sender, text=str(message))

    def send(self, sender: str, message: object) -> list[str]:
        before = len(self.uow.outbox.sent)
        router.handle(self.uow, self.links, self.now, self.inbound(sender, message))
        return [body for to, body, _ in self.uow.outbox.sent[before:] if to == sender]

    def verify(self, sender: str, script: list[tuple[object, str]]) -> None:
        for message, expected in script:
            replies = self.send(sender, message)
            assert any(expected in reply for reply in replies), f"{message!r} -> {replies!r}, wanted {expected!r}"

    def heard(self, address: str) -> str:
        """The last thing sent to someone who did not speak (a kitchen, or a donor told by a job)."""
        return self.uow.outbox.to(address)[-1]

    def onboarded_donor(self, address: str = "whatsapp:+919800000001", language: str = "en") -> Person:
        """Language chosen, consent given, and already said that people agree to be photographed."""
        person = Person(address=address, created_at=self.now, language=language, language_chosen=True)
        person.consent_at = person.subject_consent_at = self.now
        return self.uow.people.add(person)

    def process_photos(self, verdict: FaceVerdict = FaceVerdict.ONE_FACE) -> list[str]:
        """Does what the photo job does once it has looked at each waiting photo; returns what donors heard."""
        before = len(self.uow.outbox.sent)
        waiting = [args for job, args in self.uow.jobs if job == "process_photo" and args[2] == "seeker"]
        self.uow.jobs = [(job, args) for job, args in self.uow.jobs if job != "process_photo"]
        for photo_id, order_id, _ in waiting:
            order = self.uow.orders.get(order_id)
            person = self.uow.people.get(order.donor_id)
            resume.photo_processed(Conversation(self.uow, self.links, self.now, person), order, photo_id, verdict)
        return [body for _, body, _ in self.uow.outbox.sent[before:]]

    def kitchen(
        self, name: str = "Amma Mess", address: str = "whatsapp:+919800000101", at=(13.0612, 80.2478), meals: int = 5
    ) -> Kitchen:
        person = self.uow.people.add(Person(address=address, created_at=self.now, language_chosen=True))
        kitchen = Kitchen(
            name=name,
            kind="restaurant",
            person_id=person.id,
            lat=at[0],
            lng=at[1],
            upi_vpa="amma@okaxis",
            price_paise=6000,
            daily_capacity=meals,
            verified=True,
            created_at=self.now,
        )
        return self.uow.kitchens.add(kitchen)
