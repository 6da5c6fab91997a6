"""A kitchen's opening hours and the India-time day that its capacity counts in."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

INDIA = ZoneInfo("Asia/Kolkata")

# Hours are whole-hour ranges such as "11-14,18-21"; "22-2" runs past midnight.
_RANGE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*$")

DEFAULT_HOURS = "8-22"


class BadHours(ValueError):
    """The hours text is not of the form 11-14,18-21."""


def india_now(now: datetime) -> datetime:
    return now.astimezone(INDIA)


def india_day(now: datetime) -> date:
    """Capacity is pledged per day, and a day in Ketpaar is a day in India."""
    return india_now(now).date()


def parse_hours(text: str) -> list[tuple[int, int]]:
    """Minutes since midnight for each range, in the order given."""
    ranges = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise BadHours(text)
        h1, m1, h2, m2 = match.groups()
        start, end = int(h1) * 60 + int(m1 or 0), int(h2) * 60 + int(m2 or 0)
        if not (0 <= start < 24 * 60 and 0 < end <= 24 * 60) or start == end:
            raise BadHours(text)
        ranges.append((start, end))
    return ranges


def format_hours(ranges: list[tuple[int, int]]) -> str:
    def clock(minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        return f"{hours}" if rest == 0 else f"{hours}:{rest:02d}"

    return ",".join(f"{clock(a)}-{clock(b)}" for a, b in ranges)


def is_open(ranges: list[tuple[int, int]], at: time) -> bool:
    minute = at.hour * 60 + at.minute
    for start, end in ranges:
        if start < end and start <= minute < end:
            return True
        if start > end and (minute >= start or minute < end):
            return True
    return False
