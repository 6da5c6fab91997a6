"""A donor's pin to the kitchen list sent, through the web app, the dispatcher and real RQ workers as the
Procfile runs them.

gunicorn starts as the Procfile's `web:` line says; the workers are copies of its `worker:` line
with one change, the worker class: `StubbedGoogleWorker` is the Procfile's `KetpaarWorker` whose
services answer Google after 150 ms a call (the recorded answers the tests use, moved to each pin,
every pin in its own cache cell, so each safety check asks Google afresh) and whose clock reads noon
in Chennai (a fixed offset from the wall clock, so a spot is judged in daylight and a send time can
be read back as wall time). `ForkingStubbedWorker` is the same on RQ's default `Worker`, which
forks a child per job: what the Procfile ran before, measured in the same run as the baseline.

N donors first go through onboarding and send a photo of a face (answering YES to the photographed
person's consent), on PREP_WORKERS workers that are stopped once every photo job is done. Then the
measured workers start and each donor sends a location pin, on a fixed schedule (open loop).
Latency: from the moment the pin's webhook was posted to the `sent_at` of the kitchen list to that
donor (the development transport stores it). The stages between come from the rows each step leaves.
"""

from __future__ import annotations

import http.client
import os
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from rq import Worker
from rq.registry import StartedJobRegistry
from sqlalchemy import text
from twilio.request_validator import RequestValidator

from bench.load import percentile
from bench.safety import GOOGLE_LATENCY_S
from bench.stack import ROOT, VAR, wipe
from bench.webhook import WEB_APP, WEBHOOK_PATH, Server, Target, dispatcher, gunicorn
from bot.settings import Settings
from compose import Services, build_services
from flows.admin import NewKitchen, add_kitchen
from jobs import runtime
from jobs.worker import KetpaarWorker
from tests.support.google_http import RECORDED_AT, GoogleAroundEveryPoint
from tests.support.media_host import MediaHost

DONORS = 50
PREP_WORKERS = 3
GOAL_P95_S = 1.5
NOON_IN_CHENNAI = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
OFFSET_VARIABLE = "BENCH_CLOCK_OFFSET_S"  # seconds the workers' clock runs ahead of the wall clock
GOOGLE_KEY = "AIzaSyBenchKeyForRecordedResponses000000"
FACE = ROOT / "tests" / "fixtures" / "faces" / "person_a_1.jpg"
SPOT = RECORDED_AT  # where Google's recorded answers were made; the kitchens are near
KITCHEN_LIST = "Order %: kitchens near you that can cook now:%"
SETTLE_TIMEOUT_S = 300
WEB = Target("webhook (wsgi:app)", WEB_APP, "/health")


class GoogleAroundEveryPin(GoogleAroundEveryPoint):
    """The recorded answers (made for SPOT) moved to whichever point is asked about, after 150 ms.

    Every pin is then on a road with busy places nearby, as SPOT is, and each can be in its own
    cache cell, so every safety check asks Google afresh.
    """

    def send(self, request, timeout=None, **kwargs):
        time.sleep(GOOGLE_LATENCY_S)
        return super().send(request, timeout=timeout, **kwargs)


def stub_services() -> None:
    """This worker process's services: Google 150 ms away and the clock at noon in Chennai (see the module)."""
    offset = timedelta(seconds=float(os.environ[OFFSET_VARIABLE]))
    settings = Settings.from_env()
    google = GoogleAroundEveryPin()
    runtime.use(build_services(settings, maps_session=google.session(), clock=lambda: datetime.now(UTC) + offset))


class StubbedGoogleWorker(KetpaarWorker):
    """The Procfile's worker, stubbed."""

    def __init__(self, *args, **kwargs):
        stub_services()
        super().__init__(*args, **kwargs)


class ForkingStubbedWorker(Worker):
    """The worker the Procfile ran before: RQ's forking `Worker`, the face model loaded before each fork."""

    def __init__(self, *args, **kwargs):
        stub_services()
        super().__init__(*args, **kwargs)
        runtime.services().faces.load()


@dataclass(frozen=True)
class Setup:
    name: str
    worker_class: type[Worker]
    workers: int  # copies of the Procfile's worker: line
    pin_rate: float  # pins per second


SETUPS = (
    Setup("forking RQ Worker (before)", ForkingStubbedWorker, 1, 2.0),
    Setup("KetpaarWorker (Procfile)", StubbedGoogleWorker, 1, 2.0),
    Setup("KetpaarWorker (Procfile) ×4", StubbedGoogleWorker, 4, 10.0),
)


@dataclass(frozen=True)
class Donor:
    address: str
    pin: tuple[float, float]


@dataclass(frozen=True)
class Trip:
    """One donor's pin: seconds from its webhook to each later step (None if the step never came)."""

    handled_s: float | None  # the pin's inbound message marked processed
    listed_s: float | None  # the kitchen list's row created
    sent_s: float | None  # the kitchen list's row sent (stored by the development transport)


@dataclass(frozen=True)
class Run:
    setup: Setup
    trips: list[Trip]

    @property
    def sent(self) -> list[float]:
        return sorted(trip.sent_s for trip in self.trips if trip.sent_s is not None)

    def stage(self, name: str, share: float) -> float:
        values = sorted(getattr(trip, name) for trip in self.trips if getattr(trip, name) is not None)
        return percentile(values, share)

    @property
    def complete(self) -> bool:
        return len(self.sent) == len(self.trips)


@dataclass(frozen=True)
class Report:
    runs: list[Run]
    prepare_s: float  # the median setup's preparation


def worker_command(redis_url: str, worker_class: type[Worker]) -> list[str]:
    """The Procfile's `worker:` command, with the venv's rq and a stubbed worker class."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:"))
    words = [word.replace("$REDIS_URL", redis_url) for word in shlex.split(line.removeprefix("worker:"))]
    words[0] = str(Path(sys.executable).parent / words[0])
    words[words.index("jobs.worker.KetpaarWorker")] = f"{__name__}.{worker_class.__name__}"
    return words


@contextmanager
def rq_workers(services: Services, count: int, worker_class: type[Worker], env: dict[str, str]) -> Iterator[None]:
    """`count` worker processes, ready (registered with Redis) on entering; a warm shutdown on leaving."""
    processes = []
    try:
        for number in range(count):
            log = (VAR / f"rq-worker-{number}.log").open("ab")
            processes.append(
                subprocess.Popen(
                    worker_command(env["REDIS_URL"], worker_class),
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            log.close()
        deadline = time.monotonic() + 120
        while Worker.count(queue=services.queue) < count:
            if time.monotonic() > deadline or any(process.poll() is not None for process in processes):
                raise RuntimeError(f"RQ workers did not start; see {VAR}/rq-worker-*.log")
            time.sleep(0.1)
        yield
    finally:
        for process in processes:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        deadline = time.monotonic() + 20
        while Worker.count(queue=services.queue) and time.monotonic() < deadline:  # gone from Redis too
            time.sleep(0.1)


class Poster:
    """Signed webhooks to the running app, as Twilio sends them."""

    def __init__(self, server: Server):
        self.server = server
        self.validator = RequestValidator(server.auth_token)
        self.url = server.public_base_url + WEBHOOK_PATH

    def post(self, address: str, **fields: str) -> None:
        params = {
            "MessageSid": f"SM{uuid.uuid4().hex}",
            "AccountSid": "AC" + "0" * 32,
            "From": address,
            "To": "whatsapp:+14155238886",
            "Body": "",
            "NumMedia": "0",
            **fields,
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": self.validator.compute_signature(self.url, params),
        }
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            connection.request("POST", WEBHOOK_PATH, urlencode(params), headers)
            status = connection.getresponse().status
        finally:
            connection.close()
        if status != 200:
            raise RuntimeError(f"webhook answered {status} to {address}")


def donors(count: int) -> list[Donor]:
    """Pins about 130 m apart (one Google cache cell each, and beyond the duplicate radius of each other)."""
    return [
        Donor(
            f"whatsapp:+9198001{i:05d}",
            (round(SPOT[0] + 0.0012 * (i // 10 - 2), 6), round(SPOT[1] + 0.0012 * (i % 10 - 5), 6)),
        )
        for i in range(count)
    ]


def add_kitchens(services: Services) -> None:
    now = datetime.now(UTC)
    for number, (lat, lng) in enumerate([(13.0612, 80.2478), (13.0580, 80.2530), (13.0650, 80.2450)]):
        new = NewKitchen(
            f"Bench Kitchen {number + 1}",
            f"+91980000{number + 1:04d}",
            lat,
            lng,
            1000,
            60,
            f"bench{number}@upi",
            verified=True,
            hours="0-24",
        )
        with services.uow() as uow:
            add_kitchen(uow, new, now)
            uow.commit()


def prepare(poster: Poster, media: MediaHost, people: list[Donor]) -> None:
    """Each donor: hello, English, consent, a photo of a face, YES (the person agreed). Sent in order;
    one sender's messages are handled in arrival order."""
    photo = FACE.read_bytes()
    for number, donor in enumerate(people):
        poster.post(donor.address, Body="hi")
        poster.post(donor.address, Body="1")
        poster.post(donor.address, Body="yes")
        url = media.serve(f"face{number}", "image/jpeg", photo)
        poster.post(donor.address, NumMedia="1", MediaUrl0=url, MediaContentType0="image/jpeg")
        poster.post(donor.address, Body="YES")


def wait_until_idle(services: Services, timeout_s: float = SETTLE_TIMEOUT_S) -> None:
    """No job queued or running for a second."""
    started = StartedJobRegistry(queue=services.queue)
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        busy = services.queue.count or started.count
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 1.0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"jobs still queued or running after {timeout_s} s")


def photos_ready(services: Services) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(text("SELECT count(*) FROM orders WHERE photo_state = 'ready'"))


def send_pins(poster: Poster, people: list[Donor], rate: float) -> dict[str, float]:
    """Posts each donor's pin at its due time (threads, so a slow answer delays no later pin);
    returns the wall-clock time each was posted."""
    posted: dict[str, float] = {}
    start = time.time() + 0.2

    def pin(i: int, donor: Donor) -> None:
        if (pause := start + i / rate - time.time()) > 0:
            time.sleep(pause)
        posted[donor.address] = time.time()
        poster.post(donor.address, Latitude=str(donor.pin[0]), Longitude=str(donor.pin[1]))

    threads = [threading.Thread(target=pin, args=(i, donor)) for i, donor in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return posted


def wait_for_lists(services: Services, count: int, timeout_s: float = SETTLE_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with services.engine.connect() as connection:
            sent = connection.scalar(
                text("SELECT count(*) FROM outbound_messages WHERE body LIKE :list AND sent_at IS NOT NULL"),
                {"list": KITCHEN_LIST},
            )
        if sent >= count:
            return
        time.sleep(0.2)


def trips(services: Services, posted: dict[str, float], offset_s: float) -> list[Trip]:
    """Each donor's stages, read back from the rows; the workers' times less their clock's offset are wall time."""
    with services.engine.connect() as connection:
        handled = dict(
            connection.execute(
                text(
                    "SELECT sender, extract(epoch FROM processed_at) FROM inbound_messages "
                    "WHERE params ? 'Latitude' AND processed_at IS NOT NULL"
                )
            ).all()
        )
        lists = {
            row.to_address: row
            for row in connection.execute(
                text(
                    "SELECT to_address, extract(epoch FROM created_at) AS created, extract(epoch FROM sent_at) AS sent "
                    "FROM outbound_messages WHERE body LIKE :list"
                ),
                {"list": KITCHEN_LIST},
            )
        }

    def since_pin(address: str, at: float | None) -> float | None:
        return None if at is None else float(at) - offset_s - posted[address]

    return [
        Trip(
            since_pin(address, handled.get(address)),
            since_pin(address, lists[address].created) if address in lists else None,
            since_pin(address, lists[address].sent) if address in lists else None,
        )
        for address in posted
    ]


def run(env: dict[str, str], services: Services, count: int = DONORS, setups: tuple[Setup, ...] = SETUPS) -> Report:
    """For each setup: a fresh database, the donors prepared, then their pins timed."""
    runs = []
    prepare_s = []
    for setup in setups:
        wipe(services)
        offset_s = (NOON_IN_CHENNAI - datetime.now(UTC)).total_seconds()
        with ExitStack() as stack:
            media = stack.enter_context(MediaHost())
            server_env = {
                **env,
                "MEDIA_ALLOWED_HOSTS": "127.0.0.1",
                "GOOGLE_MAPS_API_KEY": GOOGLE_KEY,
                OFFSET_VARIABLE: str(offset_s),
            }
            server = stack.enter_context(gunicorn(WEB, server_env))
            stack.enter_context(dispatcher(server_env))  # the Procfile's: stored messages to the queue
            worker_env = {
                **os.environ,
                **server_env,
                "KETPAAR_ENV": "development",
                "PUBLIC_BASE_URL": server.public_base_url,
                "PHOTO_DIR": str(VAR / "photos"),
            }
            add_kitchens(services)
            people = donors(count)
            poster = Poster(server)
            began = time.monotonic()
            with rq_workers(services, PREP_WORKERS, StubbedGoogleWorker, worker_env):
                prepare(poster, media, people)
                wait_until_idle(services)
            prepare_s.append(time.monotonic() - began)
            if (ready := photos_ready(services)) != count:
                raise RuntimeError(f"{ready} of {count} photos ready; see {VAR}/rq-worker-*.log")
            with rq_workers(services, setup.workers, setup.worker_class, worker_env):
                posted = send_pins(poster, people, setup.pin_rate)
                wait_for_lists(services, count)
                wait_until_idle(services)
            runs.append(Run(setup, trips(services, posted, offset_s)))
    return Report(runs, statistics.median(prepare_s))
