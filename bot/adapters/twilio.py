"""Twilio: its webhook form read as a channel-neutral message, and the outbound transports
(Twilio's REST API when configured, else a development transport that only records)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from flows.messages import Inbound, Pin

MAX_MEDIA = 10  # Twilio's own limit per message
# A call to Twilio that hangs longer is given up and retried; a worker is never stuck on it.
TWILIO_TIMEOUT_SECONDS = 10
LOOKBACK = 50  # of Twilio's messages to one person, enough to find one we may have sent


@dataclass(frozen=True)
class MediaRef:
    """A file a message names: fetched and checked before the flow sees it."""

    url: str
    content_type: str


def read_inbound(params: dict[str, str]) -> tuple[Inbound, list[MediaRef]]:
    """Twilio's webhook form as a message (its photos not yet fetched) and the media it names."""
    pin = None
    if params.get("Latitude") or params.get("Longitude"):
        pin = Pin(
            params.get("Latitude", ""), params.get("Longitude", ""), params.get("Label", ""), params.get("Address", "")
        )
    media = [
        MediaRef(params.get(f"MediaUrl{index}", ""), params.get(f"MediaContentType{index}", ""))
        for index in range(_media_count(params))
    ]
    return Inbound(sender=params["From"], text=params.get("Body", ""), pin=pin), media


def _media_count(params: dict[str, str]) -> int:
    try:
        return max(0, min(int(params.get("NumMedia") or 0), MAX_MEDIA))
    except ValueError:
        return 0


class SendFailed(Exception):
    def __init__(self, detail: str, retryable: bool, code: int | None = None):
        super().__init__(detail)
        self.retryable = retryable
        self.code = code  # Twilio's error code, such as 63016 or 21610, when it gave one


@dataclass(frozen=True)
class Outgoing:
    """One message as the provider gets it: free text (with media), or a template and its variables."""

    to: str  # whatsapp:+91… or +91…: the channel is in the address
    body: str
    media_urls: tuple[str, ...] = ()
    content_sid: str | None = None
    content_variables: dict[str, str] | None = None


class Transport(Protocol):
    name: str
    sends_sms: bool  # a number to send SMS from is configured

    def send(self, message: Outgoing) -> str:
        """Hands the message over and returns the provider's id; raises SendFailed."""

    def sent_like(self, to: str, body: str, since: datetime) -> list[str]:
        """The provider's ids of messages with this body sent to `to` since then, oldest first; raises SendFailed."""


@dataclass
class DevTransport:
    """Without Twilio, a message is 'sent' by being kept: /dev/outbox shows the rows."""

    name: str = "dev"
    sends_sms: bool = True  # so that the simulator shows what would go by SMS

    def send(self, message: Outgoing) -> str:
        return ""

    def sent_like(self, to: str, body: str, since: datetime) -> list[str]:
        return []  # nothing left this process: sending again is harmless


class TwilioTransport:
    name = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        whatsapp_from: str,
        sms_from: str,
        status_callback: str,
        http_client: HttpClient | None = None,
    ):
        self.client = Client(
            account_sid, auth_token, http_client=http_client or TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS)
        )
        self.whatsapp_from = whatsapp_from
        self.sms_from = sms_from
        self.status_callback = status_callback
        self.sends_sms = bool(sms_from)

    def sender_for(self, to: str) -> str:
        if to.startswith("whatsapp:"):
            sender = self.whatsapp_from
            return sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
        return self.sms_from

    def send(self, message: Outgoing) -> str:
        sender = self.sender_for(message.to)
        if not sender or sender == "whatsapp:":
            raise SendFailed(f"no sender number configured for {message.to.split(':')[0]}", retryable=False)
        with _failures_as_send_failed():
            created = self.client.messages.create(
                to=message.to, from_=sender, status_callback=self.status_callback, **_content(message)
            )
        return created.sid

    def sent_like(self, to: str, body: str, since: datetime) -> list[str]:
        """Twilio's own log, read when a crash left it unknown whether Twilio took a message."""
        with _failures_as_send_failed():
            listed = self.client.messages.list(to=to, from_=self.sender_for(to), date_sent_after=since, limit=LOOKBACK)
        matching = [message for message in listed if message.body == body]
        return [message.sid for message in sorted(matching, key=lambda message: message.date_created or since)]


def _content(message: Outgoing) -> dict[str, object]:
    """A template goes as ContentSid and ContentVariables only, no Body: outside the window nothing else is taken."""
    if message.content_sid:
        return {"content_sid": message.content_sid, "content_variables": json.dumps(message.content_variables or {})}
    # Twilio fetches media from a public https address; a local one would fail the whole send.
    media = [url for url in message.media_urls if url.startswith("https://")] or None
    return {"body": message.body, "media_url": media}


@contextmanager
def _failures_as_send_failed() -> Iterator[None]:
    """Twilio's 429 and 5xx and network faults (timeouts included) are worth retrying; the rest are not."""
    try:
        yield
    except TwilioRestException as error:
        retryable = error.status == 429 or error.status >= 500
        raise SendFailed(f"twilio {error.status} {error.code}: {error.msg}", retryable, error.code) from error
    except OSError as error:  # requests' timeouts and connection errors are OSErrors
        raise SendFailed(f"network: {error}", retryable=True) from error
