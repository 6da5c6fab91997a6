"""MY DATA over the signed webhook: a summary in the person's language, and a day-long link to a JSON
export of everything stored about them, checked field by field."""

from __future__ import annotations

import json

import pytest

from bot.web.app import create_app
from flows.donor.onboarding import CONSENT_VERSION
from tests.support.privacy import fed_and_rated, translated
from tests.support.texts import CONSENT, READY, WELCOME
from tests.support.whatsapp import Phone, onboard

NOON = "2026-11-26T06:30:00+00:00"
RATED_AT = "2026-11-26T07:00:00+00:00"
BASE = "http://127.0.0.1:5000"


def link_in(message: str) -> str:
    return message.rsplit(" ", 1)[1].removeprefix(BASE)


def test_a_donor_gets_a_summary_and_a_link_to_everything_stored_about_them(services, client, media, kitchen, clock):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    reference = fed_and_rated(donor, Phone(client, services, "+919800000101", media), clock)
    donor.send("MY DATA")
    [summary] = donor.replies()
    link = link_in(summary)
    assert summary == (
        "What we keep about you:\n"
        "• your number, language and consents\n"
        "• orders: 1, with your number until 24-02-2027\n"
        "• photos until 26-12-2026\n"
        "• exact places until 03-12-2026\n"
        "• messages until 26-12-2026\n"
        f"All of it as a file (the link works for 24 hours): {BASE}{link}"
    )
    response = client.get(link)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    exported = response.get_json()
    assert set(exported) == {
        "exported_at", "profile", "consents", "orders", "ratings", "messages", "kitchen", "giving", "kept"
    }  # fmt: skip
    assert exported["giving"] == {"meal_credits": [], "pledges": [], "campaign_shares": []}
    assert exported["exported_at"] == RATED_AT
    assert exported["profile"] == {
        "phone": "+919800000001",
        "channel": "whatsapp",
        "language": "en",
        "first_message_at": NOON,
        "consent": {"at": NOON, "version": CONSENT_VERSION},
    }
    assert exported["consents"] == [
        {"what": "service", "agreed": True, "at": NOON, "version": CONSENT_VERSION, "order": None},
        {"what": "photo", "agreed": True, "at": NOON, "version": None, "order": reference},
    ]
    [order] = exported["orders"]
    timeline = order.pop("timeline")
    safety = order.pop("safety")
    assert order == {
        "reference": reference,
        "status": "COMPLETED",
        "created_at": NOON,
        "ended_at": RATED_AT,
        "kitchen": "Amma Mess",
        "amount_paise": 6000,
        "place": {
            "label": "Gemini bus stop",
            "address": "",
            "lat": 13.0604,
            "lng": 80.2496,
            "exact_until": "2026-12-03T07:00:00+00:00",
        },
        "description": "",
        "photos": [
            {"kind": "seeker", "kept_until": "2026-12-26T06:30:00+00:00"},
            {"kind": "delivery", "kept_until": "2026-12-26T06:30:00+00:00"},
        ],
        "face_data_kept_until": "2026-11-27T06:30:00+00:00",
        "rating": 5,
        "your_number_kept_until": "2027-02-24T06:30:00+00:00",
    }
    assert safety["passed"] is True and 0.65 <= safety["score"] <= 1
    assert [(step["from"], step["to"]) for step in timeline] == [
        (None, "CREATED"),
        ("CREATED", "SAFETY_CHECK"),
        ("SAFETY_CHECK", "VENDOR_SELECTION"),
        ("VENDOR_SELECTION", "PAYMENT_REDIRECT"),
        ("PAYMENT_REDIRECT", "PAYMENT_CONFIRMED"),
        ("PAYMENT_CONFIRMED", "IN_TRANSIT"),
        ("IN_TRANSIT", "DELIVERED"),
        ("DELIVERED", "COMPLETED"),
    ]
    assert timeline[-1] == {"from": "DELIVERED", "to": "COMPLETED", "at": RATED_AT, "note": "rated 5"}
    assert exported["ratings"] == [{"order": reference, "stars": 5, "at": RATED_AT}]
    kept = "2026-12-26T06:30:00+00:00"
    received, sent = exported["messages"]["from_you"], exported["messages"]["to_you"]
    assert received[:4] == [
        {"at": NOON, "text": "hi", "kept_until": kept},
        {"at": NOON, "text": "1", "kept_until": kept},
        {"at": NOON, "text": "yes", "kept_until": kept},
        {"at": NOON, "text": "", "kept_until": kept, "photos": 1},
    ]
    pin = {"at": NOON, "text": "", "kept_until": kept, "location": {"lat": "13.0604", "lng": "80.2496"}}
    assert received[5] == pin  # after the YES to the photo
    assert received[-2:] == [
        {"at": RATED_AT, "text": "5", "kept_until": "2026-12-26T07:00:00+00:00"},
        {"at": RATED_AT, "text": "MY DATA", "kept_until": "2026-12-26T07:00:00+00:00"},
    ]
    assert sent[:3] == [
        {"at": NOON, "text": WELCOME, "kept_until": kept},
        {"at": NOON, "text": CONSENT, "kept_until": kept},
        {"at": NOON, "text": READY, "kept_until": kept},
    ]
    delivered, answer = (message["text"] for message in sent[-2:])
    assert delivered.startswith(f"The meal for order {reference} was delivered: ") and answer == summary
    assert exported["kitchen"] is None
    assert exported["kept"]["photos"] == "30 days" and exported["kept"]["face_data"] == "1 days"
    assert "embedding" not in json.dumps(exported)
    clock.advance(hours=24, minutes=1)
    assert client.get(link).status_code == 403


def test_a_kitchen_gets_its_kitchen_and_its_orders_and_nothing_of_its_donors(services, client, media, kitchen, clock):
    donor = Phone(client, services, "+919800000001", media)
    cook = Phone(client, services, "+919800000101", media)
    onboard(donor)
    reference = fed_and_rated(donor, cook, clock)
    cook.send("MY DATA")
    [summary] = cook.replies()
    assert summary == (
        "What we keep about you:\n"
        "• your number, language and consents\n"
        "• messages until 26-12-2026\n"
        "• your kitchen Amma Mess, with its orders: 1\n"
        f"All of it as a file (the link works for 24 hours): {BASE}{link_in(summary)}"
    )
    exported = client.get(link_in(summary)).get_json()
    assert exported["orders"] == [] and exported["consents"] == []
    assert exported["kitchen"] == {
        "name": "Amma Mess",
        "kind": "restaurant",
        "lat": 13.0612,
        "lng": 80.2478,
        "upi_id": "ammamess@okaxis",
        "fssai": "",
        "price_paise": 6000,
        "meals_per_day": 5,
        "hours": "8-22",
        "verified": True,
        "orders": [
            {"reference": reference, "status": "COMPLETED", "created_at": NOON, "amount_paise": 6000, "rating": 5}
        ],
    }
    assert "+919800000001" not in json.dumps(exported)  # the donor's number is not the kitchen's data


@pytest.mark.parametrize(("choice", "language", "words"), [("2", "ta", "என் தரவு"), ("3", "hi", "मेरा डेटा")])
def test_my_data_answers_in_tamil_and_hindi(services, client, choice, language, words):
    donor = Phone(client, services, "+919800000005")
    donor.send("hi")
    donor.expect(WELCOME)
    donor.send(choice)
    donor.expect(translated(language, CONSENT))
    for asked in (words, "MY DATA"):
        donor.send(asked)
        [summary] = donor.replies()
        link = link_in(summary)
        assert summary == "\n".join(
            [
                translated(language, "What we keep about you:"),
                translated(language, "• your number, language and consents"),
                translated(language, "• messages until {date}", date="26-12-2026"),
                translated(
                    language,
                    "All of it as a file (the link works for {hours} hours): {link}",
                    hours=24,
                    link=BASE + link,
                ),
            ]
        )
        assert client.get(link).get_json()["profile"]["language"] == language


def test_people_export_prints_the_same_for_an_operator(services, client, media, kitchen, clock):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    reference = fed_and_rated(donor, Phone(client, services, "+919800000101", media), clock)
    runner = create_app(services).test_cli_runner()
    result = runner.invoke(args=["people", "export", "98000 00001"])
    assert result.exit_code == 0, result.output
    [exported] = json.loads(result.output)
    assert exported["profile"]["phone"] == "+919800000001"
    assert [order["reference"] for order in exported["orders"]] == [reference]
    assert runner.invoke(args=["people", "export", "+919899999999"]).exit_code != 0
