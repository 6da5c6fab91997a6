"""Twilio: its webhook form read as a channel-neutral message, and the outbound transports
(Twilio's REST API when configured, else a development transport that only records)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.rest import Client

from flows.messages import Inbound, Pin

MAX_MEDIA = 10  # Twilio's own limit per message


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
    def __init__(self, detail: str, retryable: bool):
        super().__init__(detail)
        self.retryable = retryable


class Transport(Protocol):
    name: str

    def send(self, to: str, body: str, media_urls: list[str]) -> str:
        """Hands the message over and returns the provider's id; raises SendFailed."""


@dataclass
class DevTransport:
    """Without Twilio, a message is 'sent' by being kept: /dev/outbox shows the rows."""

    name: str = "dev"

    def send(self, to: str, body: str, media_urls: list[str]) -> str:
        return ""


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
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.whatsapp_from = whatsapp_from
        self.sms_from = sms_from
        self.status_callback = status_callback

    def sender_for(self, to: str) -> str:
        if to.startswith("whatsapp:"):
            sender = self.whatsapp_from
            return sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
        return self.sms_from

    def send(self, to: str, body: str, media_urls: list[str]) -> str:
        sender = self.sender_for(to)
        if not sender or sender == "whatsapp:":
            raise SendFailed(f"no sender number configured for {to.split(':')[0]}", retryable=False)
        # Twilio fetches media from a public https address; a local one would fail the whole send.
        media = [url for url in media_urls if url.startswith("https://")] or None
        try:
            message = self.client.messages.create(
                to=to, from_=sender, body=body, media_url=media, status_callback=self.status_callback
            )
        except TwilioRestException as error:
            retryable = error.status == 429 or error.status >= 500
            raise SendFailed(f"twilio {error.status} {error.code}: {error.msg}", retryable) from error
        except OSError as error:
            raise SendFailed(f"network: {error}", retryable=True) from error
        return message.sid
