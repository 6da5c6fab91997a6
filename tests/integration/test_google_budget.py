"""Google's daily call budget: counted in Redis per India day; past it, priors, and missing_signals says why."""

from __future__ import annotations

from bot.adapters.maps import GoogleMaps
from domain.geo import Point
from flows.safety import assess_spot
from tests.support.google_http import RecordedGoogle

GEMINI = Point(13.0604, 80.2496)
SAME_CELL = Point(13.06041, 80.24962)
A_KILOMETRE_AWAY = Point(13.0704, 80.2496)
BUDGET_SPENT = ["address: daily budget spent", "places: daily budget spent", "road: daily budget spent"]


def maps_with_budget(services, google: RecordedGoogle, budget: int) -> GoogleMaps:
    key = "AIzaSyTestKeyForRecordedResponses000000"
    return GoogleMaps(key, services.redis, session=google.session(), daily_budget=budget, clock=services.clock)


def assessed(services, maps: GoogleMaps, point: Point):
    with services.uow() as uow:
        assessment, _ = assess_spot(
            uow, maps, services.safety_models, point, services.clock(), services.settings.safety_threshold
        )
        uow.commit()
    return assessment


def test_past_the_budget_no_call_is_made_and_missing_signals_names_the_budget(services):
    google = RecordedGoogle()
    maps = maps_with_budget(services, google, budget=3)
    first = assessed(services, maps, GEMINI)  # three calls: geocoding, Places, Roads
    cached = [assessed(services, maps, SAME_CELL) for _ in range(2)]  # from Redis: nothing spent
    assert len(google.calls) == 3
    assert [a.missing_signals for a in (first, *cached)] == [[], [], []]
    fourth = assessed(services, maps, A_KILOMETRE_AWAY)
    assert len(google.calls) == 3
    assert fourth.missing_signals == ["traffic", "location_type", *BUDGET_SPENT]
    assert fourth.components["location_type"].reason == "location_unknown"  # its prior
    assert fourth.passed  # a daytime spot on priors passes


def test_the_budget_is_shared_by_every_process_and_renewed_each_india_day(services, clock):
    google = RecordedGoogle()
    one, other = maps_with_budget(services, google, budget=3), maps_with_budget(services, google, budget=3)
    assessed(services, one, GEMINI)
    assert assessed(services, other, A_KILOMETRE_AWAY).missing_signals[-3:] == BUDGET_SPENT
    clock.advance(hours=12)  # 00:00 in Chennai: a new India day
    assert assessed(services, other, A_KILOMETRE_AWAY).missing_signals == []
    assert len(google.calls) == 6


def test_without_redis_the_budget_cannot_be_counted_and_google_is_asked(services):
    google = RecordedGoogle()
    maps = maps_with_budget(services, google, budget=0)
    maps.redis = type(services.redis).from_url("redis://127.0.0.1:9/0")  # nothing listens there
    assert assessed(services, maps, GEMINI).missing_signals == []
    assert len(google.calls) == 3
