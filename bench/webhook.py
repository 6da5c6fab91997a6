"""How fast the Twilio webhook is acknowledged, under gunicorn started exactly as the Procfile starts it.

Two servers with the Procfile's flags: the real app (`wsgi:app`: signature check, one row per
MessageSid; the Procfile's dispatcher runs beside it and enqueues one RQ job per row) and
`bench.bare_app` (Flask answering empty TwiML) as the floor. For each,
the open-loop load steps its offered rate up until p99 passes 50 ms or acks fall behind
(`bench.load.ceiling`): the highest rate that held is the server's ceiling. Rounds alternate the
two servers; the report gives each round's ceiling and the medians. No RQ worker runs: after each
step the webhook's rows and the dispatcher's jobs are counted against its acks, then emptied.
The load generator runs on the same cores as gunicorn and PostgreSQL, so a ceiling is one for the
machine as a whole, not for the app alone.
"""

from __future__ import annotations

import http.client
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select, text
from twilio.request_validator import RequestValidator

from bench.load import Request, Result, ceiling, drive
from bench.stack import ROOT, VAR
from bot.settings import Settings
from compose import Services
from models import tables

P99_GOAL_MS = 50
START_RATE, RATE_LIMIT = 100, 6400  # offered requests per second: the search doubles from START_RATE
ROUNDS = 3
WARMUP_S = 2
DURATION_S = 5
WEBHOOK_PATH = "/twilio/messages"
WEB_APP = "wsgi:app"
BARE_APP = "bench.bare_app:app"


@dataclass(frozen=True)
class Target:
    name: str
    app: str
    ready_path: str


TARGETS = (Target("webhook (wsgi:app)", WEB_APP, "/health"), Target("bare Flask", BARE_APP, WEBHOOK_PATH))


@dataclass(frozen=True)
class Server:
    port: int
    public_base_url: str
    auth_token: str


@dataclass(frozen=True)
class Search:
    target: str
    ceiling: int  # the highest offered rate that held the goal
    steps: list[Result]

    @property
    def at_ceiling(self) -> Result | None:
        return next((step for step in self.steps if step.offered_rate == self.ceiling), None)


@dataclass(frozen=True)
class Report:
    searches: list[Search]  # in the order run: each round, every target
    stored_messages: int  # inbound_messages rows after the real app's steps, all added up
    queued_jobs: int
    webhook_acks: int

    def of(self, target: str) -> list[Search]:
        return [search for search in self.searches if search.target == target]

    def median_ceiling(self, target: str) -> float:
        return statistics.median(search.ceiling for search in self.of(target))

    @property
    def all_stored_once(self) -> bool:
        return self.stored_messages == self.queued_jobs == self.webhook_acks


def procfile_command(name: str, **values: str) -> list[str]:
    """The Procfile's `name:` command word for word, its $VARIABLES filled, with the venv's programs."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(f"{name}:"))
    words = shlex.split(line.removeprefix(f"{name}:"))
    for key, value in values.items():
        words = [word.replace(f"${key}", value) for word in words]
    words[0] = str(Path(sys.executable).parent / words[0])
    return words


def web_command(port: int, app: str) -> list[str]:
    """The Procfile's `web:` command word for word, on `port`, serving `app`, with the venv's gunicorn."""
    words = procfile_command("web", PORT=str(port))
    words[words.index(WEB_APP)] = app
    return words


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(target: Target, env: dict[str, str]) -> Iterator[Server]:
    """Starts gunicorn in its own process group, waits until it answers, and stops the whole group."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_env = {
        **os.environ,
        **env,
        "KETPAAR_ENV": "development",
        "PORT": str(port),
        "PUBLIC_BASE_URL": base,
        "PHOTO_DIR": str(VAR / "photos"),
    }
    log_path = VAR / f"gunicorn-{target.app.split(':')[0]}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            web_command(port, target.app),
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(process, port, target.ready_path, log_path)
        yield Server(port, base, Settings.from_env(server_env).twilio_auth_token)
    finally:
        stop(process)


@contextmanager
def dispatcher(env: dict[str, str]) -> Iterator[None]:
    """The Procfile's dispatcher, as `make run` starts it, for the whole benchmark."""
    with (VAR / "dispatch.log").open("wb") as log:
        process = subprocess.Popen(
            procfile_command("dispatch"),
            cwd=ROOT,
            env={**os.environ, **env, "KETPAAR_ENV": "development", "PHOTO_DIR": str(VAR / "photos")},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield
    finally:
        stop(process)


def wait_until_ready(process: subprocess.Popen, port: int, path: str, log_path: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer GET {path} with 200 in {timeout_s} s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (the arbiter and its workers), SIGKILL if it lingers."""
    for sig, wait_s in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def signed_messages(server: Server, count: int) -> list[Request]:
    """`count` WhatsApp "hi"s, each with its own MessageSid, signed as Twilio signs them."""
    validator = RequestValidator(server.auth_token)
    url = server.public_base_url + WEBHOOK_PATH
    requests = []
    for i in range(count):
        params = {
            "MessageSid": f"SM{uuid.uuid4().hex}",
            "AccountSid": "AC" + "0" * 32,
            "From": f"whatsapp:+9198000{i % 100_000:05d}",
            "To": "whatsapp:+14155238886",
            "Body": "hi",
            "NumMedia": "0",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(url, params),
        }
        requests.append(Request(WEBHOOK_PATH, urlencode(params).encode(), headers))
    return requests


def run(env: dict[str, str], services: Services, rounds: int = ROUNDS) -> Report:
    """Each round searches every target's ceiling; every acknowledged webhook must be stored and queued once."""
    tally = {"stored": 0, "queued": 0, "acks": 0}
    with dispatcher(env):
        rounds_run = _rounds(env, services, rounds, tally)
    services.redis.flushdb()
    return Report(rounds_run, tally["stored"], tally["queued"], tally["acks"])


def _rounds(env: dict[str, str], services: Services, rounds: int, tally: dict[str, int]) -> list[Search]:
    searches = []
    for _ in range(rounds):
        for target in TARGETS:
            with gunicorn(target, env) as server:

                def step(rate: int, target: Target = target, server: Server = server) -> Result:
                    requests = signed_messages(server, rate * (WARMUP_S + DURATION_S))
                    result = drive("127.0.0.1", server.port, requests, rate, WARMUP_S)
                    if target.app == WEB_APP:
                        stored, queued = count_and_empty(services, result.total_acks)
                        tally["stored"] += stored
                        tally["queued"] += queued
                        tally["acks"] += result.total_acks
                    return result

                held, steps = ceiling(step, P99_GOAL_MS, START_RATE, RATE_LIMIT)
                searches.append(Search(target.name, held, steps))
    return searches


def count_and_empty(services: Services, acks: int, settle_s: float = 60.0) -> tuple[int, int]:
    """The inbound rows and queued jobs one step left (waiting up to `settle_s` for them to reach
    the acks' count: the dispatcher enqueues after the ack), then empties both for the next step."""
    deadline = time.monotonic() + settle_s
    while True:
        with services.engine.connect() as connection:
            stored = connection.scalar(select(func.count()).select_from(tables.inbound_messages))
        queued = services.queue.count
        if stored == queued == acks or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    with services.engine.begin() as connection:
        connection.execute(text("TRUNCATE inbound_messages RESTART IDENTITY CASCADE"))
    services.redis.flushdb()
    return stored, queued
