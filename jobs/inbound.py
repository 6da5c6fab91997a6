"""Handles stored inbound messages, one sender at a time and in the order they arrived."""

from __future__ import annotations

import logging
from dataclasses import replace
from enum import StrEnum

from sqlalchemy import Connection
from sqlalchemy.engine import Row

from bot import logs
from bot.adapters import ImageProblem, Media, MediaRef, Pace, open_checked, read_inbound
from compose import Services
from domain.jobs import Job
from domain.photos import PhotoPurpose
from flows import router
from flows.messages import Inbound, MediaProblem
from jobs import runtime
from models.messages import Inbox
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

IMAGE_PROBLEMS = {
    ImageProblem.UNSUPPORTED: MediaProblem.NOT_AN_IMAGE,
    ImageProblem.TOO_LARGE: MediaProblem.TOO_LARGE,
    ImageProblem.CORRUPT: MediaProblem.DAMAGED,
    ImageProblem.TOO_MANY_PIXELS: MediaProblem.TOO_MANY_PIXELS,
}


# A message is tried this many times (a try cut short by a crash counts), then given up with one apology.
MAX_TRIES = 3


class Turn(StrEnum):
    SETTLED = "settled"  # the sender's oldest waiting message was handled or given up
    BUSY = "busy"  # another worker has the sender, and goes on with its messages
    STOPPED = "stopped"  # none waiting, or the oldest failed and waits for the inbound sweeper


def handle_inbound(message_id: int) -> None:
    """Handles this message's sender's waiting messages, oldest first, one worker per sender.

    Every message has its own job, queued in arrival order. A job handles its own message and
    any older one still waiting; it goes on past its own only to messages whose own job is not
    waiting in the queue (it ran while this one had the sender, and found it busy), so that other
    senders' messages queued in between are not kept waiting behind one sender's backlog.
    A job that finds another worker on the sender returns at once: that worker looks again for
    waiting messages after each one, with the sender free, so a message that came meanwhile is not
    left behind. A message that fails waits for the inbound sweeper, and the sender's later ones behind it.
    """
    services = runtime.services()
    with services.uow() as uow:
        sender = uow.inbox.sender_of(message_id)
    while sender is not None and _next_is_ours(services, sender, message_id):
        if _take_turn(services, sender) is not Turn.SETTLED:
            return


def _next_is_ours(services: Services, sender: str, message_id: int) -> bool:
    """Whether this job should handle the sender's oldest waiting message (see handle_inbound)."""
    with services.uow() as uow:
        oldest = uow.inbox.oldest_waiting(sender)
    if oldest is None:
        return False
    return oldest <= message_id or not services.job_waiting(Job.HANDLE_INBOUND, (oldest,))


def _take_turn(services: Services, sender: str) -> Turn:
    """Tries the sender's oldest waiting message, if no other worker has the sender.

    The sender's turn is held on one connection across two transactions: the try is counted
    and committed first (so a try that kills the worker still counts), then made.
    """
    # What the logs learn of one message (its MessageSid, its order) ends with its turn.
    with logs.bind(), services.engine.connect() as connection, Inbox.sender_turn(connection, sender) as ours:
        return _try_next(services, connection, sender) if ours else Turn.BUSY


def _try_next(services: Services, connection: Connection, sender: str) -> Turn:
    with services.uow(connection) as uow:
        message = uow.inbox.next_unprocessed(sender)
        if message is None:
            return Turn.STOPPED
        logs.bind_here(message_sid=message.message_sid)  # its replies' send jobs carry it too
        if message.attempts >= MAX_TRIES:  # the last try never finished: the worker died during it
            return _give_up(uow, message.id, message.error or "the worker stopped during its last try")
        tries = uow.inbox.count_try(message.id)
        # WhatsApp's 24-hour window runs from the message's arrival; kept here, not in the webhook, whose
        # one statement is the acknowledgement's whole cost.
        uow.channels.heard_from(sender, message.received_at)
        uow.commit()
        uow.inbox.lock_sender(sender)  # this sender's photo and safety jobs wait while the message is handled
        # The limits are checked on the first try only: a message let through and then failed is not held on its retry.
        if tries == 1 and _held_back(services, uow, message):
            return Turn.SETTLED
        return _handle(services, uow, message, tries)


def _handle(services: Services, uow: SqlUnitOfWork, message: Row, tries: int) -> Turn:
    try:
        inbound = _with_photos(services, uow, message, *read_inbound(message.params), first_try=tries == 1)
        settings = services.settings
        router.handle(uow, services.links, services.clock(), inbound, settings.duplicate_policy(), settings.deadlines())
        touched = uow.orders_touched()
        if len(touched) == 1:  # the order the message was about; its replies' send jobs carry it too
            logs.bind_here(order_ref=touched.pop())
        uow.inbox.mark_processed(message.id, services.clock())
        uow.commit()
        return Turn.SETTLED
    except Exception as error:
        log.exception("inbound message %s (%s) failed, try %s", message.id, message.message_sid, tries)
        uow.rollback()
        failure = f"{type(error).__name__}: {error}"
    if tries >= MAX_TRIES:
        return _give_up(uow, message.id, failure)
    uow.inbox.record_error(message.id, failure)  # tried again by the inbound sweeper
    uow.commit()
    return Turn.STOPPED


def _held_back(services: Services, uow: SqlUnitOfWork, message: Row) -> bool:
    """Past the sender's message rate a message is kept, not handled; they are told at most once a minute.

    Judged by when it arrived, so a backlog handled late is judged as it was sent. A held message
    is never handled later: answering a flood's backlog once the bucket refills would be a flood
    of replies. What the sender sends after the pause is handled as usual.
    """
    pace = services.flood.message(message.sender, message.received_at)
    if pace == Pace.WITHIN:
        return False
    uow.inbox.mark_held(message.id, services.clock())
    if pace == Pace.HELD_TELL:
        router.slow_down(uow, message.sender)
    uow.commit()
    return True


def _give_up(uow: SqlUnitOfWork, message_id: int, failure: str) -> Turn:
    """Marks the message failed and apologises once; the sender's next messages are handled again."""
    if uow.inbox.mark_failed(message_id, uow.clock(), failure):
        router.apologise(uow, uow.inbox.sender_of(message_id))
    uow.commit()
    return Turn.SETTLED


def _with_photos(
    services: Services, uow: SqlUnitOfWork, message: Row, inbound: Inbound, media: list[MediaRef], first_try: bool
) -> Inbound:
    """Fetches and stores the photos a message carries; the first bad one is named when none is usable.

    Past the sender's photos for the hour a photo is not even fetched. A verified kitchen's photos
    are not counted: they prove meals handed over, and a busy kitchen hands over many.
    """
    limited = first_try and bool(media) and not _verified_kitchen(uow, inbound.sender)
    photo_ids: list[int] = []
    problem: MediaProblem | None = None
    for ref in media:
        if limited and not services.flood.photo(inbound.sender, message.received_at):
            checked = MediaProblem.TOO_MANY_PHOTOS
        else:
            checked = _checked_media(services, ref)
        if isinstance(checked, MediaProblem):
            problem = problem or checked
        else:
            photo_ids.append(_store_photo(services, uow, checked))
    return replace(inbound, photo_ids=tuple(photo_ids), media_problem=None if photo_ids else problem)


def _verified_kitchen(uow: SqlUnitOfWork, sender: str) -> bool:
    person = uow.people.by_address(sender)
    kitchen = uow.kitchens.for_person(person.id) if person else None
    return kitchen is not None and kitchen.verified


def _checked_media(services: Services, ref: MediaRef) -> Media | MediaProblem:
    """Fetched from an allowed host and fully decoded once, so a bad file is answered before any order exists."""
    fetched = services.media.fetch(ref.url, ref.content_type)
    if isinstance(fetched, MediaProblem):
        return fetched
    checked = open_checked(fetched.content, services.settings.media_max_bytes)
    return IMAGE_PROBLEMS[checked] if isinstance(checked, ImageProblem) else fetched


def _store_photo(services: Services, uow: SqlUnitOfWork, media: Media) -> int:
    """Kept encrypted until its photo job has cleaned it, then deleted."""
    key = services.photo_store.put(media.content)
    return uow.photos.add(PhotoPurpose.INBOUND, key, media.content_type, len(media.content), services.clock())
