"""People's data under their control: consents, the rights they ask for by chat, and what may be seen."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ConsentKind(StrEnum):
    SERVICE = "service"  # the donor's own: the use of their photos and location pins
    PHOTO = "photo"  # the photographed person agreed (or not) to this one photo


@dataclass(frozen=True)
class Consent:
    person_id: int
    kind: ConsentKind
    at: datetime
    agreed: bool = True
    version: str = ""  # of the text agreed to, for the donor's own consent
    order_id: int | None = None  # the order whose photo it was, for a photographed person's


def text_version(text: str) -> str:
    """A short fingerprint of a consent text: a changed text is a new version, and is asked for again."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]
