"""The rule-based safety score of a spot: four components, each a score in 0-1 and a reason.

Weights and threshold are the seed's. Where a signal is missing, a stated prior stands in,
and the assessment says which signals were missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from astral import Observer
from astral.sun import sun

from domain.geo import Point
from domain.hours import india_now

WEIGHTS = {"traffic": 0.25, "time_of_day": 0.20, "location_type": 0.30, "historical": 0.25}
DEFAULT_THRESHOLD = 0.65

# Priors for a signal we could not read: neutral, so that a daytime spot passes
# without map data (0.755) while a late-night spot does not (0.595).
PRIOR_TRAFFIC = 0.6
PRIOR_LOCATION = 0.6
CITY_SUCCESS_RATE = 0.9
HISTORY_SMOOTHING = 5  # one failed delivery must not condemn a street

LATE_NIGHT_FROM, LATE_NIGHT_UNTIL = 22, 5


@dataclass(frozen=True)
class Component:
    score: float
    reason: str  # a code; flows turn it into words in the person's language
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DeliveryHistory:
    delivered: int
    failed: int


@dataclass(frozen=True)
class Signals:
    """What is known about a spot; None means the signal could not be read."""

    busy_place_nearby: bool | None = None
    traffic: float | None = None
    history: DeliveryHistory | None = None


@dataclass(frozen=True)
class Assessment:
    score: float
    passed: bool
    threshold: float
    components: dict[str, Component]
    missing_signals: list[str]

    def breakdown(self) -> dict:
        return {name: round(part.score, 3) for name, part in self.components.items()}

    def reasons(self) -> dict:
        return {name: {"code": part.reason, **part.detail} for name, part in self.components.items()}


def time_of_day(point: Point, at: datetime) -> Component:
    """Light from the sun at that point and moment, then the late-night hours."""
    at_utc = at.astimezone(UTC)
    observer = Observer(latitude=point.lat, longitude=point.lng)
    local_day = india_now(at).date()
    # The sun's day is looked up for the India date and its neighbours, since a UTC moment
    # near midnight may belong to either side.
    for day in (local_day, local_day - timedelta(days=1), local_day + timedelta(days=1)):
        times = sun(observer, date=day, tzinfo=UTC)
        if times["dawn"] <= at_utc <= times["dusk"]:
            if times["sunrise"] <= at_utc <= times["sunset"]:
                return Component(1.0, "daylight")
            return Component(0.8, "twilight")
    hour = india_now(at).hour
    if hour >= LATE_NIGHT_FROM or hour < LATE_NIGHT_UNTIL:
        return Component(0.2, "late_night")
    return Component(0.6, "after_dark")


def location_type(busy_place_nearby: bool | None) -> Component:
    if busy_place_nearby is None:
        return Component(PRIOR_LOCATION, "location_unknown")
    if busy_place_nearby:
        return Component(0.9, "busy_place")
    return Component(0.3, "isolated")


def traffic(level: float | None) -> Component:
    if level is None:
        return Component(PRIOR_TRAFFIC, "traffic_unknown")
    return Component(max(0.0, min(1.0, level)), "traffic_busy" if level >= 0.5 else "traffic_quiet")


def historical(history: DeliveryHistory | None) -> Component:
    if history is None or history.delivered + history.failed == 0:
        return Component(CITY_SUCCESS_RATE, "history_none")
    total = history.delivered + history.failed
    smoothed = (history.delivered + HISTORY_SMOOTHING * CITY_SUCCESS_RATE) / (total + HISTORY_SMOOTHING)
    return Component(smoothed, "history", {"failed": history.failed, "total": total})


def assess(point: Point, at: datetime, signals: Signals, threshold: float = DEFAULT_THRESHOLD) -> Assessment:
    components = {
        "traffic": traffic(signals.traffic),
        "time_of_day": time_of_day(point, at),
        "location_type": location_type(signals.busy_place_nearby),
        "historical": historical(signals.history),
    }
    score = sum(WEIGHTS[name] * part.score for name, part in components.items())
    missing = [
        name
        for name, value in (
            ("traffic", signals.traffic),
            ("location_type", signals.busy_place_nearby),
            ("historical", signals.history),
        )
        if value is None
    ]
    return Assessment(round(score, 4), score >= threshold, threshold, components, missing)
