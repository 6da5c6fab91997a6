"""Plays a person on WhatsApp: posts signed Twilio webhooks and reads what the bot sent back."""

from __future__ import annotations

import io
import itertools
import re

from PIL import Image
from rq import SimpleWorker
from rq.job import Job as RqJob
from rq.registry import ScheduledJobRegistry
from twilio.request_validator import RequestValidator

from compose import Services
from domain.combining import INTERIM_HOLD
from jobs.dispatch import dispatch_waiting
from tests.support import texts
from tests.support.media_host import MediaHost
from tests.support.replies import Expected, assert_told

_sids = itertools.count(1)


def jpeg(width: int = 64, height: int = 48, colour: str = "orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def signature(services: Services, path: str, params: dict) -> str:
    url = services.settings.public_base_url + path
    return RequestValidator(services.settings.twilio_auth_token).compute_signature(url, params)


def run_jobs(services: Services) -> None:
    """The dispatcher's enqueueing, then a real RQ worker in burst mode, in this process (so both share the
    test's clock). tests/integration/test_dispatch.py runs the dispatcher itself, woken by PostgreSQL."""
    dispatch_waiting(services)
    SimpleWorker([services.queue], connection=services.redis).work(burst=True)


def hold_passes(services: Services, clock) -> None:
    """The few seconds an interim note is held pass with nothing else said to the person: RQ's scheduler
    would move its send job to the queue now (by the wall clock, which a test's clock is not), so this does."""
    clock.advance(seconds=INTERIM_HOLD.total_seconds())
    scheduled = ScheduledJobRegistry(queue=services.queue)
    for job in RqJob.fetch_many(scheduled.get_job_ids(), connection=services.redis):
        scheduled.remove(job)
        services.queue.enqueue_job(job)
    run_jobs(services)


class Phone:
    def __init__(self, client, services: Services, number: str, media: MediaHost | None = None):
        self.client = client
        self.services = services
        self.address = f"whatsapp:{number}"
        self.media = media
        self.seen = 0
        self.reference = ""  # of the order this phone last photographed for

    def post(self, **fields: str):
        params = {
            "MessageSid": f"SM{next(_sids):032d}",
            "From": self.address,
            "To": "whatsapp:+14155238886",
            "Body": "",
            "NumMedia": "0",
            **fields,
        }
        headers = {"X-Twilio-Signature": signature(self.services, "/twilio/messages", params)}
        return self.client.post("/twilio/messages", data=params, headers=headers)

    def send(self, body: str = "", *, photo: bytes | None = None, content_type: str = "image/jpeg", pin=None, **extra):
        fields = {"Body": body, **extra}
        if photo is not None:
            url = self.media.serve(f"m{next(_sids)}", content_type, photo)
            fields.update(NumMedia="1", MediaUrl0=url, MediaContentType0=content_type)
        if pin is not None:
            fields.update(Latitude=str(pin[0]), Longitude=str(pin[1]))
        response = self.post(**fields)
        assert response.status_code == 200, response.status_code
        run_jobs(self.services)
        return response

    def outbox(self) -> list[dict]:
        """Every message the bot sent this person, with its media links."""
        response = self.client.get("/dev/outbox", query_string={"to": self.address})
        return response.get_json()

    def replies(self) -> list[str]:
        """What the bot sent this person since the last look."""
        messages = self.outbox()
        new, self.seen = messages[self.seen :], len(messages)
        return [message["body"] for message in new]

    def expect(self, wanted: Expected, **values: str) -> None:
        """What the bot sent this person since the last look is exactly `wanted`: every message, in order.

        {ref} stands for the reference of the order this phone last photographed for.
        """
        if self.reference:
            values = {"ref": self.reference, **values}
        assert_told(self.address, self.replies(), wanted, **values)

    def photograph(self, photo: bytes, content_type: str = "image/jpeg", answer: bool = True) -> str:
        """Sends a seeker's photo and, unless `answer` is False, says yes when asked whether the person
        agreed (asked for every photo); returns the order reference.

        The replies up to asking for the location are checked here; what the photo job says after
        them is left for the test to expect.
        """
        self.send(photo=photo, content_type=content_type)
        new = [message["body"] for message in self.outbox()[self.seen :]]
        received = re.match(r"Photo received\. Your order is ([A-Z0-9]{4})\.\n", new[0]) if new else None
        assert received, f"{self.address} was told {new!r} about a photo"
        self.reference = received.group(1)
        self.expect_first([texts.ASKED_ABOUT_PHOTO])
        if not answer:
            return self.reference
        self.send("YES")
        self.expect_first([texts.AGREED])
        return self.reference

    def expect_first(self, wanted: list[str]) -> None:
        """The first new messages are exactly `wanted`; any after them are left for the next look."""
        messages = self.outbox()
        first = [message["body"] for message in messages[self.seen : self.seen + len(wanted)]]
        self.seen += len(first)
        assert_told(self.address, first, wanted, ref=self.reference)


SPOT = (13.0604, 80.2496)  # Gemini flyover, Chennai


def onboard(donor: Phone) -> None:
    """Language, then consent, each reply checked whole."""
    donor.send("hi")
    donor.expect(texts.WELCOME)
    donor.send("1")
    donor.expect(texts.CONSENT)
    donor.send("yes")
    donor.expect(texts.READY)
