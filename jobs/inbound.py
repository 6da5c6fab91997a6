"""Handles stored inbound messages, one sender at a time and in the order they arrived."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.adapters import ImageProblem, Media, MediaRef, open_checked, read_inbound
from compose import Services
from domain.photos import PhotoPurpose
from flows import router
from flows.messages import Inbound, MediaProblem
from jobs import runtime
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

IMAGE_PROBLEMS = {
    ImageProblem.UNSUPPORTED: MediaProblem.NOT_AN_IMAGE,
    ImageProblem.TOO_LARGE: MediaProblem.TOO_LARGE,
    ImageProblem.CORRUPT: MediaProblem.DAMAGED,
    ImageProblem.TOO_MANY_PIXELS: MediaProblem.TOO_MANY_PIXELS,
}


def handle_inbound(message_id: int) -> None:
    """Handles every waiting message of this message's sender, oldest first.

    Jobs for one sender may run on several workers at once; the sender's lock makes them
    take turns, and each takes the oldest waiting message, so arrival order holds.
    """
    services = runtime.services()
    with services.uow() as uow:
        sender = uow.inbox.sender_of(message_id)
    while sender is not None and _handle_next(services, sender):
        pass


def _handle_next(services: Services, sender: str) -> bool:
    with services.uow() as uow:
        uow.inbox.lock_sender(sender)
        message = uow.inbox.next_unprocessed(sender)
        if message is None:
            return False
        try:
            inbound = _with_photos(services, uow, *read_inbound(message.params))
            router.handle(uow, services.links, services.clock(), inbound, services.settings.duplicate_policy())
            uow.inbox.mark_processed(message.id, services.clock())
            uow.commit()
            return True
        except Exception as error:
            log.exception("inbound message %s (%s) failed", message.id, message.message_sid)
            uow.rollback()
            failure = f"{type(error).__name__}: {error}"
    _record_failure(services, sender, message.id, failure)
    return True


def _record_failure(services: Services, sender: str, message_id: int, failure: str) -> None:
    with services.uow() as uow:
        uow.inbox.lock_sender(sender)
        uow.inbox.mark_processed(message_id, services.clock(), error=failure[:2000])
        router.apologise(uow, sender)
        uow.commit()


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
