"""What an admin does about things that went wrong: a failed message sent again, a failed job retried or
discarded. Each is written to the audit log."""

from __future__ import annotations

from datetime import datetime

from domain.jobs import Job
from domain.staff import Actor
from flows.admin import AdminError
from flows.ports import FailedJobs, UnitOfWork


def retry_message(uow: UnitOfWork, message_id: int, actor: Actor, now: datetime) -> None:
    """Queued again with a fresh count of tries; its send job runs once this commits."""
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
