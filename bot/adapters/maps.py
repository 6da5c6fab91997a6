"""Map signals from Google (reverse geocoding, Places nearby, Roads), cached and guarded.

Every call has a 2 s timeout and goes through a circuit breaker. Results are cached in
Redis for 30 minutes per cell of about 100 m. When there is no key, or Google fails, is
slow, or the breaker is open, the signal is None and the safety score uses its prior.
Calls are also counted against a daily budget per India day, in Redis so that every
process shares it; past the budget no call is made and the facts say so.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime, timedelta

import googlemaps
import pybreaker
import requests
from redis import Redis
from redis.exceptions import RedisError

from bot.adapters import metrics
from domain.geo import Point, distance_m, grid_cell
from domain.hours import india_day
from domain.safety import PLACES_RADIUS_M, MapFacts, Place

log = logging.getLogger(__name__)

CACHE_FOR = timedelta(minutes=30)
TIMEOUT_SECONDS = 2
KINDS = ("address", "places", "road")
CELL_DEGREES = 0.001  # about 110 m of latitude; near enough to 100 m of longitude in India
API_KEY_IN_URL = re.compile(r"(key=)[^&\s'\"]+")
BUDGET_KEPT_FOR = timedelta(days=2)  # a day's count outlives its day, then Redis forgets it
BUDGET_SPENT = "daily budget spent"


# What a lookup answers when today's calls are used up: its signal takes its prior until the India day turns.
SPENT = object()


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
        key = f"maps:{kind}:{cell(point)}"
        try:
            hit = self.redis.get(key)
        except RedisError:
            hit = None
        metrics.GOOGLE_CACHE.labels(kind, "miss" if hit is None else "hit").inc()
        if hit is not None:
            return _decode(kind, json.loads(hit))
        try:
            value = self.breakers[kind].call(self._within_budget, ask, point)
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
        with suppress(RedisError):  # a cache that cannot be written only costs the next caller a call
            self.redis.set(key, json.dumps(_encode(kind, value)), ex=int(CACHE_FOR.total_seconds()))
        return value

    def _within_budget(self, ask: Callable[[Point], object], point: Point) -> object:
        """Asks Google if today's budget allows; only a call the breaker lets through is counted."""
        if self.daily_budget is not None and not self._spend_one_call():
            raise BudgetSpent
        return ask(point)

    def within_daily_budget(self) -> bool:
        """Counts one call against today's budget; False past it. The geocoder spends the same budget."""
        return self.daily_budget is None or self._spend_one_call()

    def calls_today(self) -> int:
        """Calls counted against today's budget so far (India's day); raises RedisError when Redis is down."""
        return int(self.redis.get(self._budget_key()) or 0)

    def _budget_key(self) -> str:
        return f"maps:budget:{india_day(self.clock()).isoformat()}"

    def _spend_one_call(self) -> bool:
        """Counts a call against today's budget before it is made; False past the budget.

        With Redis down the call is made (and not counted): the cache is down too, and a spot
        judged on priors alone is worse than a bill a little over budget for that while.
        """
        key = self._budget_key()
        try:
            with self.redis.pipeline() as counting:
                made, _ = counting.incr(key).expire(key, int(BUDGET_KEPT_FOR.total_seconds())).execute()
        except RedisError:
            log.warning("google maps budget not counted: Redis is unreachable")
            return True
        return made <= self.daily_budget

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
