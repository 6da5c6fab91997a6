"""What the dashboard and the API report: filters over orders, and figures computed from counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain.hours import INDIA


def india_midnight(day: date) -> datetime:
    """The moment an India day starts: days in reports are India days, whatever the server's zone."""
    return datetime.combine(day, time(), tzinfo=INDIA)


@dataclass(frozen=True)
class Period:
    """India days, both ends included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return india_midnight(self.first)

    @property
    def end(self) -> datetime:
        return india_midnight(self.last + timedelta(days=1))

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @classmethod
    def ending(cls, last: date, days: int) -> Period:
        return cls(last - timedelta(days=days - 1), last)


@dataclass(frozen=True)
class OrderFilters:
    status: str | None = None
    kitchen_id: int | None = None
    reference: str | None = None
    first_day: date | None = None  # India days, both ends included
    last_day: date | None = None


def rate(part: int, whole: int) -> float | None:
    """A share in 0–1, or None when there is nothing to share out (not 0: no data is not a bad figure)."""
    return round(part / whole, 3) if whole else None


@dataclass(frozen=True)
class KitchenAnswers:
    """How a kitchen answered the orders it was asked to cook. Some requests end unanswered for other
    reasons (the donor chose another kitchen or cancelled), so the rates need not add up to one."""

    asked: int = 0
    accepted: int = 0
    declined: int = 0
    timed_out: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return rate(self.accepted, self.asked)

    @property
    def timeout_rate(self) -> float | None:
        return rate(self.timed_out, self.asked)
