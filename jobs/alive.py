"""Container health checks for the worker and the cron scheduler (deploy/compose.yaml): has a process on
this host said it is alive within the last two minutes? Exit status 0 if so, 1 if not.

    python -m jobs.alive worker     # a KetpaarWorker's heartbeat (bot/adapters/heartbeats.py)
    python -m jobs.alive cron       # rq cron's own heartbeat in RQ's registry of cron schedulers

Only Redis is asked (REDIS_URL): a check every 30 s must not build the app.
"""

from __future__ import annotations

import os
import socket
import sys
import time

from redis import Redis
from rq.cron_scheduler_registry import get_registry_key

from bot.adapters import Heartbeats

WITHIN_S = 120  # a worker beats every 10 s; rq cron at least once a minute


def worker_alive(redis: Redis, host: str) -> bool:
    return any(age < WITHIN_S for age in Heartbeats(redis).ages(on_host=host))


def cron_alive(redis: Redis, host: str, now: float) -> bool:
    """rq cron names itself `host:pid:…` and scores its name with the time of its last heartbeat."""
    beats = redis.zrange(get_registry_key(), 0, -1, withscores=True)
    return any(name.decode().startswith(f"{host}:") and now - score < WITHIN_S for name, score in beats)


def main(argv: list[str]) -> int:
    what = argv[1] if len(argv) > 1 else ""
    if what not in ("worker", "cron"):
        print("usage: python -m jobs.alive worker|cron", file=sys.stderr)
        return 2
    redis, host = Redis.from_url(os.environ["REDIS_URL"]), socket.gethostname()
    alive = worker_alive(redis, host) if what == "worker" else cron_alive(redis, host, time.time())
    if not alive:
        print(f"no {what} on {host} said it is alive in the last {WITHIN_S} s", file=sys.stderr)
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
