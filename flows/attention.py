"""What an admin does about things that went wrong: a message that did not reach its person sent again (when
that makes sense), a failed job retried or discarded. Each is written to the audit log.

The page lists people by masked number (staff need to tell them apart, not to reach them), as the giving
page does; a kitchen keeps its whole number and its name, since operators call kitchens, and the kitchen
pages show their numbers anyway. `orders flagged` on the command line keeps whole numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.attention import NotAgain, not_again
from domain.channels import MessageKind, number_of
from domain.jobs import Job
from domain.people import masked
from domain.staff import Actor
from flows.admin import AdminError, flagged_orders
from flows.ports import FailedJobs, UnitOfWork


def flagged_payments(uow: UnitOfWork) -> list[dict]:
    """Payments a donor says they made and the kitchen has not confirmed, as `orders flagged` lists them,
    with the donor's number masked."""
    return [{**order, "donor": masked(order["donor"])} for order in flagged_orders(uow)]


@dataclass(frozen=True)
class Unsent:
    """A message that did not reach its person: Twilio's error, or why no channel could carry it."""

    id: int
    created_at: datetime
    to: str  # a kitchen's number whole, anyone else's masked
    kitchen_id: int | None  # the message went to this kitchen's contact
    kitchen_name: str | None
    body: str
    status: str  # failed, undelivered (Twilio's words) or not_sent (no channel could carry it)
    why: str
    not_again: NotAgain | None  # why it must not be sent again; None: an admin may


def unsent_messages(uow: UnitOfWork) -> list[Unsent]:
    """Newest first; one row per text: a message copied to go by SMS is not listed, its copy is (so
    NotAgain.COPIED is never shown here, only given to a press on a page older than the copy)."""
    return [
        Unsent(
            row.id,
            row.created_at,
            number_of(row.to_address) if row.kitchen_id else masked(row.to_address),
            row.kitchen_id,
            row.kitchen_name,
            row.body,
            row.status,
            row.error or row.channel_reason or "",
            not_again(MessageKind(row.kind), row.stopped),
        )
        for row in uow.attention.failed_messages()
    ]


NOT_AGAIN = {
    NotAgain.STOPPED: "the person sent STOP: nothing goes to them until they send START",
    NotAgain.ORDER_MOVED_ON: "the order went to the next kitchen when this request did not reach this one",
    NotAgain.COPIED: "WhatsApp refused it and a copy was made to go by SMS: send the copy again, not this one",
}


def retry_message(uow: UnitOfWork, message_id: int, actor: Actor, now: datetime) -> None:
    """Queued again with a fresh count of tries; its send job runs once this commits (and picks the channel
    again: a template set since, or a person who wrote again, may carry it now).

    The row stays locked from the first look to the commit: a second admin's press waits, then finds it
    queued, and a copy the send job makes meanwhile is seen, so the person gets the text once."""
    found = uow.attention.failed_message(message_id)
    if found is None:
        raise AdminError(f"message {message_id} has not failed")
    copied = uow.attention.copy_of(message_id) is not None
    refused = not_again(MessageKind(found.kind), uow.channels.stopped(found.to_address), copied)
    if refused is not None:
        raise AdminError(NOT_AGAIN[refused])
    if not uow.attention.requeue_message(message_id, now):
        raise AdminError(f"message {message_id} has not failed")
    uow.later(Job.SEND_MESSAGE, message_id)
    uow.audit.record(actor, "message.retry", f"message {message_id}")
    uow.commit()


def retry_job(uow: UnitOfWork, jobs: FailedJobs, job_id: str, actor: Actor) -> None:
    if not jobs.retry(job_id):
        raise AdminError(f"job {job_id} is not among the failed jobs")
    uow.audit.record(actor, "job.retry", f"job {job_id}")
    uow.commit()


def discard_job(uow: UnitOfWork, jobs: FailedJobs, job_id: str, reason: str, actor: Actor) -> None:
    """Gone for good from RQ; the row behind it, if any still needs work, is found again by a sweeper."""
    if not reason.strip():
        raise AdminError("a reason is required")
    if not jobs.discard(job_id):
        raise AdminError(f"job {job_id} is not among the failed jobs")
    uow.audit.record(actor, "job.discard", f"job {job_id}", reason.strip())
    uow.commit()
