"""Google's APIs replaced at the HTTP layer of the official googlemaps client, with recorded answers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

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
