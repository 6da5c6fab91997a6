"""Twilio's copies of media go once we no longer need them: of a photo received, once we have our own
copy (the message was handled); of a photo we sent, once its order has ended. Every minute by cron."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Row

from bot.adapters import SendFailed, twilio_media
from compose import Services
from domain.retention import has_ended
from jobs import runtime
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


def release_twilio_media() -> int:
    """Records what Twilio holds that we no longer need, then asks Twilio to delete it; returns how many."""
    services = runtime.services()
    with services.uow() as uow:
        collect(services, uow)
        uow.commit()
        due = uow.media_releases.due()
    for row in due:
        release(services, row)
    return len(due)


def collect(services: Services, uow: SqlUnitOfWork, sender: str | None = None, dry: bool = False) -> int:
    """Records a release for each copy no longer needed (all of one sender's, when erasing them);
    returns how many, and with `dry` only counts them."""
    now = services.clock()
    received = uow.media_releases.inbound_holding(now - services.settings.retention_policy().messages, sender)
    copies = [ids for row in received for ids in _twilio_copies(row.params)]
    sent = [row for row in uow.media_releases.outbound_holding() if _order_over(services, uow, row)]
    if not dry:
        for message_sid, media_sid in copies + [(row.twilio_sid, "") for row in sent]:
            uow.media_releases.release(message_sid, media_sid, now)
        uow.media_releases.mark_inbound([row.id for row in received], now)
        uow.media_releases.mark_outbound([row.id for row in sent], now)
    return len(copies) + len(sent)


def _twilio_copies(params: dict) -> list[tuple[str, str]]:
    urls = [value for name, value in params.items() if name.startswith("MediaUrl")]
    return [ids for url in urls if (ids := twilio_media(url))]


def _order_over(services: Services, uow: SqlUnitOfWork, row: Row) -> bool:
    """Sent media are our photo links, which name their order: Twilio's copy goes once that order has
    ended (or is gone); anything else it holds goes at once."""
    for url in row.media_urls:
        grant = services.links.grant(url.rsplit("/photos/", 1)[1], expires=False) if "/photos/" in url else None
        order = uow.privacy.glance_order(grant.order_id) if grant else None
        if order is not None and not has_ended(order):
            return False
    return True


def release(services: Services, row: Row) -> None:
    """One release: done, or left for the next sweep with its error when Twilio could not be asked."""
    try:
        outcome = services.media_release.release(row.message_sid, row.media_sid)
    except SendFailed as failure:
        log.warning("Twilio media of %s not deleted yet: %s", row.message_sid, failure)
        with services.uow() as uow:
            uow.media_releases.failed(row.id, str(failure))
            uow.commit()
        return
    with services.uow() as uow:
        uow.media_releases.done(row.id, outcome, services.clock())
        uow.commit()
