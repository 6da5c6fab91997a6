"""What the console of `make run` shows: one line per job, no simulator polls, no start-up warnings."""

from __future__ import annotations

import os
import re

from jobs import sweeps
from tests.support.processes import procfile_words, start
from tests.support.whatsapp import Phone

# "18:01:02 handle_inbound-1 done in 0.13 s"
JOB_LINE = re.compile(r"^\d\d:\d\d:\d\d (\S+) (done|FAILED) in \d+\.\d\d s")


def development(stack: dict[str, str], tmp_path) -> dict[str, str]:
    return {**os.environ, **stack, "KETPAAR_ENV": "development", "PHOTO_DIR": str(tmp_path / "photos")}


def test_the_worker_logs_one_line_per_job_and_nothing_for_a_sweep_that_found_nothing(stack, services, client, tmp_path):
    Phone(client, services, "+919800000001").post(Body="hi")  # stored and queued; the worker below runs it
    services.queue.enqueue(sweeps.requeue_inbound)  # runs after it, and finds nothing left
    env = development(stack, tmp_path)
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = start(procfile_words("worker", env, "--burst"), env, log)
    assert worker.wait(timeout=120) == 0
    lines = log_path.read_text().splitlines()
    jobs = [match.group(1, 2) for match in map(JOB_LINE.match, lines) if match]
    assert jobs == [("handle_inbound-1", "done"), ("send_message-1", "done")]
    assert [line for line in lines if "handle_inbound-1" in line or "send_message-1" in line] == [
        line for line in lines if JOB_LINE.match(line)
    ]
    assert not [line for line in lines if "requeue_inbound" in line]
