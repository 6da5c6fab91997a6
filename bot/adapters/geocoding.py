"""Finding a typed place: Google's geocoder when there is a key, India Post's offices of the PIN code
when there is not or Google fails.

Google is asked only within India (components country:IN), biased to the donor's last area, and
to the PIN code when one was given. Its calls count against the same daily budget as the safety
signals, go through their own circuit breaker, and are cached in Redis for a day (a bus stand
does not move). Each place found also fills the address of its cell in the map signals' cache, so
the safety check of the order placed there asks Google for no reverse geocode.
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextlib import suppress
from datetime import timedelta

import googlemaps
import pybreaker
from redis.exceptions import RedisError

from bot.adapters import metrics
from bot.adapters.maps import GEOCODE, GoogleMaps, without_key
from bot.adapters.pincodes import PostOffices
from domain.geo import Point, distance_m, grid_cell, in_india
from domain.places import CHOICES_MAX, FoundPlace, PlaceQuery, PointSource, best_office

log = logging.getLogger(__name__)

CACHE_FOR = timedelta(days=1)
BIAS_DEGREES = 0.1  # the donor's last area: about 11 km each way
SAME_PLACE_M = 150  # two answers this close are one choice, not two


class GoogleGeocoder:
    def __init__(self, maps: GoogleMaps, fail_max: int = 5):
        self.maps = maps
        self.breaker = pybreaker.CircuitBreaker(fail_max=fail_max, reset_timeout=60)

    def geocode(self, query: PlaceQuery, near: Point | None) -> list[FoundPlace] | None:
        """Up to three places in India; [] when Google knows none; None when it could not be asked."""
        if self.maps.client is None or not query.landmark:
            return None
        key = _cache_key(query, near)
        rows = None
        with suppress(RedisError):
            hit = self.maps.redis.get(key)
            rows = json.loads(hit) if hit is not None else None
        metrics.GOOGLE_CACHE.labels(GEOCODE, "miss" if rows is None else "hit").inc()
        if rows is None:
            rows = self._ask(query, near)
            if rows is None:
                return None
            with suppress(RedisError):
                self.maps.redis.set(key, json.dumps(rows), ex=int(CACHE_FOR.total_seconds()))
        found = [_cached(*row) for row in rows]
        for place, row in zip(found, rows, strict=True):  # the safety check of the place chosen comes next
            self.maps.remember_address(place.point, place.address, row[3] if len(row) > 3 else None)
        return found

    def _ask(self, query: PlaceQuery, near: Point | None) -> list[list] | None:
        """Up to three places as cached rows (lat, lng, address, road); None when Google could not be asked."""
        if not self.maps.spend_call(GEOCODE):
            metrics.GOOGLE_CALLS.labels(GEOCODE, "budget_spent").inc()
            return None
        try:
            results = self.breaker.call(self._call, query, near)
        except pybreaker.CircuitBreakerError:
            metrics.GOOGLE_CALLS.labels(GEOCODE, "breaker_open").inc()
            return None
        except (googlemaps.exceptions.ApiError, googlemaps.exceptions.TransportError,
                googlemaps.exceptions.Timeout, googlemaps.exceptions.HTTPError) as error:  # fmt: skip
            log.warning("google geocoding failed: %s", without_key(error))
            metrics.GOOGLE_CALLS.labels(GEOCODE, "error").inc()
            return None
        metrics.GOOGLE_CALLS.labels(GEOCODE, "ok").inc()
        return [
            [place.point.lat, place.point.lng, place.address, road] for place, road in _distinct(map(_read, results))
        ]

    def _call(self, query: PlaceQuery, near: Point | None) -> list[dict]:
        components = {"country": "IN"}
        if query.pincode:
            components["postal_code"] = query.pincode
        bounds = None
        if near is not None:
            bounds = {
                "southwest": (near.lat - BIAS_DEGREES, near.lng - BIAS_DEGREES),
                "northeast": (near.lat + BIAS_DEGREES, near.lng + BIAS_DEGREES),
            }
        return self.maps.client.geocode(query.landmark, components=components, bounds=bounds, region="in")


def _cached(lat: float, lng: float, address: str, road: str | None = None) -> FoundPlace:
    return FoundPlace(Point(lat, lng), address, PointSource.GEOCODE)


def _cache_key(query: PlaceQuery, near: Point | None) -> str:
    area = grid_cell(near, BIAS_DEGREES) if near else "-"
    asked = f"{query.landmark.lower()}|{query.pincode or ''}|{area}"
    return "geocode:" + hashlib.sha256(asked.encode()).hexdigest()[:32]


def _read(result: dict) -> tuple[FoundPlace, str | None] | None:
    """The place and the name of its street, if Google names one (the safety check reads it)."""
    location = result.get("geometry", {}).get("location", {})
    point = Point(location.get("lat", 0.0), location.get("lng", 0.0))
    if not in_india(point):
        return None
    routes = [part["long_name"] for part in result.get("address_components", ()) if "route" in part["types"]]
    return FoundPlace(point, result.get("formatted_address", ""), PointSource.GEOCODE), routes[0] if routes else None


def _distinct(found) -> list[tuple[FoundPlace, str | None]]:
    kept: list[tuple[FoundPlace, str | None]] = []
    for place, road in filter(None, found):
        if all(distance_m(place.point, other.point) > SAME_PLACE_M for other, _ in kept):
            kept.append((place, road))
    return kept[:CHOICES_MAX]


class PlaceFinder:
    """Google first when it can be asked; the PIN code's offices when it cannot, or knows nothing."""

    def __init__(self, geocoder: GoogleGeocoder | None, post_offices: PostOffices):
        self.geocoder = geocoder
        self.post_offices = post_offices

    def find(self, query: PlaceQuery, near: Point | None) -> list[FoundPlace]:
        found = self.geocoder.geocode(query, near) if self.geocoder else None
        if found:
            return found
        return self.by_pincode(query)

    def by_pincode(self, query: PlaceQuery) -> list[FoundPlace]:
        """The office whose name best matches the landmark, else the PIN code's middle; [] without either."""
        if not query.pincode:
            return []
        offices = self.post_offices.offices(query.pincode)
        office = best_office(query.landmark, offices)
        if office is not None:
            return [FoundPlace(office.point, f"{office.name}, {query.pincode}", PointSource.PINCODE)]
        point = self.post_offices.middle(query.pincode)
        return [FoundPlace(point, query.pincode, PointSource.PINCODE)] if point else []
