"""Finding a typed place: India Post's offices from the packaged data, Google's geocoder through the official
client (recorded answers), the fallback between them, and the duplicate check by place and time in SQL."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from bot.adapters import GoogleGeocoder, PlaceFinder, PostOffices
from domain.duplicates import DuplicatePolicy
from domain.geo import Point
from domain.hours import india_day
from domain.orders import Order
from domain.orders import OrderStatus as S
from domain.people import Person
from domain.places import PlaceQuery, PointSource
from tests.support.google_http import RecordedGoogle, maps_with

GREAMS_ROAD_OFFICE = Point(13.05989, 80.25478)
T_NAGAR = Point(13.0445, 80.2349)


class Asked(RecordedGoogle):
    """Also keeps each geocoding request's parameters."""

    def __init__(self, **answers):
        super().__init__(**answers)
        self.params: list[dict] = []

    def send(self, request, timeout=None, **kwargs):
        self.params.append({name: values[0] for name, values in parse_qs(urlsplit(request.url).query).items()})
        return super().send(request, timeout=timeout, **kwargs)


def offline() -> PlaceFinder:
    return PlaceFinder(None, PostOffices())


def test_the_office_whose_name_matches_the_landmark_is_the_place():
    found = offline().find(PlaceQuery("Greams Road bus stop", "600006"), None)
    assert [(place.point, place.address, place.source) for place in found] == [
        (GREAMS_ROAD_OFFICE, "Greams Road S.O, 600006", PointSource.PINCODE)
    ]
    assert offline().find(PlaceQuery("T Nagar bus stand", "600017"), None)[0].address == "Thygarayanagar H.O, 600017"


def test_without_a_match_the_office_among_the_most_offices_stands_for_the_pin_code():
    """600006's DPI and Shastri Bhavan offices lie out at sea in India Post's data; Teynampet West does not."""
    found = offline().find(PlaceQuery("Apollo hospital", "600006"), None)
    assert [(place.point, place.address) for place in found] == [(Point(13.04446, 80.24881), "600006")]


def test_an_unknown_pin_code_or_none_finds_nothing_offline():
    assert offline().find(PlaceQuery("Pondy Bazaar", "999999"), None) == []
    assert offline().find(PlaceQuery("Pondy Bazaar"), None) == []


def test_google_is_asked_within_india_near_the_last_area_and_close_answers_are_one_choice(services):
    google = Asked(geocode="geocode_bus_stand")
    finder = PlaceFinder(GoogleGeocoder(maps_with(services, google)), PostOffices())
    found = finder.find(PlaceQuery("T Nagar bus stand", "600017"), T_NAGAR)
    assert [(place.address.split(",")[0], place.source) for place in found] == [
        ("T. Nagar Bus Terminus", PointSource.GEOCODE),
        ("Thyagaraya Nagar Bus Depot", PointSource.GEOCODE),
    ]
    asked = google.params[0]
    assert (asked["address"], asked["components"], asked["region"]) == (
        "T Nagar bus stand",
        "country:IN|postal_code:600017",
        "in",
    )
    assert asked["bounds"] == "12.9445,80.1349|13.1445,80.3349"
    assert finder.find(PlaceQuery("T Nagar bus stand", "600017"), T_NAGAR) == found  # from Redis, not asked again
    assert len(google.calls) == 1


def test_a_place_google_found_needs_no_reverse_geocode_for_its_safety_check(services):
    google = Asked(geocode="geocode_gemini")
    maps = maps_with(services, google)
    [found] = PlaceFinder(GoogleGeocoder(maps), PostOffices()).find(PlaceQuery("Gemini flyover", "600018"), None)
    facts = maps.facts(found.point)
    assert (facts.address, facts.road_name) == (found.address, "Anna Salai")
    assert sorted(google.calls) == ["geocode", "places", "roads"]  # the geocode is the typed place's
    assert "address" in google.params[0] and "latlng" not in str(google.params)
    assert maps.calls_on(india_day(maps.clock())) == {"geocode": 1, "places": 1, "roads": 1}


def test_when_google_fails_or_knows_nothing_the_pin_code_decides(services):
    for google in (RecordedGoogle(geocode="request_denied"), RecordedGoogle(geocode="geocode_none")):
        finder = PlaceFinder(GoogleGeocoder(maps_with(services, google)), PostOffices())
        found = finder.find(PlaceQuery("Greams Road", "600006"), None)
        assert [(place.point, place.source) for place in found] == [(GREAMS_ROAD_OFFICE, PointSource.PINCODE)]
        assert google.calls == ["geocode"]


def test_a_live_or_delivered_order_near_and_recent_is_found_by_place_and_time(services, kitchen, clock):
    now = clock()
    with services.uow() as uow:
        donor = uow.people.add(Person(address="+919800000001", created_at=now))
        earlier = {}
        for name, status, minutes_ago, north_m in (
            ("live", S.PAYMENT_REDIRECT, 20, 50),
            ("cancelled", S.CANCELLED, 5, 10),
            ("old", S.DELIVERED, 150, 0),
            ("far", S.DELIVERED, 10, 300),
        ):
            order = Order(
                reference=name[:4].upper(), donor_id=donor.id, created_at=now - timedelta(minutes=minutes_ago)
            )
            order.set_place(Point(13.05989 + north_m / 111_000, 80.25478), name, "", PointSource.PINCODE)
            order.kitchen_id, order.status = kitchen.id, status.value
            earlier[name] = uow.orders.add(order)
        match = uow.orders.recent_meal_near(0, GREAMS_ROAD_OFFICE, now, DuplicatePolicy())
        assert (match.reference, match.minutes, match.metres, match.distance, match.delivered) == (
            "LIVE",
            20,
            50,
            None,
            False,
        )
        assert uow.orders.recent_meal_near(earlier["live"].id, GREAMS_ROAD_OFFICE, now, DuplicatePolicy()) is None
