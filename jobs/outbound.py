"""Sends one stored outbound message: at least once, and a send whose outcome a crash hid is not repeated.

A row goes `queued` → `sending` (committed before Twilio is called) → `sent` / `failed`, or
back to `queued` with a retry time, or to `not_sent` when no channel may carry it. A row found
in `sending` by a later job is one whose send was cut short (the job holds the row's lock while
it talks to Twilio, so a live send is never found): Twilio's log is read first, and a message
found there is recorded, not re-sent.

Each try first picks the channel (jobs.routing): WhatsApp free text inside the 24-hour window,
the kind's template outside it, SMS to the same number as the last resort. A WhatsApp refusal
tries SMS at once; a failure Twilio reports later is settled here too (jobs.undelivered).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.engine import Row

from bot.adapters import SendFailed, metrics
from compose import SEND_RETRY_SECONDS, Services
from domain.channels import WHATSAPP_REFUSALS, Channel, channel_of
from jobs import routing, runtime, undelivered
from models.messages import PENDING, REPORTED_FAILURES
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 1 + len(SEND_RETRY_SECONDS)  # the first try and RQ's retries
# A row still `sending` this long after its try began had its worker die: the sweeper looks at it.
OUTCOME_UNKNOWN_AFTER = timedelta(minutes=2)
# Twilio's clock and ours may differ a little; its log is read from a bit before the row was made.
CLOCK_SKEW = timedelta(minutes=5)


def send_message(message_id: int) -> None:
    """A retryable failure re-raises so RQ retries it with backoff; any other is recorded."""
    services = runtime.services()
    with services.uow() as uow:
        row = uow.sent.lock(message_id)
        if row is not None and row.status in REPORTED_FAILURES and row.next_attempt_at is not None:
            return undelivered.settle_reported(services, uow, row)
        if row is None or row.status not in PENDING:
            return
        if row.held_until is not None and row.status == "queued" and row.held_until > services.clock():
            return  # an interim note run early: its own job (or the sweeper) sends it once the hold ends
        if row.status == "sending" and _found_in_twilio_log(services, uow, row):
            return
        route = routing.route_for(services, uow, row)
        if not route.sendable:
            return undelivered.not_sent(services, uow, row, route.reason)
        attempts = row.attempts + 1
        uow.sent.record(
            message_id,
            status="sending",
            attempts=attempts,
            next_attempt_at=services.clock() + OUTCOME_UNKNOWN_AFTER,
            **routing.recorded(services, row, route),
        )
        uow.commit()  # durable before Twilio is called: a crash from here on leaves a row to check
        row = uow.sent.lock(message_id)  # held while Twilio is called: a second job waits, then sees `sent`
        if row.status != "sending" or row.attempts != attempts:
            return  # another job took this row over between the two transactions
        _send(services, uow, row)


def _send(services: Services, uow: SqlUnitOfWork, row: Row) -> None:
    try:
        sid = services.transport.send(routing.outgoing(row))
    except SendFailed as failure:
        _record_failure(services, uow, row, failure)
        return
    status = "sent" if services.transport.name == "twilio" else "stored"
    uow.sent.record(row.id, status=status, twilio_sid=sid or None, sent_at=services.clock(), next_attempt_at=None)
    uow.commit()
    metrics.OUTBOUND.labels(_channel(row), "accepted" if status == "sent" else status).inc()


def _record_failure(services: Services, uow: SqlUnitOfWork, row: Row, failure: SendFailed) -> None:
    """A retryable failure is retried by RQ at the time also kept on the row, for the sweeper."""
    if row.channel == Channel.WHATSAPP and failure.code in WHATSAPP_REFUSALS:
        return _try_sms_instead(services, uow, row, failure)
    retry = failure.retryable and row.attempts < MAX_ATTEMPTS
    if retry:
        wait = timedelta(seconds=SEND_RETRY_SECONDS[row.attempts - 1])
        uow.sent.record(row.id, status="queued", error=str(failure)[:2000], next_attempt_at=services.clock() + wait)
    else:
        uow.sent.record(row.id, status="failed", error=str(failure)[:2000], next_attempt_at=None)
    uow.commit()
    metrics.OUTBOUND.labels(_channel(row), "retrying" if retry else "failed").inc()
    if retry:
        raise failure
    log.error("outbound message %s failed: %s", row.id, failure)
    undelivered.failed_for_good(services, row, failure.code)


def _try_sms_instead(services: Services, uow: SqlUnitOfWork, row: Row, failure: SendFailed) -> None:
    """WhatsApp will not carry it: the row is routed again, now by SMS only, and sent (or not) at once."""
    uow.sent.record(row.id, status="queued", whatsapp_refused=True, error=str(failure)[:2000])
    uow.commit()
    metrics.OUTBOUND.labels(Channel.WHATSAPP, "refused").inc()
    send_message(row.id)


def _channel(row: Row) -> str:
    """The channel the send job chose for the row, or the one its address names (for the metrics)."""
    return row.channel or channel_of(row.to_address)


def _found_in_twilio_log(services: Services, uow: SqlUnitOfWork, row: Row) -> bool:
    """A send cut short may have reached Twilio: a message there with this body, not yet ours, is this one."""
    # If Twilio cannot be asked, SendFailed leaves the row `sending`: asked again later, never sent blind.
    found = services.transport.sent_like(routing.destination(row), row.body, row.created_at - CLOCK_SKEW)
    claimed = uow.sent.claimed(found)
    unclaimed = [sid for sid in found if sid not in claimed]
    if not unclaimed:
        return False
    uow.sent.record(row.id, status="sent", twilio_sid=unclaimed[0], sent_at=services.clock(), next_attempt_at=None)
    uow.commit()
    metrics.OUTBOUND.labels(_channel(row), "accepted").inc()
    log.warning("outbound message %s was found in Twilio's log as %s; not sent again", row.id, unclaimed[0])
    return True
