"""RQ's failed jobs: listed for an admin, who retries or discards each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry


@dataclass(frozen=True)
class FailedJob:
    id: str
    function: str
    ended_at: datetime | None
    error: str  # the exception's last line: the whole traceback may quote people's messages


class FailedJobs:
    def __init__(self, queue: Queue):
        self.registry = FailedJobRegistry(queue=queue)
        self.connection = queue.connection

    def listed(self, limit: int = 100) -> list[FailedJob]:
        """Newest first. Empty when Redis cannot be reached: the page still shows what PostgreSQL knows."""
        try:
            ids = self.registry.get_job_ids()[-limit:]
            jobs = [job for job in Job.fetch_many(ids, connection=self.connection) if job is not None]
        except RedisError:
            return []
        return [FailedJob(job.id, job.func_name, job.ended_at, _last_line(job)) for job in reversed(jobs)]

    def retry(self, job_id: str) -> bool:
        try:
            self.registry.requeue(job_id)
        except (NoSuchJobError, InvalidJobOperation):
            return False
        return True

    def discard(self, job_id: str) -> bool:
        if job_id not in self.registry:
            return False
        self.registry.remove(job_id, delete_job=True)
        return True


def _last_line(job: Job) -> str:
    result = job.latest_result()
    text = (result.exc_string if result else None) or ""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""
