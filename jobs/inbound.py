"""Handles stored inbound messages, one sender at a time and in the order they arrived."""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy import Connection

from bot.adapters import ImageProblem, Media, MediaRef, open_checked, read_inbound
from compose import Services
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


def handle_inbound(message_id: int) -> None:
    """Handles every waiting message of this message's sender, oldest first.

    Jobs for one sender may run on several workers at once; the sender's lock makes them
    take turns, and each takes the oldest waiting message, so arrival order holds. A message
    that fails waits for the inbound sweeper's next try, and the sender's later ones wait behind it.
    """
    services = runtime.services()
    with services.uow() as uow:
        sender = uow.inbox.sender_of(message_id)
    while sender is not None and _handle_next(services, sender):
        pass


def _handle_next(services: Services, sender: str) -> bool:
    """Tries the sender's oldest waiting message; False when none is left or it failed and must wait.

    The sender's lock is held on one connection across two transactions: the try is counted
    and committed first (so a try that kills the worker still counts), then made.
    """
    with services.engine.connect() as connection, Inbox.sender_held(connection, sender):
        return _try_next(services, connection, sender)


def _try_next(services: Services, connection: Connection, sender: str) -> bool:
    with services.uow(connection) as uow:
        message = uow.inbox.next_unprocessed(sender)
        if message is None:
            return False
        if message.attempts >= MAX_TRIES:  # the last try never finished: the worker died during it
            return _give_up(uow, message.id, message.error or "the worker stopped during its last try")
        tries = uow.inbox.count_try(message.id)
        uow.commit()
        try:
            inbound = _with_photos(services, uow, *read_inbound(message.params))
            settings = services.settings
            router.handle(
                uow, services.links, services.clock(), inbound, settings.duplicate_policy(), settings.deadlines()
            )
            uow.inbox.mark_processed(message.id, services.clock())
            uow.commit()
            return True
        except Exception as error:
            log.exception("inbound message %s (%s) failed, try %s", message.id, message.message_sid, tries)
            uow.rollback()
            failure = f"{type(error).__name__}: {error}"
        if tries >= MAX_TRIES:
            return _give_up(uow, message.id, failure)
        uow.inbox.record_error(message.id, failure)  # tried again by the inbound sweeper
        uow.commit()
        return False


def _give_up(uow: SqlUnitOfWork, message_id: int, failure: str) -> bool:
    """Marks the message failed and apologises once; the sender's next messages are handled again."""
    if uow.inbox.mark_failed(message_id, uow.clock(), failure):
        router.apologise(uow, uow.inbox.sender_of(message_id))
    uow.commit()
    return True


def _with_photos(services: Services, uow: SqlUnitOfWork, inbound: Inbound, media: list[MediaRef]) -> Inbound:
    """Fetches and stores the photos a message carries; the first bad one is named when none is usable."""
    photo_ids: list[int] = []
    problem: MediaProblem | None = None
    for ref in media:
        checked = _checked_media(services, ref)
        if isinstance(checked, MediaProblem):
            problem = problem or checked
        else:
            photo_ids.append(_store_photo(services, uow, checked))
    return replace(inbound, photo_ids=tuple(photo_ids), media_problem=None if photo_ids else problem)


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
