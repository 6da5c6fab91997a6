"""When a credit or a pledge may be used: a window of the day in India time (`LUNCH`, `11-15`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.hours import BadHours, india_now, parse_hours

# Meal times as people name them; the kitchens' own hours are written the same way.
NAMED = {"BREAKFAST": (7 * 60, 11 * 60), "LUNCH": (11 * 60, 15 * 60), "DINNER": (18 * 60, 22 * 60)}


@dataclass(frozen=True)
class Window:
    """From `start` to `end`, minutes after midnight in India; a window past midnight (22-2) wraps."""

    start: int
    end: int

    def contains(self, moment: datetime) -> bool:
        now = india_now(moment)
        minute = now.hour * 60 + now.minute
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _clock(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}" if rest == 0 else f"{hours}:{rest:02d}"


def parse_window(word: str) -> Window | None:
    """`LUNCH`, `11-15` or `11:30-14`; None when the word is neither (or names more than one range)."""
    named = NAMED.get(word.strip().upper())
    if named is not None:
        return Window(*named)
    try:
        ranges = parse_hours(word)
    except BadHours:
        return None
    return Window(*ranges[0]) if len(ranges) == 1 else None


def fits(window: Window | None, moment: datetime) -> bool:
    """No window: any time."""
    return window is None or window.contains(moment)


def window_of(start: int | None, end: int | None) -> Window | None:
    """A window as stored: two columns, both empty for any time."""
    return Window(start, end) if start is not None and end is not None else None
