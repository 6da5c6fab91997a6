"""Prometheus: what each process counts (webhooks, jobs, outbound messages, Google's calls), and the page
that a scrape reads.

With PROMETHEUS_MULTIPROC_DIR set (`make run` and deploy/ set it) every gunicorn and RQ worker process
writes its counts to files there, and whichever web process answers /metrics adds them all up; so the
workers' jobs are seen through the web app. What is better read at scrape time than counted (queue
depth, orders by status) comes from the collector the web app adds (bot/web/metrics.py).
"""

from __future__ import annotations

import os
import socket

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.registry import Collector

MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
CONTENT_TYPE = CONTENT_TYPE_LATEST
# A worker's host in its files' names: containers sharing one directory (deploy/compose.yaml) each
# number their processes from 1, and two processes writing one file would corrupt it.
HOST = socket.gethostname().replace("_", "-")


def process_id(pid: int | None = None) -> str:
    return f"{HOST}-{pid or os.getpid()}"


if MULTIPROCESS_DIR:  # before any metric below exists: each one opens its file through this
    os.makedirs(MULTIPROCESS_DIR, exist_ok=True)  # a missing folder would fail the first count, in a request
    values.ValueClass = values.MultiProcessValue(process_id)

WEBHOOK_SECONDS = Histogram(
    "ketpaar_webhook_seconds",
    "Time to answer one of Twilio's webhooks, from routing to the response",
    ["hook"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
REQUESTS = Counter("ketpaar_http_requests", "Requests answered, by view and status code", ["endpoint", "code"])
JOBS = Counter("ketpaar_jobs", "Jobs run by the RQ workers, by function and outcome", ["job", "outcome"])
JOB_SECONDS = Histogram(
    "ketpaar_job_seconds",
    "Time a job took, by function",
    ["job"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800),
)
OUTBOUND = Counter(
    "ketpaar_outbound_messages",
    "Outbound messages by channel and status: accepted by Twilio, stored (development), retrying, failed, "
    "refused (WhatsApp would not carry it: SMS next) or not_sent (no channel may) as the send job saw it; "
    "delivered, read, undelivered or failed as Twilio's callbacks report",
    ["channel", "status"],
)
GOOGLE_CALLS = Counter(
    "ketpaar_google_calls",
    "Calls to Google Maps, by lookup and outcome (ok, error, budget_spent, breaker_open)",
    ["kind", "outcome"],
)
GOOGLE_CACHE = Counter("ketpaar_google_cache", "Google Maps lookups by cache result (hit or miss)", ["kind", "result"])


def page(scraped: Collector) -> bytes:
    """The text Prometheus reads: every process's counts, then what `scraped` reads now."""
    registry = CollectorRegistry()
    if MULTIPROCESS_DIR:
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(scraped)
    return generate_latest(registry)


class _ThisProcess(Collector):
    """Without a multiprocess directory (a test, a single process) the counts are this process's own."""

    def collect(self):
        return REGISTRY.collect()


def process_gone(pid: int) -> None:
    """A gunicorn worker exited (gunicorn.conf.py's child_exit): its live gauges are dropped, its counts kept."""
    if MULTIPROCESS_DIR:
        multiprocess.mark_process_dead(process_id(pid), MULTIPROCESS_DIR)
