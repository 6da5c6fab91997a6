"""The RQ worker class `make run` starts: it runs each job itself, with its services and the face model ready;
each job leaves one line in the log (JSON in production, with what the job concerns) and its count and
time in the metrics; and a thread says the worker is alive (bot/adapters/heartbeats.py)."""

from __future__ import annotations

import logging
import os
import socket
import time

from rq import SimpleWorker

from bot import logs
from bot.adapters import metrics
from jobs import runtime

# RQ 3.0's own lines for every job (taken, done, "Job OK") and for its registry cleaning every few
# minutes; the one line per job below says all of it. Warnings and errors are never dropped.
RQ_ROUTINE = frozenset(
    {
        "Worker %s: %s: %s (%s)",
        "Worker %s: %s: %s",
        "Successfully completed %s job in %ss on worker %s",
        "Successfully completed job %s in %ss on worker %s",
        "Worker %s: cleaning registries for queue: %s",
        "Worker %s: cleaning group registries",
    }
)

# A child of RQ's logger, so the line goes wherever RQ's go, formatted like them.
log = logging.getLogger("rq.worker.jobs")


def routine(record: logging.LogRecord) -> bool:
    return record.levelno <= logging.INFO and record.msg in RQ_ROUTINE


def keep(record: logging.LogRecord) -> bool:
    return not routine(record)


def job_line(name: str, succeeded: bool, seconds: float, result: object) -> str | None:
    """What one job says in the log; None for a periodic sweep that found nothing (it runs every 30–60 s)."""
    if succeeded and result == 0:
        return None
    outcome = "done" if succeeded else "FAILED"
    found = f", {result}" if succeeded and result is not None else ""
    return f"{name} {outcome} in {seconds:.2f} s{found}"


class KetpaarWorker(SimpleWorker):
    """No fork per job: RQ's default worker forked a child for every job, which opened its own
    PostgreSQL and Redis connections and cost more than most jobs (see README, Benchmarks: a donor's
    pin to the kitchen list). Here the connection pool and the loaded face model serve every job.

    What the fork bought, a worker that outlives a job that crashes or is killed, is not needed for
    nothing to be lost: a try is counted in PostgreSQL before it is made, the sweepers re-enqueue
    whatever a dead worker left, and the process manager starts the worker again.
    """

    log_result_lifespan = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        services = runtime.services()
        services.faces.load()
        logs.configure(services.settings.json_logs, loggers=("rq.worker",))
        rq_log = logging.getLogger("rq.worker")
        if keep not in rq_log.filters:
            rq_log.addFilter(keep)

    def work(self, *args, **kwargs) -> bool:
        # Named by host first, so a container's health check finds its own workers (jobs/alive.py).
        with runtime.services().heartbeats.beating(f"{socket.gethostname()}:{os.getpid()}:{self.name}"):
            return super().work(*args, **kwargs)

    def perform_job(self, job, queue, execution) -> bool:
        """Every line the job writes names it and what its enqueuer was about (request, message, order)."""
        name = job_name(job)
        with logs.bind(**{**(job.meta or {}), "job": name}):
            started = time.monotonic()
            succeeded = super().perform_job(job, queue, execution)
            seconds = time.monotonic() - started
            function = job.func_name.rsplit(".", 1)[-1]
            metrics.JOBS.labels(function, "done" if succeeded else "failed").inc()
            metrics.JOB_SECONDS.labels(function).observe(seconds)
            result = job.return_value() if succeeded else None
            line = job_line(name, succeeded, seconds, result)
            if line:
                log.info(line, extra={"outcome": "done" if succeeded else "failed", "seconds": round(seconds, 3)})
        return succeeded


def job_name(job) -> str:
    """Our jobs' ids name them and their rows (`send_message-42`); cron's are random, so the function names it."""
    if job.id.startswith(job.func_name.rsplit(".", 1)[-1]):
        return job.id
    return job.func_name.rsplit(".", 1)[-1]
