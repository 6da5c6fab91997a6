"""The giving commands a donor types: single words (`CREDIT 10 AMMA`, `GIVE C7QXK 20`) and two-word
phrases (`USE PLEDGE`, `CANCEL PLEDGE P7QXK`, `NOTIFY NEAR 600017`).

They are read before the donor's other commands, so `CANCEL PLEDGE` is never taken for `CANCEL`.
"""

from __future__ import annotations

from domain.commands import Command

PHRASES = frozenset({"USE PLEDGE", "CANCEL PLEDGE", "NOTIFY NEAR", "NOTIFY OFF"})
WORDS = frozenset({"CREDIT", "PLEDGE", "PLEDGES", "PAUSE", "RESUME", "GIVE", "SHARE", "IMPACT", "COVER"})


def parse_giving(text: str) -> Command | None:
    words = text.strip().split()
    if not words:
        return None
    first = words[0].upper()
    if len(words) > 1 and f"{first} {words[1].upper()}" in PHRASES:
        return Command(f"{first} {words[1].upper()}", tuple(words[2:]))
    return Command(first, tuple(words[1:])) if first in WORDS else None
