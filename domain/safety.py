"""The rule-based safety score of a spot: four components, each a score in 0-1 and a reason.

Weights and threshold are the seed's. Where a signal is missing, a stated prior stands in,
and the assessment says which signals were missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from astral import Observer
from astral.sun import elevation, sun

from domain.geo import Point, distance_m
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
class Place:
    """A place Google knows near the spot: a bus stop, a market, a temple…"""

    name: str
    types: tuple[str, ...]
    point: Point

    @property
    def busy(self) -> bool:
        return bool(BUSY_TYPES.intersection(self.types))


@dataclass(frozen=True)
class AreaStats:
    """Loaded by an operator per area, when such data exists."""

    population_density: float | None = None  # people per km²
    crime_rate: float | None = None  # reported crimes per 1,000 people per year


@dataclass(frozen=True)
class Signals:
    """What is known about a spot; None means the signal could not be read."""

    places: tuple[Place, ...] | None = None  # within PLACES_RADIUS_M
    road_metres: float | None = None  # to the nearest road
    road_name: str | None = None  # of the street the spot is on, when the map names it
    history: DeliveryHistory | None = None
    area: AreaStats | None = None
    unavailable: tuple[str, ...] = ()  # why a lookup was not made, e.g. "places: daily budget spent"


@dataclass(frozen=True)
class MapFacts:
    """What the map said about a spot; None where it could not be asked."""

    address: str | None = None
    places: tuple[Place, ...] | None = None
    road_metres: float | None = None
    road_name: str | None = None
    unavailable: tuple[str, ...] = ()  # lookups not made, each with why: "places: daily budget spent"


# Names that mark a main road in Indian cities: "Anna Salai", "Poonamallee High Road", "NH 48", "MG Marg".
MAJOR_ROAD = re.compile(
    r"\b(salai|main road|main rd|high road|highway|expressway|ring road|bypass|marg|flyover|nh ?\d+|sh ?\d+)\b",
    re.IGNORECASE,
)


def is_major_road(name: str | None) -> bool | None:
    return None if not name else bool(MAJOR_ROAD.search(name))


# Places where people are about at most hours: a person waiting there is seen, a rider finds them.
BUSY_TYPES = frozenset(
    {
        "bus_station", "transit_station", "train_station", "subway_station", "light_rail_station",
        "hospital", "hindu_temple", "church", "mosque", "place_of_worship", "gas_station", "shopping_mall",
        "supermarket", "grocery_or_convenience_store", "store", "restaurant", "cafe", "bank", "atm",
        "police", "pharmacy", "market",
    }
)  # fmt: skip
COMMERCIAL_TYPES = frozenset({"store", "shopping_mall", "supermarket", "restaurant", "cafe", "bank", "market"})
PLACES_RADIUS_M = 300
BUSY_WITHIN_M = 100
ON_ROAD_M = 30
BUSY_AREA_PLACES = 5


def nearest_busy_place(point: Point, places: tuple[Place, ...] | None) -> tuple[Place, float] | None:
    """The closest bus stop, market or such within 300 m: where to suggest a donor moves."""
    busy = [(place, distance_m(point, place.point)) for place in places or () if place.busy]
    busy = [(place, metres) for place, metres in busy if metres <= PLACES_RADIUS_M]
    return min(busy, key=lambda pair: pair[1]) if busy else None


def busier_place_to_suggest(point: Point, places: tuple[Place, ...] | None) -> tuple[Place, float] | None:
    """The nearest busy place worth walking to: one the donor is not already at (farther than BUSY_WITHIN_M)."""
    away = tuple(place for place in places or () if distance_m(point, place.point) > BUSY_WITHIN_M)
    return nearest_busy_place(point, away)


@dataclass(frozen=True)
class Assessment:
    score: float
    passed: bool
    threshold: float
    components: dict[str, Component]
    missing_signals: list[str]
    model_version: int | None = None  # None: the rule-based score decided
    features: dict = field(default_factory=dict)
    rule_score: float | None = None

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


def location_type(point: Point, places: tuple[Place, ...] | None) -> Component:
    if places is None:
        return Component(PRIOR_LOCATION, "location_unknown")
    nearest = nearest_busy_place(point, places)
    if nearest is not None and nearest[1] <= BUSY_WITHIN_M:
        return Component(0.9, "busy_place", {"place": nearest[0].name})
    return Component(0.3, "isolated")


def traffic(places: tuple[Place, ...] | None, road_metres: float | None, road_name: str | None = None) -> Component:
    """From the nearest road, its kind and how much is around it: the Roads API gives no live traffic."""
    if road_metres is None:
        return Component(PRIOR_TRAFFIC, "traffic_unknown")
    if road_metres > ON_ROAD_M:
        return Component(0.35, "off_road")
    if is_major_road(road_name):
        return Component(0.9, "main_road", {"road": road_name})
    if places is not None and len(places) >= BUSY_AREA_PLACES:
        return Component(0.85, "traffic_busy")
    return Component(0.6, "traffic_quiet")


def historical(history: DeliveryHistory | None) -> Component:
    if history is None or history.delivered + history.failed == 0:
        return Component(CITY_SUCCESS_RATE, "history_none")
    total = history.delivered + history.failed
    smoothed = (history.delivered + HISTORY_SMOOTHING * CITY_SUCCESS_RATE) / (total + HISTORY_SMOOTHING)
    return Component(smoothed, "history", {"failed": history.failed, "total": total})


def assess(point: Point, at: datetime, signals: Signals, threshold: float = DEFAULT_THRESHOLD) -> Assessment:
    components = {
        "traffic": traffic(signals.places, signals.road_metres, signals.road_name),
        "time_of_day": time_of_day(point, at),
        "location_type": location_type(point, signals.places),
        "historical": historical(signals.history),
    }
    score = sum(WEIGHTS[name] * part.score for name, part in components.items())
    missing = [
        name
        for name, value in (
            ("traffic", signals.road_metres),
            ("location_type", signals.places),
            ("historical", signals.history),
        )
        if value is None
    ]
    missing.extend(signals.unavailable)  # a reader of missing_signals also learns why
    return Assessment(
        round(score, 4), score >= threshold, threshold, components, missing, None, features(point, at, signals), score
    )


def with_model(assessment: Assessment, probability: float, version: int) -> Assessment:
    """The learned model's score decides; the components still explain the spot."""
    return replace(
        assessment,
        score=round(probability, 4),
        passed=probability >= assessment.threshold,
        model_version=version,
    )


# What the learned model sees, in this order. A missing value is None (LightGBM's NaN).
FEATURES = (
    "hour",
    "weekday",
    "traffic",
    "road_metres",
    "major_road",
    "landmark_metres",
    "history_rate",
    "sun_elevation",
    "commercial",
    "population_density",
    "crime_rate",
)


def features(point: Point, at: datetime, signals: Signals) -> dict[str, float | None]:
    local = india_now(at)
    nearest = nearest_busy_place(point, signals.places)
    history = signals.history
    known = history is not None and history.delivered + history.failed > 0
    area = signals.area or AreaStats()
    commercial = None
    if signals.places is not None:
        commercial = float(any(COMMERCIAL_TYPES.intersection(place.types) for place in signals.places))
    return {
        "hour": local.hour + local.minute / 60,
        "weekday": float(local.weekday()),
        "traffic": None
        if signals.road_metres is None
        else traffic(signals.places, signals.road_metres, signals.road_name).score,
        "road_metres": signals.road_metres,
        "major_road": None if is_major_road(signals.road_name) is None else float(is_major_road(signals.road_name)),
        "landmark_metres": nearest[1] if nearest else (None if signals.places is None else float(PLACES_RADIUS_M)),
        "history_rate": historical(history).score if known else None,
        "sun_elevation": elevation(Observer(point.lat, point.lng), at.astimezone(UTC)),
        "commercial": commercial,
        "population_density": area.population_density,
        "crime_rate": area.crime_rate,
    }
