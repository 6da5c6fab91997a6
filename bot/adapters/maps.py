"""Map signals from Google (reverse geocoding, Places nearby, Roads), cached and guarded.

Every call has a 2 s timeout and goes through a circuit breaker. Results are kept in Redis for
30 minutes (by the app's clock) per cell of about 100 m, with the spot they were asked for: a pin
within 100 m of a spot asked about in the last 30 minutes takes its places and nearest road (the
two dearer calls) even across a cell's edge; the address is taken only within the pin's own cell,
since a kitchen reads it. A typed place Google's geocoder found fills its cell's address too
(geocoding.py), so an SMS donor's spot is not looked up twice. When there is no key, or Google
fails, is slow, or the breaker is open, the signal is None and the safety score uses its prior.
Every call is counted by kind per India day, and against a daily budget, in Redis so that every
process shares them; past the budget no call is made and the facts say so.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta

import googlemaps
import pybreaker
import requests
from redis import Redis
from redis.exceptions import RedisError

from bot.adapters import metrics
from domain.geo import Point, cells_within, distance_m, grid_cell
from domain.hours import india_day
from domain.safety import PLACES_RADIUS_M, MapFacts, Place

log = logging.getLogger(__name__)

CACHE_FOR = timedelta(minutes=30)
TIMEOUT_SECONDS = 2
KINDS = ("address", "places", "road")
# Each lookup's call as Google prices it (bench/prices.py), and the geocoding of a typed place.
CALL_KINDS = {"address": "reverse_geocode", "places": "places", "road": "roads"}
GEOCODE = "geocode"
# A recent answer this near stands in for these lookups: a meal's two dearest calls, whose answers
# (the places around, the nearest road) barely move in 100 m.
NEAR_M = 100
SHARED_NEARBY = frozenset({"places", "road"})
CALLS_KEPT_FOR = timedelta(days=8)  # a day's counts by kind, for a week's look back
CELL_DEGREES = 0.001  # about 110 m of latitude; near enough to 100 m of longitude in India
API_KEY_IN_URL = re.compile(r"(key=)[^&\s'\"]+")
BUDGET_KEPT_FOR = timedelta(days=2)  # a day's count outlives its day, then Redis forgets it
BUDGET_SPENT = "daily budget spent"


# What a lookup answers when today's calls are used up: its signal takes its prior until the India day turns.
SPENT = object()
MISSING = object()  # nothing recent enough is kept for the spot


class BudgetSpent(Exception):
    """Raised inside the breaker, which does not count it as Google failing."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def cell(point: Point) -> str:
    return grid_cell(point, CELL_DEGREES)


class GoogleMaps:
    def __init__(
        self,
        api_key: str,
        redis: Redis,
        session: requests.Session | None = None,
        fail_max: int = 5,
        daily_budget: int | None = None,  # calls per India day, the three APIs together; None: no budget
        clock: Callable[[], datetime] = utc_now,
    ):
        self.client = (
            googlemaps.Client(
                key=api_key,
                timeout=TIMEOUT_SECONDS,
                retry_timeout=TIMEOUT_SECONDS,
                retry_over_query_limit=False,
                requests_session=session,
            )
            if api_key
            else None
        )
        self.redis = redis
        self.daily_budget = daily_budget
        self.clock = clock
        # One breaker per API: Roads failing should not stop Places. (A pybreaker breaker also
        # runs one call at a time, so one for all three would undo asking them side by side.)
        self.breakers = {
            kind: pybreaker.CircuitBreaker(fail_max=fail_max, reset_timeout=60, exclude=[BudgetSpent]) for kind in KINDS
        }

    def facts(self, point: Point) -> MapFacts:
        """The three lookups run side by side: a donor on a street corner waits for the slowest, not the sum."""
        if self.client is None:
            return MapFacts()
        asks = dict(zip(KINDS, (self._address, self._places, self._road_metres), strict=True))
        # A pool per call: a pool made before RQ forks a job's child would have no threads in it.
        with ThreadPoolExecutor(max_workers=len(asks)) as pool:
            answers = {kind: pool.submit(self._cached, kind, point, ask) for kind, ask in asks.items()}
        values = {kind: answer.result() for kind, answer in answers.items()}
        spent = tuple(kind for kind in KINDS if values[kind] is SPENT)
        values.update(dict.fromkeys(spent))
        where = values["address"] or {}
        return MapFacts(
            address=where.get("address"),
            places=values["places"],
            road_metres=values["road"],
            road_name=where.get("road"),
            unavailable=tuple(f"{kind}: {BUDGET_SPENT}" for kind in spent),
        )

    def _cached(self, kind: str, point: Point, ask: Callable[[Point], object]):
        kept = self._recall(kind, point)
        metrics.GOOGLE_CACHE.labels(kind, "miss" if kept is MISSING else "hit").inc()
        if kept is not MISSING:
            return kept
        try:
            value = self.breakers[kind].call(self._within_budget, CALL_KINDS[kind], ask, point)
        except BudgetSpent:
            metrics.GOOGLE_CALLS.labels(kind, "budget_spent").inc()
            return SPENT
        except pybreaker.CircuitBreakerError:
            metrics.GOOGLE_CALLS.labels(kind, "breaker_open").inc()
            return None
        except (googlemaps.exceptions.ApiError, googlemaps.exceptions.TransportError,
                googlemaps.exceptions.Timeout, googlemaps.exceptions.HTTPError) as error:  # fmt: skip
            log.warning("google maps %s failed: %s", kind, without_key(error))
            metrics.GOOGLE_CALLS.labels(kind, "error").inc()
            return None
        metrics.GOOGLE_CALLS.labels(kind, "ok").inc()
        self._remember(kind, point, value)
        return value

    def _recall(self, kind: str, point: Point) -> object:
        """The answer kept for the nearest spot asked about in the last 30 minutes: within 100 m for the
        places and the road, within the pin's own cell for the address; MISSING when there is none."""
        cells = cells_within(point, NEAR_M, CELL_DEGREES) if kind in SHARED_NEARBY else [cell(point)]
        try:
            kept = self.redis.mget([_key(kind, name) for name in cells])
        except RedisError:
            return MISSING
        since = self.clock() - CACHE_FOR
        nearest, value = None, MISSING
        for entry in (json.loads(raw) for raw in kept if raw is not None):
            if not isinstance(entry, dict) or "at" not in entry or datetime.fromisoformat(entry["at"]) < since:
                continue  # an older form of entry, or too old: Redis drops it soon
            metres = distance_m(point, Point(entry["lat"], entry["lng"]))
            if (kind not in SHARED_NEARBY or metres <= NEAR_M) and (nearest is None or metres < nearest):
                nearest, value = metres, _decode(kind, entry["value"])
        return value

    def _remember(self, kind: str, point: Point, value: object) -> None:
        entry = {"at": self.clock().isoformat(), "lat": point.lat, "lng": point.lng, "value": _encode(kind, value)}
        with suppress(RedisError):  # a cache that cannot be written only costs the next caller a call
            self.redis.set(_key(kind, cell(point)), json.dumps(entry), ex=int(CACHE_FOR.total_seconds()))

    def remember_address(self, point: Point, address: str, road: str | None) -> None:
        """What the geocoder learnt of a typed place: the spot's safety check then needs no reverse geocode."""
        self._remember("address", point, {"address": address, "road": road})

    def _within_budget(self, call: str, ask: Callable[[Point], object], point: Point) -> object:
        """Asks Google if today's budget allows; only a call the breaker lets through is counted."""
        if not self.spend_call(call):
            raise BudgetSpent
        return ask(point)

    def spend_call(self, call: str) -> bool:
        """Counts one call of a kind (`reverse_geocode`, `places`, `roads`, `geocode`) before it is made,
        and against today's budget; False past the budget, and then the call is not counted (nor made).

        With Redis down the call is made (and not counted): the cache is down too, and a spot
        judged on priors alone is worse than a bill a little over budget for that while.
        """
        day = india_day(self.clock()).isoformat()
        budget, calls = _budget_key(day), _calls_key(day, call)
        try:
            with self.redis.pipeline() as counting:
                counting.incr(budget).expire(budget, int(BUDGET_KEPT_FOR.total_seconds()))
                counting.incr(calls).expire(calls, int(CALLS_KEPT_FOR.total_seconds()))
                made, *_ = counting.execute()
            if self.daily_budget is not None and made > self.daily_budget:
                self.redis.decr(calls)
                return False
        except RedisError:
            log.warning("google maps call not counted: Redis is unreachable")
        return True

    def calls_today(self) -> int:
        """Calls counted against today's budget so far (India's day); raises RedisError when Redis is down."""
        return int(self.redis.get(_budget_key(india_day(self.clock()).isoformat())) or 0)

    def calls_on(self, day: date) -> dict[str, int]:
        """Calls made on an India day, by kind (those Redis could count)."""
        kinds = (*CALL_KINDS.values(), GEOCODE)
        counted = self.redis.mget([_calls_key(day.isoformat(), kind) for kind in kinds])
        return {kind: int(made) for kind, made in zip(kinds, counted, strict=True) if made}

    def _address(self, point: Point) -> dict:
        """The address shown to kitchens, and the name of the street the spot is on."""
        results = self.client.reverse_geocode((point.lat, point.lng))
        if not results:
            return {"address": None, "road": None}
        routes = [part["long_name"] for part in results[0]["address_components"] if "route" in part["types"]]
        return {"address": results[0]["formatted_address"], "road": routes[0] if routes else None}

    def _places(self, point: Point) -> tuple[Place, ...]:
        answer = self.client.places_nearby(location=(point.lat, point.lng), radius=PLACES_RADIUS_M)
        return tuple(
            Place(
                result.get("name", ""),
                tuple(result.get("types", ())),
                Point(result["geometry"]["location"]["lat"], result["geometry"]["location"]["lng"]),
            )
            for result in answer.get("results", ())
        )

    def _road_metres(self, point: Point) -> float:
        snapped = self.client.nearest_roads([(point.lat, point.lng)])
        if not snapped:
            return float(PLACES_RADIUS_M)  # no road within the Roads API's reach (about 50 m)
        location = snapped[0]["location"]
        return distance_m(point, Point(location["latitude"], location["longitude"]))


def _key(kind: str, name: str) -> str:
    return f"maps:{kind}:{name}"


def _budget_key(day: str) -> str:
    return f"maps:budget:{day}"


def _calls_key(day: str, call: str) -> str:
    return f"maps:calls:{day}:{call}"


def without_key(error: Exception) -> str:
    """googlemaps passes on requests' errors, whose text holds the request URL and with it our API key."""
    return API_KEY_IN_URL.sub(r"\1<redacted>", str(error))


def _encode(kind: str, value: object) -> object:
    if kind == "places" and value is not None:
        return [[place.name, list(place.types), place.point.lat, place.point.lng] for place in value]
    return value


def _decode(kind: str, value: object) -> object:
    if kind == "places" and value is not None:
        return tuple(Place(name, tuple(types), Point(lat, lng)) for name, types, lat, lng in value)
    return value
