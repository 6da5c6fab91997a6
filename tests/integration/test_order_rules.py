"""The order's loose ends on the real stack: references, ratings, flagged claims, suspensions, API refusals."""

from __future__ import annotations

import dataclasses

import pytest

from tests.integration.test_maps import maps_with
from tests.support.google_http import RecordedGoogle

TOKEN = "admin-token-for-order-rules"
ASSESS = "/api/v1/safety/assess"


@pytest.fixture
def google(services) -> RecordedGoogle:
    """The API answers with a token, and asks Google through a recorder that counts the calls."""
    recorder = RecordedGoogle()
    services.settings = dataclasses.replace(services.settings, admin_api_token=TOKEN)
    services.maps = maps_with(services, recorder)
    return recorder


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"lat": 80}, "lat", "outside India"),
        ({"lng": 120.5}, "lng", "outside India"),
        ({"timestamp": "0001-01-01T00:00:00+05:30"}, "timestamp", "must be between the years 2000 and 2100"),
        ({"timestamp": "9999-12-31T23:59:59+00:00"}, "timestamp", "must be between the years 2000 and 2100"),
    ],
)
def test_the_api_refuses_a_spot_or_moment_it_cannot_judge_before_asking_google(client, google, change, field, problem):
    payload = {"lat": 13.0604, "lng": 80.2496, "timestamp": "2026-11-26T21:30:00+05:30", **change}
    response = client.post(ASSESS, json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert (response.status_code, response.get_json()) == (400, {"error": problem, "field": field})
    assert google.calls == []
