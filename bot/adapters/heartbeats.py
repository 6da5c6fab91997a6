"""Each RQ worker process says it is alive every few seconds, in a Redis key of its own that expires;
/ready and /metrics read how long ago the youngest said so.

Our own key rather than RQ's worker heartbeat: RQ beats only between jobs and once per dequeue timeout
(about 7 minutes when idle), and a worker that runs jobs in its own process (KetpaarWorker) does not
beat during a job, so a healthy idle or busy worker would look dead. A thread beats here whatever the
worker is doing; a worker whose process is gone stops beating.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from redis import Redis
from redis.exceptions import RedisError

PREFIX = "ketpaar:heartbeat:"
EVERY_S = 10
KEPT_S = 120  # a worker killed without a word disappears from the keys within this


class Heartbeats:
    def __init__(self, redis: Redis, every_s: float = EVERY_S, clock: Callable[[], float] = time.time):
        self.redis = redis
        self.every_s = every_s
        self.clock = clock  # wall time, not the app's clock: tests move that one

    def beat(self, worker: str) -> None:
        self.redis.set(PREFIX + worker, repr(self.clock()), ex=KEPT_S)

    def ages(self, on_host: str = "") -> list[float]:
        """Seconds since each live worker's last beat (those `on_host` when given: their names start with
        their host), youngest first; raises RedisError when Redis is down."""
        keys = list(self.redis.scan_iter(match=f"{PREFIX}{on_host}{':' if on_host else ''}*", count=100))
        beats = self.redis.mget(keys) if keys else []
        now = self.clock()
        return sorted(max(0.0, now - float(beat)) for beat in beats if beat is not None)

    @contextmanager
    def beating(self, worker: str) -> Iterator[None]:
        """Beats for `worker` from a thread while the block runs; its key goes when it ends."""
        stopped = threading.Event()

        def loop() -> None:
            while not stopped.is_set():
                with suppress(RedisError):  # Redis away for a while: the worker's own loop will say so
                    self.beat(worker)
                stopped.wait(self.every_s)

        thread = threading.Thread(target=loop, name="ketpaar-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stopped.set()
            thread.join(timeout=5)
            with suppress(RedisError):
                self.redis.delete(PREFIX + worker)
