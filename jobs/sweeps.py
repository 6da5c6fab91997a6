"""Periodic sweeps run by `rq cron`: kitchens that did not answer, and work Redis may have lost."""

from __future__ import annotations

import logging
from datetime import timedelta

from domain.capacity import CapacityReason
from domain.jobs import Job
from domain.orders import KITCHEN_ANSWER_MINUTES
from flows.donor import resume
from jobs import runtime

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=60)


def kitchen_timeouts() -> int:
    """Releases the meal of every order whose kitchen has not answered in time, and re-offers."""
    services = runtime.services()
    cutoff = services.clock() - timedelta(minutes=KITCHEN_ANSWER_MINUTES)
    with services.uow() as uow:
        waiting = uow.orders.awaiting_kitchen_since(cutoff)
    for order_id in waiting:
        with services.uow() as uow:
            order = uow.orders.get(order_id)
            # Checked again under the row lock: the kitchen may have answered meanwhile.
            if not (order.awaits_kitchen_answer and order.kitchen_asked_at <= cutoff):
                continue
            donor = uow.people.get(order.donor_id)
            resume.kitchen_dropped_out(runtime.conversation(services, uow, donor), order, CapacityReason.TIMED_OUT)
            uow.commit()
    return len(waiting)


def requeue_inbound() -> int:
    """Inbound messages stored while Redis was down, or whose job was lost, are enqueued again."""
    services = runtime.services()
    with services.uow() as uow:
        stale = uow.inbox.unprocessed_before(services.clock() - STALE_AFTER)
    for message_id in stale:
        services.enqueue(Job.HANDLE_INBOUND, (message_id,))
    return len(stale)


def requeue_outbound() -> int:
    services = runtime.services()
    with services.uow() as uow:
        stale = uow.sent.queued_before(services.clock() - STALE_AFTER)
    for message_id in stale:
        services.enqueue(Job.SEND_MESSAGE, (message_id,))
    return len(stale)
