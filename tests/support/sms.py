"""Plays a person on a feature phone: signed Twilio webhooks from `+91…` (no `whatsapp:` prefix), text only."""

from __future__ import annotations

import re

from bot.web.dev import SMS_NUMBER  # the number Twilio delivers our SMS from, and to (the simulator's too)
from tests.support.whatsapp import Phone


class SmsPhone(Phone):
    def __init__(self, client, services, number: str):
        super().__init__(client, services, number)
        self.address = number

    def post(self, **fields: str):
        return super().post(**{"To": SMS_NUMBER, **fields})

    def feed(self, place: str) -> str:
        """Sends FEED and the place; returns the new order's reference, read from the reply that names it.

        The replies are left for the test to expect.
        """
        self.send(f"FEED {place}")
        new = [message["body"] for message in self.outbox()[self.seen :]]
        named = [re.search(r"^Order ([A-Z0-9]{4,8}): near ", body, re.MULTILINE) for body in new]
        found = [match.group(1) for match in named if match]
        assert found, f"{self.address} was told {new!r} after FEED"
        self.reference = found[0]
        return self.reference
