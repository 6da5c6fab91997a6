"""What the send job does about a message that did not reach the person.

WhatsApp's refusals (63016, 63049, 63032) send the same text by SMS when the person allows it;
an opt-out (21610) stops that address as a STOP would; and a kitchen's new order that reached
no one is given to the next kitchen at once instead of after the kitchen's answer time.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Row

from bot.adapters import metrics
from compose import Services
from domain.channels import OPTED_OUT, WHATSAPP_REFUSALS, Channel, MessageKind, channel_of
from domain.jobs import Job
from flows import stopping, unreachable
from jobs import runtime
from jobs.routing import destination
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


def not_sent(services: Services, uow: SqlUnitOfWork, row: Row, reason: str) -> None:
    """No channel may carry it: the row says why, and nothing is sent."""
    uow.sent.record(
        row.id, status="not_sent", channel=None, content_sid=None, channel_reason=reason, next_attempt_at=None
    )
    uow.commit()
    metrics.OUTBOUND.labels(channel_of(row.to_address), "not_sent").inc()
    log.info("outbound message %s not sent: %s", row.id, reason)
    if row.kind == MessageKind.NEW_ORDER:
        _order_moves_on(services, row)


def failed_for_good(services: Services, row: Row, code: int | None) -> None:
    """After the row is recorded failed: a 21610 stops that address, and a new order moves on."""
    if code == OPTED_OUT:
        _opted_out(services, row)
    if row.kind == MessageKind.NEW_ORDER:
        _order_moves_on(services, row)


def settle_reported(services: Services, uow: SqlUnitOfWork, row: Row) -> None:
    """A failure Twilio's status callback reported after the send: a WhatsApp refusal becomes an SMS copy."""
    code = error_code(row.error)
    uow.sent.record(row.id, next_attempt_at=None)
    if row.channel == Channel.WHATSAPP and code in WHATSAPP_REFUSALS:
        copy = uow.sent.add_fallback(row, services.clock())
        if copy is not None:
            uow.later(Job.SEND_MESSAGE, copy)  # routed like any row: by SMS, or not sent, with the reason
        uow.commit()
        return
    uow.commit()
    failed_for_good(services, row, code)


def error_code(error: str | None) -> int | None:
    """The status callback stores Twilio's ErrorCode as it came, such as "63016"."""
    try:
        return int(error or "")
    except ValueError:
        return None


def _opted_out(services: Services, row: Row) -> None:
    """The person's own address winds down as after a STOP; a fallback SMS number only stops."""
    to = destination(row)
    with services.uow() as uow:
        person = uow.people.by_address(to) if to == row.to_address else None
        if person is not None:
            stopping.opted_out(runtime.conversation(services, uow, person))
        else:
            uow.channels.stop(to, services.clock(), stopping.BY_TWILIO)
        uow.commit()


def _order_moves_on(services: Services, row: Row) -> None:
    reference = (row.variables or {}).get("ref")
    with services.uow() as uow:
        kitchen_contact = uow.people.by_address(row.to_address)
        if kitchen_contact is None or not reference:
            return
        unreachable.new_order_not_delivered(runtime.conversation(services, uow, kitchen_contact), reference)
        uow.commit()
