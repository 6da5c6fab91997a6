"""Cron sweeps on the real database, and the signed photo links."""

from __future__ import annotations

import time

from bot.adapters.links import SignedPhotoLinks
from domain.hours import india_day
from domain.orders import OrderStatus
from flows import admin
from jobs import sweeps
from tests.support.texts import (
    AMMA_MESS_FROM_SPOT,
    ASKED_AMMA_MESS,
    NO_FACE,
    NONE_NEAR,
    PAY_AMMA_MESS,
    kitchens,
    request,
)
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs


def at_kitchen_answer(client, services, media) -> Phone:
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.expect(NO_FACE)
    donor.send(pin=SPOT)
    donor.send("1")
    return donor


def test_a_kitchen_silent_for_five_minutes_loses_the_order_and_its_meal_to_the_next(
    services, client, media, kitchen, clock
):
    with services.uow() as uow:
        new = admin.NewKitchen("Second Mess", "+919800000102", 13.0630, 80.2478, 3, 50, "second@oksbi", True)
        admin.add_kitchen(uow, new, services.clock())
    donor = at_kitchen_answer(client, services, media)
    donor.expect([kitchens("1. Amma Mess: ₹60, 215 m", "2. Second Mess: ₹50, 349 m"), ASKED_AMMA_MESS])
    cook = Phone(client, services, "+919800000101", media)
    cook.replies()  # the request, checked in test_meal
    clock.advance(minutes=4)
    assert sweeps.kitchen_timeouts() == 0
    clock.advance(minutes=2)
    assert sweeps.kitchen_timeouts() == 1
    run_jobs(services)
    donor.expect(
        "Amma Mess did not answer order {ref} in 5 minutes.\n"
        "We asked Second Mess to cook it instead (₹50, 349 m away). They have 5 minutes to answer."
    )
    cook.expect(
        "We had no answer from you in 5 minutes, so order {ref} is no longer yours. Please do not cook it.",
        ref=donor.reference,
    )
    with services.uow() as uow:
        assert uow.kitchens.meals_left(uow.kitchens.get(kitchen.id), india_day(clock())) == 5


def test_an_answer_just_before_the_deadline_is_kept(services, client, media, kitchen, clock):
    donor = at_kitchen_answer(client, services, media)
    clock.advance(minutes=4)
    donor.expect([AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    Phone(client, services, "+919800000101", media).send("ACCEPT")
    clock.advance(minutes=5)
    assert sweeps.kitchen_timeouts() == 0
    run_jobs(services)
    donor.expect(PAY_AMMA_MESS)


def waiting_for_a_kitchen(client, services, media, number: str = "+919800000001") -> Phone:
    """A donor whose pin has no kitchen near that can cook: the order waits."""
    donor = Phone(client, services, number, media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.expect(NO_FACE)
    donor.send(pin=SPOT)
    donor.expect([NONE_NEAR])
    return donor


def test_an_order_waiting_for_a_kitchen_is_asked_of_the_first_that_can_cook(services, client, media, clock):
    donor = waiting_for_a_kitchen(client, services, media)
    assert sweeps.kitchen_waits() == 1
    run_jobs(services)
    donor.expect([])
    with services.uow() as uow:
        new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True)
        admin.add_kitchen(uow, new, services.clock())
    clock.advance(minutes=10)
    assert sweeps.kitchen_waits() == 1
    run_jobs(services)
    donor.expect(
        "Amma Mess can cook now: we asked them to cook order {ref} (₹60, 215 m away). They have 5 minutes to answer."
    )
    cook = Phone(client, services, "+919800000101", media)
    cook.expect(request(photo=cook.outbox()[-1]["media_urls"][0]), ref=donor.reference)
    assert sweeps.kitchen_waits() == 0
    with services.uow() as uow:
        assert uow.orders.by_reference(donor.reference).state == OrderStatus.VENDOR_SELECTION


def test_the_donor_who_waited_longest_gets_the_one_meal_freed(services, client, media, clock):
    first = waiting_for_a_kitchen(client, services, media)
    clock.advance(minutes=1)
    second = waiting_for_a_kitchen(client, services, media, "+919800000002")
    with services.uow() as uow:
        new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 1, 60, "ammamess@okaxis", True)
        admin.add_kitchen(uow, new, services.clock())
    assert sweeps.kitchen_waits() == 2
    run_jobs(services)
    first.expect(
        "Amma Mess can cook now: we asked them to cook order {ref} (₹60, 215 m away). They have 5 minutes to answer."
    )
    second.expect([])
    with services.uow() as uow:
        assert uow.orders.waiting_for_kitchen() == [uow.orders.by_reference(second.reference).id]


def test_an_order_no_kitchen_could_take_in_thirty_minutes_is_closed(services, client, media, clock):
    donor = waiting_for_a_kitchen(client, services, media)
    clock.advance(minutes=29)
    sweeps.kitchen_waits()
    run_jobs(services)
    donor.expect([])
    clock.advance(minutes=1)
    sweeps.kitchen_waits()
    run_jobs(services)
    donor.expect(
        "No kitchen near order {ref} could cook in 30 minutes, so it is closed. No money was taken. "
        "Send a new photo when you want to try again."
    )
    assert sweeps.kitchen_waits() == 0


def test_a_tampered_or_expired_photo_link_gets_a_bare_403(services, client, media, kitchen):
    at_kitchen_answer(client, services, media)
    link = Phone(client, services, "+919800000101", media).outbox()[-1]["media_urls"][0]
    path = link.removeprefix(services.settings.public_base_url)
    good = client.get(path)
    assert good.status_code == 200 and good.mimetype == "image/jpeg"
    assert good.headers["Cache-Control"] == "private, no-store"
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for bad in (tampered, "/photos/1", "/photos/" + "x" * 40):
        response = client.get(bad)
        assert response.status_code == 403 and b"photo" not in response.data.lower()


def test_links_expire():
    links = SignedPhotoLinks("secret", "https://ketpaar.example", max_age_seconds=1)
    token = links.link(7).rsplit("/", 1)[1]
    assert links.photo_id(token) == 7
    time.sleep(2.1)
    assert links.photo_id(token) is None
    assert SignedPhotoLinks("other secret", "https://ketpaar.example", 60).photo_id(token) is None
