"""The RQ worker class `make run` starts: services and the face model are ready before each job's fork."""

from __future__ import annotations

from rq import Worker

from jobs import runtime


class KetpaarWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built and loaded here, in the parent: each job's forked child inherits them ready.
        runtime.services().faces.load()
