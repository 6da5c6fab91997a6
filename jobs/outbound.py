"""Sends one stored outbound message, exactly once."""

from __future__ import annotations

import logging

from bot.adapters import SendFailed
from jobs import runtime

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first try and RQ's five retries


def send_message(message_id: int) -> None:
    """The row is locked while sending, and a row already sent is left alone: never sent twice.

    A retryable failure re-raises so RQ retries it with backoff; any other is recorded.
    """
    services = runtime.services()
    with services.uow() as uow:
        row = uow.sent.lock(message_id)
        if row is None or row.status != "queued":
            return
        attempts = row.attempts + 1
        try:
            sid = services.transport.send(row.to_address, row.body, list(row.media_urls))
        except SendFailed as failure:
            retry = failure.retryable and attempts < MAX_ATTEMPTS
            uow.sent.record(message_id, attempts=attempts, error=str(failure)[:2000])
            if not retry:
                uow.sent.record(message_id, status="failed")
            uow.commit()
            if retry:
                raise
            log.error("outbound message %s failed: %s", message_id, failure)
            return
        status = "sent" if services.transport.name == "twilio" else "stored"
        uow.sent.record(message_id, status=status, twilio_sid=sid or None, attempts=attempts, sent_at=services.clock())
        uow.commit()
