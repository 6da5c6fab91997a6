"""Handles stored inbound messages, one sender at a time and in the order they arrived."""

from __future__ import annotations

import logging

from bot.images import ImageProblem, open_checked
from bot.media import Media
from flows import router
from flows.messages import Inbound, MediaProblem, Pin
from jobs import runtime

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
    while sender is not None and _handle_next(sender):
        pass


def _handle_next(sender: str) -> bool:
    services = runtime.services()
    with services.uow() as uow:
        uow.inbox.lock_sender(sender)
        message = uow.inbox.next_unprocessed(sender)
        if message is None:
            return False
        try:
            inbound = _inbound_from(uow, message.params)
            router.handle(uow, services.links, services.clock(), inbound, services.settings.duplicate_policy())
            uow.inbox.mark_processed(message.id, services.clock())
            uow.commit()
            return True
        except Exception as error:
            log.exception("inbound message %s (%s) failed", message.id, message.message_sid)
            uow.rollback()
            failure = f"{type(error).__name__}: {error}"
    _record_failure(sender, message.id, failure)
    return True


def _record_failure(sender: str, message_id: int, failure: str) -> None:
    services = runtime.services()
    with services.uow() as uow:
        uow.inbox.lock_sender(sender)
        uow.inbox.mark_processed(message_id, services.clock(), error=failure[:2000])
        router.apologise(uow, sender)
        uow.commit()


def _inbound_from(uow, params: dict) -> Inbound:
    """Turns Twilio's form into a channel-neutral message, fetching and storing any photo."""
    photo_ids: list[int] = []
    problem: MediaProblem | None = None
    for index in range(_media_count(params)):
        media = _checked_media(params.get(f"MediaUrl{index}", ""), params.get(f"MediaContentType{index}", ""))
        if isinstance(media, MediaProblem):
            problem = problem or media
        else:
            photo_ids.append(_store_photo(uow, media))
    pin = None
    if params.get("Latitude") or params.get("Longitude"):
        pin = Pin(
            params.get("Latitude", ""),
            params.get("Longitude", ""),
            params.get("Label", ""),
            params.get("Address", ""),
        )
    return Inbound(
        sender=params["From"],
        text=params.get("Body", ""),
        pin=pin,
        photo_ids=tuple(photo_ids),
        media_problem=problem if not photo_ids else None,
    )


def _checked_media(url: str, declared_type: str) -> Media | MediaProblem:
    """Fetched from an allowed host and fully decoded once, so a bad file is answered before any order exists."""
    services = runtime.services()
    fetched = services.media.fetch(url, declared_type)
    if isinstance(fetched, MediaProblem):
        return fetched
    checked = open_checked(fetched.content, services.settings.media_max_bytes)
    return IMAGE_PROBLEMS[checked] if isinstance(checked, ImageProblem) else fetched


def _media_count(params: dict) -> int:
    try:
        return max(0, min(int(params.get("NumMedia") or 0), 10))
    except ValueError:
        return 0


def _store_photo(uow, media: Media) -> int:
    """Kept encrypted until its photo job has cleaned it, then deleted."""
    services = runtime.services()
    key = services.photo_store.put(media.content)
    return uow.photos.add("inbound", key, media.content_type, len(media.content), services.clock())
