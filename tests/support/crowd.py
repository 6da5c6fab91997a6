"""Many donors at once against real processes: gunicorn and RQ workers started as the Procfile starts
them, the webhook signed as Twilio signs it, and the replies read from PostgreSQL as they are sent."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot.settings import DEV_AUTH_TOKEN, Settings
from compose import build_services
from jobs import runtime
from jobs.worker import KetpaarWorker
from models import tables
from tests.support.media_host import MediaHost
from tests.support.replies import Expected, expected
from tests.support.stack import NOON_IN_CHENNAI

CLOCK_OFFSET = "KETPAAR_TEST_CLOCK_OFFSET_S"


def noon_offset() -> str:
    """What a NoonWorker adds to the real time: it starts at noon in Chennai and moves with the seconds."""
    return str((NOON_IN_CHENNAI - datetime.now(UTC)).total_seconds())


class NoonWorker(KetpaarWorker):
    """The Procfile's worker on the tests' clock, so kitchens are open and the spot is in daylight."""

    def __init__(self, *args, **kwargs):
        offset = timedelta(seconds=float(os.environ[CLOCK_OFFSET]))
        runtime.use(build_services(Settings.from_env(), clock=lambda: datetime.now(UTC) + offset))
        super().__init__(*args, **kwargs)


class Outbox:
    """Every reply sent so far (stored by the development transport), per address, oldest first.

    One thread reads them all a few times a second, so fifty donors waiting cost one query, not fifty.
    """

    def __init__(self, engine, every_s: float = 0.2):
        self.engine, self.every_s = engine, every_s
        self.sent: dict[str, list[str]] = {}
        self.changed = threading.Condition()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Outbox:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)

    def _watch(self) -> None:
        rows = tables.outbound_messages.c
        query = select(rows.to_address, rows.body).where(rows.status == "stored").order_by(rows.id)
        while not self.stopped.is_set():
            with self.engine.connect() as connection:
                found: dict[str, list[str]] = {}
                for address, body in connection.execute(query):
                    found.setdefault(address, []).append(body)
            with self.changed:
                self.sent = found
                self.changed.notify_all()
            self.stopped.wait(self.every_s)

    def wait_for(self, address: str, count: int, timeout_s: float) -> list[str]:
        """The first `count` replies to `address`, once that many were sent; fails after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        with self.changed:
            while len(self.sent.get(address, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{address} got {self.sent.get(address, [])!r}, waiting for {count}")
                self.changed.wait(left)
            return list(self.sent[address])


class WebhookDonor:
    """A person on WhatsApp posting to a real server, signed with the development token."""

    def __init__(self, base: str, number: str, outbox: Outbox, media: MediaHost, timeout_s: float = 60):
        self.base, self.address, self.outbox, self.media = base, f"whatsapp:{number}", outbox, media
        self.timeout_s = timeout_s
        self.sids = (f"SM{number.lstrip('+')}{n:06d}" for n in range(1, 1000))
        self.told: list[str] = []

    def send(self, body: str = "", *, photo: bytes | None = None, pin: tuple[float, float] | None = None) -> None:
        params = {"MessageSid": next(self.sids), "From": self.address, "To": "whatsapp:+14155238886", "Body": body}
        params["NumMedia"] = "0"
        if photo is not None:
            url = self.media.serve(params["MessageSid"], "image/jpeg", photo)
            params.update(NumMedia="1", MediaUrl0=url, MediaContentType0="image/jpeg")
        if pin is not None:
            params.update(Latitude=str(pin[0]), Longitude=str(pin[1]))
        url = f"{self.base}/twilio/messages"
        signature = RequestValidator(DEV_AUTH_TOKEN).compute_signature(url, params)
        # A connection of its own, as Twilio's: a kept-alive one may be closed by gunicorn as it is reused.
        answer = requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30)
        assert answer.status_code == 200, answer.status_code

    def expect(self, wanted: Expected, **values: str) -> list[str]:
        """Waits for as many new replies as `wanted` holds; returns them (compared whole by the test)."""
        count = len(expected(wanted))
        new = self.outbox.wait_for(self.address, len(self.told) + count, self.timeout_s)[len(self.told) :]
        self.told += new[:count]
        return new[:count]
