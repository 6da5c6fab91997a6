"""A person who talks to Ketpaar: a donor, or the contact of a kitchen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

LANGUAGES = ("en", "ta", "hi")
PENDING_PHOTO = "pending_photo_id"  # the draft's key for a photo sent before onboarding ended
# The language menu: the number to reply, the code, and the language's own name.
LANGUAGE_MENU = (("1", "en", "English"), ("2", "ta", "தமிழ்"), ("3", "hi", "हिन्दी"))
# Every way a person names a language: its number on the menu, its code, its name in English
# or in its own script (हिंदी, with an anusvara, is as common as हिन्दी).
_NAMINGS = {
    **{number: code for number, code, _ in LANGUAGE_MENU},
    **{code: code for code in LANGUAGES},
    **{name.casefold(): code for _, code, name in LANGUAGE_MENU},
    "tamil": "ta",
    "hindi": "hi",
    "हिंदी": "hi",
}


def parse_language(text: str) -> str | None:
    """The language a message names (`2`, `ta`, `Tamil`, `தமிழ்`), or None when it names none we speak."""
    return _NAMINGS.get(text.strip().rstrip(".!").casefold())


def channel_of(address: str) -> str:
    return "whatsapp" if address.startswith("whatsapp:") else "sms"


# A giver's number as staff see it: enough to tell two givers apart or match a call, not to reach them.
MASK = "•"
SHOWN_DIGITS = 3


def masked(address: str | None) -> str:
    """`whatsapp:+919800000001` as `+91•••••••001`; "" for a person who erased their data."""
    if not address:
        return ""
    number = address.removeprefix("whatsapp:")
    hidden = max(len(number) - 3 - SHOWN_DIGITS, 0)
    return number[:3] + MASK * hidden + number[3 + hidden :]


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
