"""Google's APIs replaced at the HTTP layer of the official googlemaps client, with recorded answers."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

from bot.adapters.maps import GoogleMaps

RECORDINGS = Path(__file__).resolve().parent.parent / "recordings" / "google"
ENDPOINTS = {
    "/maps/api/geocode/json": "geocode",
    "/maps/api/place/nearbysearch/json": "places",
    "/v1/nearestRoads": "roads",
}


class RecordedGoogle(BaseAdapter):
    """Answers each endpoint with a recording; `latency` beyond the client's timeout raises as requests would."""

    def __init__(self, geocode="geocode_gemini", places="places_busy", roads="roads_on_road", latency=0.0, status=200):
        super().__init__()
        self.answers = {"geocode": geocode, "places": places, "roads": roads}
        self.latency = latency
        self.status = status
        self.calls: list[str] = []

    def send(self, request, timeout=None, **kwargs):
        endpoint = ENDPOINTS[urlsplit(request.url).path]
        self.calls.append(endpoint)
        limit = timeout[1] if isinstance(timeout, tuple) else timeout
        if limit is not None and self.latency > limit:
            raise requests.exceptions.ReadTimeout(f"no answer in {limit} s", request=request)
        response = requests.Response()
        response.status_code = self.status
        response._content = (RECORDINGS / f"{self.answers[endpoint]}.json").read_bytes()
        response.headers["Content-Type"] = "application/json; charset=UTF-8"
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass

    def session(self) -> requests.Session:
        session = requests.Session()
        session.mount("https://maps.googleapis.com", self)
        session.mount("https://roads.googleapis.com", self)
        return session


def maps_with(services, google: RecordedGoogle, key: str = "AIzaSyTestKeyForRecordedResponses000000") -> GoogleMaps:
    """Our Google Maps adapter with a key, talking to the recordings."""
    return GoogleMaps(key, services.redis, session=google.session(), fail_max=3)


# Where the recorded answers were made: the Gemini flyover in Chennai.
RECORDED_AT = (13.0604, 80.2496)


class GoogleAroundEveryPoint(RecordedGoogle):
    """The recorded answers moved to whichever point is asked about, so every spot is on a road with busy
    places near it, as the recorded one is; a typed place is found at `typed_at` (one answer).

    `kinds` names each call as the price list does: a reverse geocode and a geocode of a typed place are
    the same endpoint but not the same question.
    """

    def __init__(self, typed_at: tuple[float, float] = RECORDED_AT, **answers: str):
        super().__init__(**answers)
        self.typed_at = typed_at
        self.kinds: list[str] = []

    def send(self, request, timeout=None, **kwargs):
        response = super().send(request, timeout=timeout, **kwargs)
        query = parse_qs(urlsplit(request.url).query)
        asked = next((query[name][0] for name in ("latlng", "location", "points") if name in query), None)
        endpoint = ENDPOINTS[urlsplit(request.url).path]  # not calls[-1]: the three lookups run side by side
        self.kinds.append("reverse_geocode" if endpoint == "geocode" and asked else endpoint)
        lat, lng = (float(part) for part in asked.split("|")[0].split(",")) if asked else self.typed_at
        moved = _moved(json.loads(response.content), lat - RECORDED_AT[0], lng - RECORDED_AT[1])
        response._content = json.dumps(moved).encode()
        return response


def _moved(value: object, dlat: float, dlng: float) -> object:
    if isinstance(value, list):
        return [_moved(item, dlat, dlng) for item in value]
    if not isinstance(value, dict):
        return value
    moved = {key: _moved(item, dlat, dlng) for key, item in value.items()}
    for lat, lng in (("lat", "lng"), ("latitude", "longitude")):
        if isinstance(moved.get(lat), float) and isinstance(moved.get(lng), float):
            moved[lat] += dlat
            moved[lng] += dlng
    return moved
