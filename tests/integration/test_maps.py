"""Google's signals through the official client, cached per cell, and every way they can fail."""

from __future__ import annotations

import dataclasses

import pytest

from bot.adapters.maps import GoogleMaps, cell
from domain.geo import Point
from domain.hours import india_day
from domain.safety import Signals, assess
from tests.support.google_http import RecordedGoogle, maps_with
from tests.support.stack import NOON_IN_CHENNAI

GEMINI = Point(13.0604, 80.2496)
KEY = "AIzaSyTestKeyForRecordedResponses000000"


def test_facts_come_from_the_three_apis_and_are_cached_per_cell(services):
    google = RecordedGoogle()
    maps = maps_with(services, google)
    facts = maps.facts(GEMINI)
    assert facts.address.startswith("Gemini Flyover, Anna Salai")
    assert facts.road_name == "Anna Salai"
    assert [place.name for place in facts.places][:2] == ["Gemini Bus Stop", "Sri Murugan Medicals"]
    assert facts.places[0].busy and not facts.places[2].busy
    assert facts.road_metres == pytest.approx(7.6, abs=1)
    assert sorted(google.calls) == ["geocode", "places", "roads"]
    assert maps.facts(Point(13.06041, 80.24962)) == facts  # same ~100 m cell: from Redis
    assert len(google.calls) == 3
    maps.facts(Point(13.0704, 80.2496))  # a kilometre away: asked again
    assert len(google.calls) == 6


def test_a_pin_near_a_recent_spot_takes_its_places_and_road_and_asks_only_its_own_address(services, clock):
    google = RecordedGoogle()
    maps = GoogleMaps(KEY, services.redis, session=google.session(), clock=clock)
    first = maps.facts(GEMINI)
    across_the_edge = Point(13.0604, 80.2494)  # 22 m west, in the next cell
    assert cell(across_the_edge) != cell(GEMINI)
    clock.advance(minutes=29)
    near = maps.facts(across_the_edge)
    assert (near.places, near.road_metres) == (first.places, first.road_metres)
    assert sorted(google.calls) == ["geocode", "geocode", "places", "roads"]  # the address is its own cell's
    clock.advance(minutes=2)  # 31 minutes after the first: asked afresh
    maps.facts(Point(13.0601, 80.2496))
    assert sorted(google.calls[4:]) == ["geocode", "places", "roads"]
    maps.facts(Point(13.0604, 80.2506))  # 108 m from GEMINI, 113 m from the last spot: too far to share
    assert sorted(google.calls[7:]) == ["geocode", "places", "roads"]


def test_every_call_is_counted_by_kind_per_india_day(services, clock):
    google = RecordedGoogle()
    maps = GoogleMaps(KEY, services.redis, session=google.session(), clock=clock)
    maps.facts(GEMINI)
    maps.facts(Point(13.0704, 80.2496))
    clock.advance(hours=12)  # 00:00 in Chennai: a new India day
    maps.facts(Point(13.0804, 80.2496))
    today = {"reverse_geocode": 2, "places": 2, "roads": 2}
    assert maps.calls_on(india_day(NOON_IN_CHENNAI)) == today
    assert maps.calls_on(india_day(clock())) == {"reverse_geocode": 1, "places": 1, "roads": 1}
    assert len(google.calls) == 9


def test_a_busy_spot_scores_from_real_signals_and_says_why(services):
    facts = maps_with(services, RecordedGoogle()).facts(GEMINI)
    signals = Signals(places=facts.places, road_metres=facts.road_metres, road_name=facts.road_name)
    assessment = assess(GEMINI, NOON_IN_CHENNAI, signals)
    assert assessment.components["location_type"].reason == "busy_place"
    assert assessment.components["location_type"].detail == {"place": "Gemini Bus Stop"}
    assert assessment.components["traffic"].reason == "main_road"
    assert assessment.features["major_road"] == 1.0
    side_street = assess(GEMINI, NOON_IN_CHENNAI, dataclasses.replace(signals, road_name="3rd Cross Street"))
    assert side_street.components["traffic"].reason == "traffic_busy"  # five places within 300 m
    assert assessment.missing_signals == ["historical"]
    assert assessment.features["landmark_metres"] == pytest.approx(36, abs=3)
    assert assessment.features["commercial"] == 1.0


def test_without_a_key_nothing_is_asked_and_every_map_signal_is_missing(services):
    google = RecordedGoogle()
    facts = maps_with(services, google, key="").facts(GEMINI)
    assert (facts.address, facts.places, facts.road_metres) == (None, None, None)
    assert google.calls == []


@pytest.mark.parametrize(
    "google",
    [
        RecordedGoogle(latency=2.5),  # slower than the 2 s timeout
        RecordedGoogle(status=500, geocode="request_denied", places="request_denied", roads="roads_denied"),
        RecordedGoogle(geocode="request_denied", places="request_denied", roads="roads_denied"),
    ],
    ids=["slow", "server error", "request denied"],
)
def test_when_google_fails_each_signal_falls_back_to_its_prior(services, google):
    facts = maps_with(services, google).facts(GEMINI)
    assert (facts.places, facts.road_metres) == (None, None)
    signals = Signals(places=facts.places, road_metres=facts.road_metres)
    assessment = assess(GEMINI, NOON_IN_CHENNAI, signals)
    assert assessment.missing_signals == ["traffic", "location_type", "historical"]
    assert assessment.passed  # a daytime spot with no signals passes


def test_the_breaker_stops_asking_a_failing_google(services):
    google = RecordedGoogle(latency=5)
    maps = maps_with(services, google)
    for lat in (13.0, 13.1, 13.2):
        maps.facts(Point(lat, 80.2))
    asked = len(google.calls)
    assert maps.facts(Point(13.3, 80.2)).places is None
    assert len(google.calls) == asked  # the breaker is open: no more calls for now
