"""DELETE MY DATA, once confirmed, as its own job: it runs under the person's lock, after the message
that confirmed it was stored as handled, so that message goes with the rest."""

from __future__ import annotations

from flows import erasure
from jobs import runtime, twilio_media


def erase_person(person_id: int, tell: bool = True) -> list[str] | None:
    """Erases the person; returns the orders a kitchen must finish first, or None if nobody is left to erase."""
    services = runtime.services()
    with services.uow() as uow:
        person = uow.people.get(person_id)
        if person is None:
            return None  # erased already: a repeated job has nothing to do
        uow.inbox.lock_sender(person.address)  # their messages and this job take turns
        twilio_media.collect(services, uow, sender=person.address)  # before their messages go
        busy = erasure.erase(runtime.conversation(services, uow, person), tell)
        uow.commit()
    return busy


def forget_farewells() -> int:
    """The last message to an erased number goes once it is sent: then nothing holds the number."""
    services = runtime.services()
    with services.uow() as uow:
        deleted = uow.privacy.forget_sent_farewells()
        uow.commit()
    return deleted
