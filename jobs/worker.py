"""The RQ worker class `make run` starts: it runs each job itself, with its services and the face model ready."""

from __future__ import annotations

from rq import SimpleWorker

from jobs import runtime


class KetpaarWorker(SimpleWorker):
    """No fork per job: RQ's default worker forked a child for every job, which opened its own
    PostgreSQL and Redis connections and cost more than most jobs (see README, Benchmarks: a donor's
    pin to the kitchen list). Here the connection pool and the loaded face model serve every job.

    What the fork bought, a worker that outlives a job that crashes or is killed, is not needed for
    nothing to be lost: a try is counted in PostgreSQL before it is made, the sweepers re-enqueue
    whatever a dead worker left, and the process manager starts the worker again.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        runtime.services().faces.load()
