"""Plays a person on WhatsApp: posts signed Twilio webhooks and reads what the bot sent back."""

from __future__ import annotations

import io
import itertools
import re

from PIL import Image
from rq import SimpleWorker
from twilio.request_validator import RequestValidator

from compose import Services
from tests.support.media_host import MediaHost

_sids = itertools.count(1)

SPOT = (13.0604, 80.2496)  # Gemini flyover, Chennai


def jpeg(width: int = 64, height: int = 48, colour: str = "orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def signature(services: Services, path: str, params: dict) -> str:
    url = services.settings.public_base_url + path
    return RequestValidator(services.settings.twilio_auth_token).compute_signature(url, params)


def run_jobs(services: Services) -> None:
    """A real RQ worker, in burst mode, in this process (so it shares the test's clock)."""
    SimpleWorker([services.queue], connection=services.redis).work(burst=True)


class Phone:
    def __init__(self, client, services: Services, number: str, media: MediaHost | None = None):
        self.client = client
        self.services = services
        self.address = f"whatsapp:{number}"
        self.media = media
        self.seen = 0

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
        response = self.client.get("/dev/outbox", query_string={"to": self.address})
        return response.get_json()

    def replies(self) -> list[str]:
        """What the bot sent this person since the last look."""
        messages = self.outbox()
        new, self.seen = messages[self.seen :], len(messages)
        return [message["body"] for message in new]

    def photograph(self, photo: bytes, content_type: str = "image/jpeg") -> str:
        """Sends a seeker's photo, says yes if asked whether the person agreed, returns the order reference."""
        self.send(photo=photo, content_type=content_type)
        replies = self.replies()
        reference = next(match.group(1) for reply in replies if (match := re.search(r"order is ([A-Z0-9]{4})", reply)))
        if "agree to be photographed" in replies[-1]:
            self.send("YES")
        return reference

    def last(self) -> str:
        replies = self.replies()
        assert replies, f"no reply to {self.address}"
        return replies[-1]


def onboard(donor: Phone) -> None:
    donor.send("hi")
    assert "Reply 1 for English" in donor.last()
    donor.send("1")
    assert "Reply YES" in donor.last()
    donor.send("yes")
    assert "send a photo" in donor.last()
