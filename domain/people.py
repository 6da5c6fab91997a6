"""A person who talks to Ketpaar: a donor, or the contact of a kitchen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

LANGUAGES = ("en", "ta", "hi")
PENDING_PHOTO = "pending_photo_id"  # the draft's key for a photo sent before onboarding ended


def parse_language(text: str) -> str | None:
    """A language code as typed after LANG (`ta`, `HI`), or None when it is not one we speak."""
    wanted = text.strip().lower()
    return wanted if wanted in LANGUAGES else None


def channel_of(address: str) -> str:
    return "whatsapp" if address.startswith("whatsapp:") else "sms"


@dataclass(eq=False)
class Person:
    address: str  # "whatsapp:+91…" or "+91…", exactly as Twilio names the sender
    created_at: datetime
    language: str = "en"
    language_chosen: bool = False
    consent_at: datetime | None = None
    consent_version: str = ""  # of the consent text agreed to: a changed text is asked for again
    step: str = ""  # where a multi-message conversation (such as registration) stands
    draft: dict = field(default_factory=dict)
    active_order_id: int | None = None
    id: int | None = None

    @property
    def channel(self) -> str:
        return channel_of(self.address)
