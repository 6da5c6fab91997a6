"""The RQ worker class `make run` starts: services are built before each job's fork, not in it."""

from __future__ import annotations

from rq import Worker

from jobs import runtime


class KetpaarWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        runtime.services()
