"""Moves stored inbound messages onto the queue, so that the webhook's acknowledgement is one INSERT.

PostgreSQL tells (a trigger NOTIFYs `inbound_messages` after each insert); the dispatcher LISTENs,
enqueues the job of every message not enqueued yet, and marks them. One dispatcher leads at a time
(a session advisory lock; another waits for it to die). A notification lost costs only time: it
looks again every LOOK_AGAIN_S anyway, and the inbound sweeper enqueues anything left over two minutes.
A message is marked only once its job is in Redis; enqueueing twice is a no-op (deterministic ids).

Run as `python -m jobs.dispatch` (the Procfile's `dispatch:`); `--check` exits 0 when a dispatcher leads.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

import psycopg
from psycopg import Connection
from sqlalchemy.engine import Row, make_url

from bot import logs
from compose import Services
from domain.jobs import Job
from jobs import runtime

log = logging.getLogger(__name__)

CHANNEL = "inbound_messages"
BATCH = 200  # messages read and marked per statement
LOOK_AGAIN_S = 1.0  # without a notification it looks anyway this often (and sees a SIGTERM)
# When busy (the last look found more than one message), notifications arriving this soon after a wake
# are taken in the same batch: one batch of 15 costs a third of 15 batches of one. When quiet, none.
GATHER_S = 0.05
LEADER_KEY = 0x6B6574706161  # "ketpaa": the advisory lock one dispatcher holds


def dispatch_waiting(services: Services) -> int:
    """Enqueues the job of every stored message whose job is not enqueued yet; returns how many were."""
    total = 0
    while True:
        with services.uow() as uow:
            waiting = uow.inbox.to_queue(BATCH)
        calls = [((message.id,), _carried(message)) for message in waiting]
        if not waiting or not services.enqueue_all(Job.HANDLE_INBOUND, calls):  # done, or Redis is down
            return total
        with services.uow() as uow:
            uow.inbox.mark_queued([message.id for message in waiting], services.clock())
            uow.commit()
        total += len(waiting)
        if len(waiting) < BATCH:
            return total


def _carried(message: Row) -> dict[str, str]:
    """The job's log lines name the message and its webhook's request, as the request's own did."""
    with logs.bind(message_sid=message.message_sid, request_id=message.request_id):
        return logs.carried()


def run(services: Services, stopping: threading.Event) -> None:
    """Leads once no other dispatcher does, then enqueues as messages are stored, until `stopping` is set."""
    pooled = services.engine.raw_connection()
    listener: Connection = pooled.driver_connection
    pooled.detach()  # its LISTEN and its lock live as long as this dispatcher, not in the pool
    listener.autocommit = True
    try:
        while not _lead(listener):
            if stopping.wait(LOOK_AGAIN_S):
                return
        listener.execute(f"LISTEN {CHANNEL}")
        log.info("dispatcher leading")
        while not stopping.is_set():
            busy = dispatch_waiting(services) > 1
            _wait_for_news(listener, GATHER_S if busy else 0.0)
    finally:
        listener.close()


def _lead(listener: Connection) -> bool:
    return bool(listener.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_KEY,)).fetchone()[0])


def _wait_for_news(listener: Connection, gather_s: float) -> None:
    """Until a message is stored (or LOOK_AGAIN_S); then the notifications arriving within `gather_s`, as one."""
    for _ in listener.notifies(timeout=LOOK_AGAIN_S, stop_after=1):
        pass
    for _ in listener.notifies(timeout=gather_s):
        pass


def someone_leads(database_url: str) -> bool:
    """The container health check (`python -m jobs.dispatch --check`): a dispatcher holds the lead.
    A bigint advisory key shows in pg_locks as its high and low 32 bits."""
    url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    query = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND classid = %s AND objid = %s AND objsubid = 1"
    )
    with psycopg.connect(url, connect_timeout=5) as connection:
        return connection.execute(query, (LEADER_KEY >> 32, LEADER_KEY & 0xFFFFFFFF)).fetchone()[0] > 0


def main() -> None:
    if sys.argv[1:] == ["--check"]:
        sys.exit(0 if someone_leads(os.environ["DATABASE_URL"]) else 1)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    run(runtime.services(), stopping)


if __name__ == "__main__":
    main()
