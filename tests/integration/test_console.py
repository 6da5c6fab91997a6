"""What the console of `make run` shows: one line per job, no simulator polls, no start-up warnings."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

import requests

from bot.cli import DEMO_KITCHENS
from jobs import sweeps
from jobs.dispatch import dispatch_waiting
from tests.support.processes import ROOT, free_port, get_when_up, procfile_words, start, stop, wait_for
from tests.support.whatsapp import Phone

# "18:01:02 handle_inbound-1 done in 0.13 s"
JOB_LINE = re.compile(r"^\d\d:\d\d:\d\d (\S+) (done|FAILED) in \d+\.\d\d s")
STACK_VARIABLES = ("DATABASE_URL", "REDIS_URL", "KETPAAR_ENV", "PUBLIC_BASE_URL", "KETPAAR_VAR")


def development(stack: dict[str, str], tmp_path) -> dict[str, str]:
    return {**os.environ, **stack, "KETPAAR_ENV": "development", "PHOTO_DIR": str(tmp_path / "photos")}


def test_the_worker_logs_one_line_per_job_and_nothing_for_a_sweep_that_found_nothing(stack, services, client, tmp_path):
    Phone(client, services, "+919800000001").post(Body="hi")  # stored; the worker below runs it
    dispatch_waiting(services)  # queued, as the Procfile's dispatcher does
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


def flask_command(*args: str, var) -> subprocess.CompletedProcess:
    """A command in another terminal: only KETPAAR_VAR tells it where `make run` is."""
    clean = {name: value for name, value in os.environ.items() if name not in STACK_VARIABLES}
    words = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    return subprocess.run(words, cwd=ROOT, env={**clean, "KETPAAR_VAR": str(var)}, capture_output=True, text=True)


def test_make_run_starts_quietly_and_ctrl_c_stops_it_with_exit_0(stack, services, tmp_path):
    port, var = str(free_port()), tmp_path / "var"
    base = f"http://127.0.0.1:{port}"
    env = {**development(stack, tmp_path), "PORT": port, "KETPAAR_VAR": str(var)}
    env.pop("PUBLIC_BASE_URL", None)
    console_path = tmp_path / "console.log"
    with console_path.open("wb") as console:
        run = start([sys.executable, "-m", "bot.devstack", "run"], env, console)
    try:
        get_when_up(base, "/health", timeout_s=120, process=run)
        found = flask_command("vendor", "list", "--json", var=var)
        assert found.returncode == 0, found.stderr
        assert [kitchen["name"] for kitchen in json.loads(found.stdout)] == [new.name for new in DEMO_KITCHENS]
        requests.post(f"{base}/dev/simulator/send", data={"phone": "+919800000001", "body": "hi"}, timeout=10)
        chat = f"{base}/dev/simulator/conversation?phone=%2B919800000001"  # what the page polls
        wait_for(lambda: len(requests.get(chat, timeout=5).json()["messages"]) == 2, what="the welcome")
        assert requests.get(f"{base}/dev/channels?phone=%2B919800000001", timeout=5).json()["whatsapp"]["window_open"]
        assert requests.get(f"{base}/favicon.ico", timeout=5).status_code == 204
        wait_for(lambda: "send_message-1 done" in console_path.read_text(), what="the send job's line")
        # The worker's counts reach the web app's /metrics through PROMETHEUS_MULTIPROC_DIR, emptied on start.
        scraped = requests.get(f"{base}/metrics", timeout=10).text
        assert 'ketpaar_jobs_total{job="send_message",outcome="done"} 1.0' in scraped
        assert 'ketpaar_webhook_seconds_count{hook="messages"} 1.0' in scraped
    finally:
        code = stop(run, signal.SIGINT)  # what Ctrl-C sends the terminal's foreground processes
    printed = console_path.read_text()
    assert code == 0, printed
    assert printed.splitlines()[-1] == "  Ketpaar stopped."
    assert "Warning" not in printed, printed
    assert f"  Simulator: {base}/dev/simulator   (Ctrl-C stops everything)" in printed
    assert f"KETPAAR_VAR={var} .venv/bin/flask --app wsgi vendor list" in printed
    assert [match.group(1) for match in map(JOB_LINE.match, job_output(printed)) if match] == [
        "handle_inbound-1",
        "send_message-1",
    ]
    assert "Enqueued job" not in printed  # cron says nothing unless something is wrong
    assert "/dev/simulator/conversation" not in printed and "/dev/channels" not in printed  # the page's polls
    assert '"POST /dev/simulator/send HTTP/1.1" 200' in printed and '"GET /favicon.ico HTTP/1.1" 204' in printed
    assert not (var / "run.env").exists()
    after = flask_command("vendor", "list", var=var)
    assert after.returncode != 0 and "no running `make run` wrote" in after.stderr


def job_output(printed: str) -> list[str]:
    """The worker's lines without honcho's "12:00:00 worker.1 | " prefix."""
    return [line.split(" | ", 1)[1] for line in printed.splitlines() if line[9:].startswith("worker.1")]
