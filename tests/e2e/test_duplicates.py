"""The duplicate-seeker check on the real stack, with real faces: a nudge, never a refusal."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from bot.web.app import create_app
from models import tables
from tests.e2e.test_meal import SPOT, onboard
from tests.support.faces import face
from tests.support.whatsapp import Phone, jpeg

FIRST_DONOR, SECOND_DONOR = "+919800000001", "+919800000002"
NEARBY = (13.0608, 80.2498)  # about 50 m from SPOT
ACROSS_THE_ROAD = (13.0604 + 0.0018, 80.2496)  # about 200 m away


@pytest.fixture
def phones(client, services, media, kitchen):
    first, second = (Phone(client, services, number, media) for number in (FIRST_DONOR, SECOND_DONOR))
    onboard(first)
    onboard(second)
    return first, second, Phone(client, services, "+919800000101", media)


def feed(donor: Phone, cook: Phone, photo: str, pin=SPOT) -> str:
    """A donor's meal up to the kitchen's ACCEPT: from then on the person counts as fed."""
    reference = donor.photograph(face(photo))
    donor.send(pin=pin)
    donor.send("1")
    cook.send(f"ACCEPT {reference}")
    return reference


def check(donor: Phone, photo: str, pin=NEARBY) -> tuple[str, list[str]]:
    reference = donor.photograph(face(photo))
    donor.replies()
    donor.send(pin=pin)
    return reference, donor.replies()


def report(services, reference: str) -> dict:
    result = create_app(services).test_cli_runner().invoke(args=["orders", "show", reference, "--json"])
    return json.loads(result.output)


def test_the_same_person_in_another_photo_nearby_gets_a_nudge_and_can_go_on(phones, services, clock):
    first, second, cook = phones
    earlier = feed(first, cook, "person_a_1.jpg")
    clock.advance(minutes=25)
    reference, replies = check(second, "person_a_2.jpg")
    nudge = replies[-1]
    assert "a meal was ordered for this person 25 minutes ago, about 50 m from here" in nudge
    assert "CONTINUE" in nudge
    assert earlier not in nudge and FIRST_DONOR not in nudge  # the earlier donor stays unknown
    second.send("CONTINUE")
    assert "1. Amma Mess" in second.last()
    story = report(services, reference)
    assert story["duplicate_of"] == earlier
    assert story["duplicate"]["minutes"] == 25 and 40 <= story["duplicate"]["metres"] <= 60
    assert story["duplicate"]["embedding_distance"] < 0.6
    assert story["duplicate"]["donor_answer"] == "continued"


def test_a_nudged_donor_may_cancel(phones, clock):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    reference, replies = check(second, "person_a_partial.jpg")
    assert "a meal was ordered for this person" in replies[-1]
    second.send("CANCEL")
    assert f"Order {reference} is cancelled" in second.last()


def test_different_people_are_not_duplicates(phones, services):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    reference, replies = check(second, "person_b_1.jpg")
    assert "1. Amma Mess" in replies[-1]
    assert report(services, reference)["duplicate_of"] is None


def test_outside_the_window_the_same_person_is_not_a_duplicate(phones, clock):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    clock.advance(hours=2, minutes=5)
    _, replies = check(second, "person_a_2.jpg")
    assert "1. Amma Mess" in replies[-1]


def test_outside_the_radius_the_same_person_is_not_a_duplicate(phones):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    _, replies = check(second, "person_a_2.jpg", pin=ACROSS_THE_ROAD)
    assert "1. Amma Mess" in replies[-1]


def test_two_faces_ask_for_a_photo_of_just_the_person_then_a_new_one_is_checked(phones, services):
    first, second, cook = phones
    feed(first, cook, "person_b_2.jpg")
    reference = second.photograph(face("two_people_a_b.jpg"))
    assert "more than one person" in second.last()
    second.send(pin=NEARBY)
    assert "needs a photo of just the person" not in second.last()
    second.send(photo=face("person_b_1.jpg"))
    assert "a meal was ordered for this person" in second.last()
    assert report(services, reference)["photo"]["faces"] == "one_face"


def test_a_photo_with_no_face_lets_the_order_go_on(phones, services):
    _, second, _ = phones
    reference = second.photograph(jpeg(640, 480, "brown"))
    assert "could not see a face" in second.last()
    second.send(pin=NEARBY)
    assert "1. Amma Mess" in second.last()
    assert report(services, reference)["photo"]["faces"] == "no_face"


def test_when_the_person_declined_no_photo_is_kept_and_no_check_is_made(client, services, media, kitchen):
    donor = Phone(client, services, "+919800000003", media)
    onboard(donor)
    donor.send(photo=face("person_a_1.jpg"))
    assert "agree to be photographed" in donor.last()
    donor.send("NO")
    assert "photo is deleted" in donor.replies()[0]
    donor.send(pin=SPOT)
    assert "1. Amma Mess" in donor.last()
    reference = re.search(r"Order ([A-Z0-9]{4})", donor.outbox()[-1]["body"]).group(1)
    story = report(services, reference)
    assert story["photo"]["faces"] == "declined"
    with services.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tables.photos)) == 0
        assert connection.scalar(select(func.count()).select_from(tables.face_embeddings)) == 0
