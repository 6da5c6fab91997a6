"""Points on the map: validity, India's bounds and distances in metres."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_000.0

# India's mainland and islands lie within this box; a pin outside it cannot be served.
INDIA_LAT = (6.5, 37.2)
INDIA_LNG = (68.0, 97.5)


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float


class BadCoordinates(ValueError):
    """Latitude or longitude is not a number in range."""


def parse_point(lat: object, lng: object) -> Point:
    try:
        point = Point(float(lat), float(lng))
    except (TypeError, ValueError) as error:
        raise BadCoordinates(f"{lat!r}, {lng!r}") from error
    if not (-90 <= point.lat <= 90 and -180 <= point.lng <= 180) or math.isnan(point.lat + point.lng):
        raise BadCoordinates(f"{lat!r}, {lng!r}")
    return point


def in_india(point: Point) -> bool:
    return INDIA_LAT[0] <= point.lat <= INDIA_LAT[1] and INDIA_LNG[0] <= point.lng <= INDIA_LNG[1]


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance (haversine), the same sphere earthdistance uses."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlng = math.radians(b.lng - a.lng)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def grid_cell(point: Point, degrees: float) -> str:
    """The name of the square of `degrees` a point falls in: a key for caches and area figures."""
    return f"{round(point.lat / degrees)}:{round(point.lng / degrees)}"


def cells_within(point: Point, metres: float, degrees: float) -> list[str]:
    """The names of every square of `degrees` that holds a point within `metres` of this one (its own first).

    A degree of longitude shrinks away from the equator, so further north more squares lie within reach.
    """
    metres_per_degree = math.radians(1) * EARTH_RADIUS_M
    lat_steps = math.ceil(metres / (metres_per_degree * degrees))
    lng_steps = math.ceil(metres / (metres_per_degree * degrees * max(math.cos(math.radians(point.lat)), 1e-6)))
    row, column = round(point.lat / degrees), round(point.lng / degrees)
    around = sorted(
        ((dlat, dlng) for dlat in range(-lat_steps, lat_steps + 1) for dlng in range(-lng_steps, lng_steps + 1)),
        key=lambda step: abs(step[0]) + abs(step[1]),
    )
    return [f"{row + dlat}:{column + dlng}" for dlat, dlng in around]


def format_distance(metres: float) -> str:
    return f"{round(metres)} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def map_link(point: Point) -> str:
    return f"https://maps.google.com/?q={point.lat:.6f},{point.lng:.6f}"
