"""A kitchen's link to the person's photo dies the moment that kitchen declines, times out or the order ends."""

from __future__ import annotations

from flows import admin
from jobs import sweeps
from tests.support.faces import face
from tests.support.texts import ASKED_AMMA_MESS, kitchens
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

BOTH = kitchens("1. Amma Mess: ₹60, 215 m", "2. Second Mess: ₹50, 349 m")


def photo_link(client, cook: Phone) -> str:
    """The link in the kitchen's newest message, as a path on this app."""
    link = cook.outbox()[-1]["media_urls"][0]
    return link.removeprefix("http://127.0.0.1:5000")


def asked(services, client, media) -> tuple[Phone, Phone, Phone]:
    with services.uow() as uow:
        new = admin.NewKitchen("Second Mess", "+919800000102", 13.0630, 80.2478, 3, 50, "second@oksbi", True)
        admin.add_kitchen(uow, new, services.clock())
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(face("person_a_1.jpg"))
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([BOTH, ASKED_AMMA_MESS])
    return donor, Phone(client, services, "+919800000101", media), Phone(client, services, "+919800000102", media)


def test_a_declining_kitchen_loses_the_photo_at_once_and_the_next_one_gets_its_own_link(
    services, client, media, kitchen
):
    donor, amma, second = asked(services, client, media)
    amma_link = photo_link(client, amma)
    assert client.get(amma_link).status_code == 200
    amma.send("DECLINE")
    assert client.get(amma_link).status_code == 403
    donor.send("1")  # Second Mess, the one kitchen left
    second_link = photo_link(client, second)
    assert client.get(second_link).status_code == 200
    assert client.get(amma_link).status_code == 403


def test_a_kitchen_that_does_not_answer_in_time_loses_the_photo(services, client, media, kitchen, clock):
    _, amma, _ = asked(services, client, media)
    amma_link = photo_link(client, amma)
    clock.advance(minutes=11)
    assert sweeps.kitchen_timeouts() == 1
    run_jobs(services)
    assert client.get(amma_link).status_code == 403  # well inside the link's hour


def test_the_kitchen_loses_the_photo_when_the_order_ends_and_the_donor_keeps_the_delivery_photo(
    services, client, media, kitchen
):
    donor, amma, _ = asked(services, client, media)
    amma_link = photo_link(client, amma)
    for command in ("ACCEPT", "PAID", "READY"):
        amma.send(command)
        assert client.get(amma_link).status_code == 200, command
    amma.send("DELIVERED", photo=jpeg(colour="green"))
    assert client.get(amma_link).status_code == 403
    delivery = donor.outbox()[-1]["media_urls"][0].removeprefix("http://127.0.0.1:5000")
    assert client.get(delivery).status_code == 200
