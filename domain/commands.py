"""Text commands people type, such as `ACCEPT K7QX` or `CAPACITY 20`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

DONOR_VERBS = frozenset({"STATUS", "CANCEL", "PAID", "HISTORY", "HELP", "LANG", "VENDOR"})
KITCHEN_ORDER_VERBS = frozenset({"ACCEPT", "DECLINE", "PAID", "READY", "DELIVERED", "FAILED"})
KITCHEN_VERBS = KITCHEN_ORDER_VERBS | {"CAPACITY", "HOURS", "STATUS", "HELP", "LANG", "VENDOR", "RECEIVED", "CREDITS"}

# Words people type for "yes" and "no". Consent is asked in three languages, and many answer
# Tamil or Hindi in Roman letters (haan, aam, sari; nahi, illai).
YES_WORDS = frozenset(
    {"YES", "Y", "OK", "OKAY", "ஆம்", "ஆமாம்", "சரி", "हाँ", "हां", "हा", "जी"}
    | {"HAAN", "HAN", "HA", "JI", "AAM", "AAMA", "AAMAM", "SARI"}
)
NO_WORDS = frozenset({"NO", "N", "இல்லை", "नहीं", "नही", "ना", "NAHI", "NAHIN", "ILLAI", "ILLA"})
# A politeness said with either answer: "haan ji" is yes, "nahi ji" is no.
POLITE_WORDS = frozenset({"JI", "जी"})


@dataclass(frozen=True)
class Command:
    verb: str
    args: tuple[str, ...] = ()

    @property
    def reference(self) -> str | None:
        return self.args[0].upper() if self.args else None

    @property
    def rest(self) -> str:
        return " ".join(self.args)


FAILURE_REASONS = ("UNSAFE", "NOT FOUND", "REFUSED")


def failure_report(command: Command) -> tuple[str | None, str]:
    """`FAILED [ref] [reason]`: the reference, if one was given, and the reason as said."""
    said = command.rest.upper()
    if not said or any(said.startswith(reason) for reason in FAILURE_REASONS):
        return None, said
    return command.reference, " ".join(command.args[1:]).upper()


def parse_command(text: str, verbs: frozenset[str]) -> Command | None:
    words = text.strip().split()
    if not words or words[0].upper() not in verbs:
        return None
    return Command(words[0].upper(), tuple(words[1:]))


def _answer_words(text: str) -> list[str]:
    return [word.strip(".,!").upper() for word in text.split()]


def is_yes(text: str) -> bool:
    words = _answer_words(text)
    return bool(words) and all(word in YES_WORDS for word in words)


def is_no(text: str) -> bool:
    words = _answer_words(text)
    return any(word in NO_WORDS for word in words) and all(word in NO_WORDS | POLITE_WORDS for word in words)


def read_number(text: str) -> int | None:
    """A whole number written in any script's decimal digits ("12", "௧௨", "१२", "١٢"), or None.

    Superscripts and circled numbers pass `str.isdigit` but are not decimal digits: they are refused.
    """
    if not text or not text.isdecimal():
        return None
    return int("".join(str(unicodedata.decimal(char)) for char in text))


def parse_choice(text: str, count: int) -> int | None:
    """A 1-based choice such as "2" (or "2." or "#2"), or None."""
    number = read_number(text.strip().lstrip("#").rstrip(".)"))
    return number if number is not None and 1 <= number <= count else None
