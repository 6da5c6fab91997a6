"""Operator commands: vendor add / verify / list, orders show --json, seed-demo."""

from __future__ import annotations

import json

from bot.web.app import create_app
from domain.hours import india_day
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, NO_FACE
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard


def vendor_add(phone: str, *extra: str) -> list[str]:
    place = ["--lat", "13.05", "--lng", "80.25", "--capacity", "8", "--price", "45", "--upi", "selvi@okhdfc"]
    return ["vendor", "add", "--name", "Selvi", "--phone", phone, *place, *extra]


def test_vendor_add_then_verify_tells_the_kitchen(services, client):
    runner = create_app(services).test_cli_runner()
    added = runner.invoke(args=vendor_add("9800000300", "--lang", "ta"))
    assert added.exit_code == 0 and "added" in added.output
    again = runner.invoke(args=vendor_add("+919800000300"))
    assert again.exit_code != 0 and "already a kitchen" in again.output
    assert runner.invoke(args=["vendor", "verify", "+919899999999"]).exit_code != 0
    verified = runner.invoke(args=["vendor", "verify", "+91 98000 00300"])
    assert verified.exit_code == 0, verified.output
    kitchen_phone = Phone(client, services, "+919800000300")
    kitchen_phone.expect(  # in Tamil, as added with --lang ta
        "நல்ல செய்தி: Selvi சரிபார்க்கப்பட்டது. இனி உங்கள் பகுதியில் சாப்பாடு "
        "வாங்கித் தருபவர்கள் உங்கள் சமையலறையைத் தேர்வு செய்யலாம். ஒரு நாளைக்கு "
        "சாப்பாடு: 8. நேரம்: 8-22."
    )
    assert runner.invoke(args=["vendor", "verify", "+919800000300"]).exit_code == 0
    kitchen_phone.expect([])  # verified once, told once


def test_bad_phone_numbers_are_refused(services):
    result = create_app(services).test_cli_runner().invoke(args=vendor_add("12"))
    assert result.exit_code != 0 and "phone number" in result.output


def test_orders_show_json_prints_the_whole_story(services, client, media, kitchen):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    reference = donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([NO_FACE, AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    runner = create_app(services).test_cli_runner()
    result = runner.invoke(args=["orders", "show", reference.lower(), "--json"])
    report = json.loads(result.output)
    assert report["status"] == "VENDOR_SELECTION"
    assert report["amount_paise"] == 6000
    assert report["kitchen"]["name"] == "Amma Mess"
    assert report["safety"]["passed"] is True and 0.65 <= report["safety"]["score"] <= 1
    assert set(report["safety"]["breakdown"]) == {"traffic", "time_of_day", "location_type", "historical"}
    assert report["safety"]["reasons"]["time_of_day"]["code"] == "daylight"
    assert report["duplicate_of"] is None
    assert [event["to"] for event in report["timeline"]] == ["CREATED", "SAFETY_CHECK", "VENDOR_SELECTION"]
    assert runner.invoke(args=["orders", "show", "QQQQ"]).exit_code != 0


def test_seed_demo_adds_kitchens_only_once(services):
    runner = create_app(services).test_cli_runner()
    assert "seeded 3" in runner.invoke(args=["seed-demo"]).output
    assert "nothing seeded" in runner.invoke(args=["seed-demo"]).output


def test_vendor_list_shows_every_kitchen_with_its_meals_left_today(services, clock):
    runner = create_app(services).test_cli_runner()
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=vendor_add("9800000300", "--hours", "18-21"))  # waiting for an admin, shut at noon
    with services.uow() as uow:
        amma = uow.kitchens.all()[0]
        assert uow.kitchens.reserve_meal(amma, india_day(clock()), None)
        uow.commit()
    listed = json.loads(runner.invoke(args=["vendor", "list", "--json"]).output)
    assert listed[0] == {
        "id": 1,
        "name": "Amma Mess",
        "phone": "+919800000101",
        "channel": "whatsapp",
        "kind": "restaurant",
        "place": {"lat": 13.0612, "lng": 80.2478},
        "meals_pledged": 20,
        "meals_left_today": 19,
        "hours": "8-22",
        "open_now": True,
        "price_paise": 6000,
        "upi": "ammamess@okaxis",
        "fssai": "",
        "standing": "verified",
        "standing_reason": "",
        "verified": True,
        "rating": None,
        "ratings": 0,
        "created_at": "2026-11-26T06:30:00+00:00",
    }
    table = runner.invoke(args=["vendor", "list"]).output
    assert table.splitlines() == [
        "PHONE           NAME                     STANDING  LEFT/DAY  HOURS            PLACE",
        "+919800000101   Amma Mess                verified    19/20   8-22             13.06120,80.24780",
        "+919800000102   Saravana Tiffin          verified    15/15   8-22             13.05700,80.25300",
        "+919800000103   Annapoorna NGO Kitchen   verified    40/40   7-22             13.06800,80.24200",
        "+919800000300   Selvi                    pending      8/8    18-21 (closed)   13.05000,80.25000",
    ]
