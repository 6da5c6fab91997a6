"""The pure rules: order state machine, money, geo, hours, safety, commands, offers."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.commands import DONOR_VERBS, is_yes, parse_choice, parse_command
from domain.geo import BadCoordinates, Point, cells_within, distance_m, grid_cell, in_india, parse_point
from domain.hours import BadHours, format_hours, india_day, is_open, parse_hours
from domain.kitchens import Kitchen, KitchenOffer, choose_offers, valid_fssai, valid_vpa
from domain.money import format_rupees, rupees_to_paise, upi_link
from domain.orders import REFERENCE_ALPHABET, IllegalTransition, Order, OrderStatus, new_reference
from domain.safety import (
    DeliveryHistory,
    Place,
    Signals,
    assess,
    busier_place_to_suggest,
    historical,
    is_major_road,
    time_of_day,
)

IST = ZoneInfo("Asia/Kolkata")
CHENNAI = Point(13.06, 80.25)
LEH = Point(34.1526, 77.5771)
INDIRA_POINT = Point(6.75, 93.84)  # India's southern tip, 750 km from the equator


def ist(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=IST)


def new_order() -> Order:
    order = Order(reference="K7QX", donor_id=1, created_at=ist(12))
    order.record_creation()
    return order


def test_an_order_moves_only_along_the_machine_and_keeps_a_timeline():
    order = new_order()
    order.move_to(OrderStatus.SAFETY_CHECK, ist(12, 1))
    with pytest.raises(IllegalTransition):
        order.move_to(OrderStatus.DELIVERED, ist(12, 2))
    assert order.state == OrderStatus.SAFETY_CHECK
    assert [(e.from_status, e.to_status) for e in order.events] == [(None, "CREATED"), ("CREATED", "SAFETY_CHECK")]


def test_final_states_go_nowhere():
    order = new_order()
    order.move_to(OrderStatus.CANCELLED, ist(12, 1))
    assert not order.is_open
    for status in OrderStatus:
        assert not order.can_move_to(status)


def test_references_use_only_unambiguous_letters():
    references = {new_reference() for _ in range(200)}
    assert all(len(ref) == 4 and set(ref) <= set(REFERENCE_ALPHABET) for ref in references)
    assert not set("01ILO") & set(REFERENCE_ALPHABET)


def test_money_is_paise_and_the_upi_link_pays_the_kitchen_directly():
    assert rupees_to_paise("60") == 6000
    with pytest.raises(ValueError):
        rupees_to_paise(0)
    assert format_rupees(6000) == "₹60" and format_rupees(6050) == "₹60.50"
    assert upi_link("amma.mess@okaxis", "Amma Mess", 6050, "K7QX") == (
        "upi://pay?pa=amma.mess@okaxis&pn=Amma%20Mess&am=60.50&cu=INR&tn=Ketpaar%20K7QX"
    )


def test_points_are_checked_for_range_and_for_india():
    assert in_india(parse_point("13.06", "80.25"))
    assert not in_india(parse_point(51.5, -0.12))
    for lat, lng in [(91, 0), (0, 181), ("x", 1), (None, 2), ("nan", "nan")]:
        with pytest.raises(BadCoordinates):
            parse_point(lat, lng)
    assert 1910 < distance_m(CHENNAI, Point(13.0772, 80.2500)) < 1915  # 0.0172° of latitude


def test_hours_parse_format_and_run_past_midnight():
    assert parse_hours("11-14, 18-21") == [(660, 840), (1080, 1260)]
    assert format_hours(parse_hours("6:30-10")) == "6:30-10"
    night = parse_hours("22-2")
    assert is_open(night, ist(23).time()) and is_open(night, ist(1).time()) and not is_open(night, ist(3).time())
    for bad in ("", "11", "25-26", "10-10", "a-b"):
        with pytest.raises(BadHours):
            parse_hours(bad)


def test_a_day_is_a_day_in_india():
    assert str(india_day(datetime(2026, 11, 26, 19, 0, tzinfo=UTC))) == "2026-11-27"


def test_light_comes_from_the_sun_at_that_point_not_from_a_clock():
    # 17:25 in India on 26 Nov: daylight in Chennai, dusk in Leh, dark at Indira Point.
    moment = ist(17, 25)
    assert time_of_day(CHENNAI, moment).reason == "daylight"
    assert time_of_day(LEH, moment).reason == "twilight"
    assert time_of_day(INDIRA_POINT, moment).reason == "after_dark"
    assert time_of_day(CHENNAI, ist(23, 30)).reason == "late_night"
    assert time_of_day(LEH, ist(6, 50)).reason == "twilight"


def test_without_map_signals_a_daytime_spot_passes_and_a_late_night_one_does_not():
    day = assess(CHENNAI, ist(12), Signals())
    night = assess(CHENNAI, ist(23, 30), Signals())
    assert day.passed and not night.passed
    assert day.missing_signals == ["traffic", "location_type", "historical"]
    assert set(day.breakdown()) == {"traffic", "time_of_day", "location_type", "historical"}
    assert not assess(CHENNAI, ist(12), Signals(), threshold=0.9).passed


def test_history_is_smoothed_so_one_failure_does_not_condemn_a_street():
    one_failure = historical(DeliveryHistory(delivered=0, failed=1))
    many_failures = historical(DeliveryHistory(delivered=1, failed=9))
    assert one_failure.score > 0.7 > many_failures.score
    assert many_failures.detail == {"failed": 9, "total": 10}


def test_kitchen_identity_checks():
    assert valid_fssai("12345678901234") and not valid_fssai("1234")
    assert valid_vpa("amma.mess@okaxis") and not valid_vpa("amma mess") and not valid_vpa("@okaxis")


def test_offers_are_verified_open_with_meals_and_nearest_first():
    def kitchen(kitchen_id: int, **changes) -> Kitchen:
        fields = dict(
            name=f"K{kitchen_id}",
            kind="restaurant",
            person_id=kitchen_id,
            lat=13.0,
            lng=80.0,
            upi_vpa="k@ok",
            price_paise=5000,
            created_at=ist(9),
            verified=True,
            id=kitchen_id,
        )
        return Kitchen(**{**fields, **changes})

    offers = [
        KitchenOffer(kitchen(1), 900, 3),
        KitchenOffer(kitchen(2), 100, 3),
        KitchenOffer(kitchen(3, verified=False), 50, 3),
        KitchenOffer(kitchen(4), 60, 0),
        KitchenOffer(kitchen(5, hours="18-21"), 70, 3),
        KitchenOffer(kitchen(6), 80, 3),
        KitchenOffer(kitchen(7), 3500, 3),
    ]
    chosen = choose_offers(offers, ist(12), excluded={6})
    assert [offer.kitchen.id for offer in chosen] == [2, 1]


def test_commands_and_choices():
    assert parse_command("status k7qx", DONOR_VERBS).reference == "K7QX"
    assert parse_command("hello", DONOR_VERBS) is None
    assert parse_choice("2.", 3) == 2 and parse_choice("4", 3) is None and parse_choice("two", 3) is None
    assert is_yes("yes!") and is_yes("ஆம்") and is_yes("हाँ") and not is_yes("no")


def test_main_roads_are_known_by_their_names():
    for name in ("Anna Salai", "Poonamallee High Road", "NH 48", "Mahatma Gandhi Marg", "Old Mahabalipuram Main Road"):
        assert is_major_road(name), name
    for name in ("3rd Cross Street", "Temple Lane", "Saidapet Road"):
        assert is_major_road(name) is False, name
    assert is_major_road(None) is None


def test_a_rejected_donor_is_sent_to_a_busy_place_they_are_not_already_at():
    spot = Point(13.0604, 80.2496)
    here = Place("Mylapore Bus Terminus", ("bus_station",), Point(13.0605, 80.2496))
    market = Place("Luz Market", ("market",), Point(13.0622, 80.2496))
    quiet = Place("A house", ("premise",), Point(13.0612, 80.2496))
    suggested, metres = busier_place_to_suggest(spot, (here, quiet, market))
    assert suggested == market and 190 < metres < 210
    assert busier_place_to_suggest(spot, (here,)) is None


def moved(point: Point, metres: float, bearing_degrees: float) -> Point:
    """The point `metres` away on a bearing (small distances: a flat map is near enough)."""
    north = metres * math.cos(math.radians(bearing_degrees)) / 111_195
    east = metres * math.sin(math.radians(bearing_degrees)) / (111_195 * math.cos(math.radians(point.lat)))
    return Point(point.lat + north, point.lng + east)


@pytest.mark.parametrize("lat", [8.5, 13.0604, 28.61, 34.08])  # Kanyakumari, Chennai, Delhi, Srinagar
def test_every_point_within_the_distance_falls_in_one_of_the_cells_named(lat):
    here = Point(lat, 77.5)
    cells = cells_within(here, 100, 0.001)
    assert cells[0] == grid_cell(here, 0.001)
    for bearing in range(0, 360, 5):
        there = moved(here, 99.5, bearing)
        assert distance_m(here, there) <= 100
        assert grid_cell(there, 0.001) in cells, (lat, bearing)
    assert len(cells) == (9 if lat < 25 else 15)  # further north a degree of longitude is shorter
