"""The duplicate-seeker check on the real stack, with real faces: a nudge, never a refusal."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from bot.web.app import create_app
from models import tables
from tests.support.faces import face
from tests.support.texts import (
    AMMA_MESS_WILL_BE_PAID,
    ASKED_ABOUT_PHOTO,
    ASKED_AMMA_MESS,
    CHECKING_SPOT,
    DID_THEY_AGREE,
    MANY_FACES,
    NO_FACE,
    PAY_AMMA_MESS,
    PHOTO_DELETED,
    SHARE_LOCATION,
    kitchens,
    request,
)
from tests.support.whatsapp import SPOT, Phone, hold_passes, jpeg, onboard

FIRST_DONOR, SECOND_DONOR = "+919800000001", "+919800000002"
NEARBY = (13.0608, 80.2498)  # about 50 m from SPOT
ACROSS_THE_ROAD = (13.0604 + 0.0018, 80.2496)  # about 200 m away


def listed(pin) -> str:
    """Amma Mess as a donor at this pin sees it listed."""
    return {SPOT: "1. Amma Mess: ₹60, 215 m", NEARBY: "1. Amma Mess: ₹60, 221 m"}[pin]


def place(pin) -> str:
    return f"{pin[0]:.5f}, {pin[1]:.5f}"


# Neither minutes nor metres: the exact figures are the operator's. The earlier meal was accepted,
# not yet delivered: it was ordered.
NUDGE = (
    "Order {ref}: a meal was ordered for this person nearby within the last hour. "
    "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else."
)


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
    donor.expect([kitchens(listed(pin)), ASKED_AMMA_MESS, PAY_AMMA_MESS])
    photo_link = cook.outbox()[-2]["media_urls"][0]
    cook.expect([request(place=place(pin), photo=photo_link), AMMA_MESS_WILL_BE_PAID], ref=reference)
    return reference


def check(donor: Phone, photo: str, pin=NEARBY) -> str:
    reference = donor.photograph(face(photo))
    donor.send(pin=pin)
    return reference


def report(services, reference: str) -> dict:
    result = create_app(services).test_cli_runner().invoke(args=["orders", "show", reference, "--json"])
    return json.loads(result.output)


def test_the_same_person_in_another_photo_nearby_gets_a_nudge_and_can_go_on(phones, services, clock):
    first, second, cook = phones
    earlier = feed(first, cook, "person_a_1.jpg")
    clock.advance(minutes=25)
    reference = check(second, "person_a_2.jpg")
    second.expect([NUDGE])  # neither the earlier order nor its donor is named
    second.send("CONTINUE")
    second.expect(kitchens(listed(NEARBY)))
    story = report(services, reference)
    assert story["duplicate_of"] == earlier
    assert story["duplicate"]["minutes"] == 25 and 40 <= story["duplicate"]["metres"] <= 60
    assert story["duplicate"]["embedding_distance"] < 0.6
    assert story["duplicate"]["donor_answer"] == "continued"


def test_a_nudged_donor_may_cancel(phones, services):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    reference = check(second, "person_a_partial.jpg")
    second.expect([NUDGE])
    second.send("CANCEL")
    second.expect("Order {ref} is cancelled. No money was taken.")
    assert report(services, reference)["status"] == "CANCELLED"


def test_different_people_are_not_duplicates(phones, services):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    reference = check(second, "person_b_1.jpg")
    second.expect([kitchens(listed(NEARBY))])
    assert report(services, reference)["duplicate_of"] is None


def test_outside_the_window_the_same_person_is_not_a_duplicate(phones, services, clock):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    clock.advance(hours=2, minutes=5)
    reference = check(second, "person_a_2.jpg")
    second.expect([kitchens(listed(NEARBY))])
    assert report(services, reference)["duplicate_of"] is None


def test_outside_the_radius_the_same_person_is_not_a_duplicate(phones, services):
    first, second, cook = phones
    feed(first, cook, "person_a_1.jpg")
    reference = check(second, "person_a_2.jpg", pin=ACROSS_THE_ROAD)
    second.expect([kitchens("1. Amma Mess: ₹60, 225 m")])
    assert report(services, reference)["duplicate_of"] is None


def test_two_faces_ask_for_a_photo_of_just_the_person_then_a_new_one_is_checked(phones, services, clock):
    first, second, cook = phones
    feed(first, cook, "person_b_2.jpg")
    reference = second.photograph(face("two_people_a_b.jpg"))
    second.expect(MANY_FACES)
    second.send(pin=NEARBY)
    hold_passes(services, clock)
    second.expect(CHECKING_SPOT)  # and no kitchens yet: the order waits for the photo
    second.send(photo=face("person_b_1.jpg"))
    second.expect(DID_THEY_AGREE)
    second.send("YES")
    second.expect(NUDGE)  # "we are checking the new photo" was held, and the nudge replaced it
    assert report(services, reference)["photo"]["faces"] == "one_face"


def test_a_photo_with_no_face_lets_the_order_go_on(phones, services):
    _, second, _ = phones
    reference = second.photograph(jpeg(640, 480, "brown"))
    second.expect(NO_FACE)
    second.send(pin=NEARBY)
    second.expect([kitchens(listed(NEARBY))])
    assert report(services, reference)["photo"]["faces"] == "no_face"


def test_when_the_person_declined_no_photo_is_kept_and_no_check_is_made(client, services, media, kitchen):
    donor = Phone(client, services, "+919800000003", media)
    onboard(donor)
    donor.send(photo=face("person_a_1.jpg"))
    reference = re.match(r"Photo received\. Your order is ([A-Z0-9]{4})\.", donor.outbox()[-1]["body"]).group(1)
    donor.expect(ASKED_ABOUT_PHOTO, ref=reference)
    donor.send("NO")
    donor.expect(f"{PHOTO_DELETED}\n{SHARE_LOCATION}", ref=reference)
    donor.send(pin=SPOT)
    donor.expect([kitchens(listed(SPOT))], ref=reference)
    story = report(services, reference)
    assert story["photo"]["faces"] == "declined"
    with services.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tables.photos)) == 0
        assert connection.scalar(select(func.count()).select_from(tables.face_embeddings)) == 0
