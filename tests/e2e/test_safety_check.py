"""The safety check in a donor's conversation, with Google's answers recorded."""

from __future__ import annotations

import dataclasses

import pytest

from bot.web.app import create_app
from compose import build_services
from domain.orders import OrderStatus
from flows import admin
from jobs import runtime
from tests.support.faces import face
from tests.support.google_http import RecordedGoogle
from tests.support.stack import wipe
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, request
from tests.support.whatsapp import SPOT, Phone, onboard


@pytest.fixture
def with_google(settings, clock):
    built = []

    def build(google: RecordedGoogle):
        configured = dataclasses.replace(settings, google_maps_api_key="AIzaSyTestKeyForRecordedResponses000000")
        services = build_services(configured, clock=clock, maps_session=google.session())
        wipe(services)
        runtime.use(services)
        built.append(services)
        return services

    yield build
    runtime.use(None)
    for services in built:
        services.engine.dispose()


def test_an_unsafe_spot_is_explained_and_a_busier_place_nearby_suggested(with_google, clock, media):
    services = with_google(RecordedGoogle(places="places_quiet", roads="roads_none"))
    clock.advance(hours=11)  # 23:30 in Chennai
    donor = Phone(create_app(services).test_client(), services, "+919800000001", media)
    onboard(donor)
    reference = donor.photograph(face("person_c_1.jpg"))
    donor.send(pin=SPOT)
    donor.expect(
        "Order {ref}: this spot does not look safe for a delivery now "
        "(no road within 30 m, after 10 pm, isolated: no shops or bus stops within 100 m).\n"
        "Mylapore Bus Terminus is about 200 m away and busier. If you and the person can go there, "
        "share a new location from there, or send CANCEL."
    )
    with services.uow() as uow:
        assert uow.orders.by_reference(reference).state == OrderStatus.SAFETY_REJECTED
    donor.send(pin=(13.0613, 80.2496))  # halfway there: checked afresh, with the new distance
    donor.expect(
        "Order {ref}: this spot does not look safe for a delivery now "
        "(no road within 30 m, after 10 pm, isolated: no shops or bus stops within 100 m).\n"
        "Mylapore Bus Terminus is about 100 m away and busier. If you and the person can go there, "
        "share a new location from there, or send CANCEL."
    )


def test_the_kitchen_is_told_the_address_google_gives_for_a_bare_pin(with_google, media, kitchen_at_gemini):
    services = with_google(RecordedGoogle())
    kitchen_at_gemini(services)
    client = create_app(services).test_client()
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    reference = donor.photograph(face("person_c_1.jpg"))
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    cook = Phone(client, services, "+919800000101", media)
    photo = cook.outbox()[-1]["media_urls"][0]
    cook.expect(
        request(place="Gemini Flyover, Anna Salai, Teynampet, Chennai, Tamil Nadu 600018, India", photo=photo),
        ref=reference,
    )


@pytest.fixture
def kitchen_at_gemini():
    def add(services):
        new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True)
        with services.uow() as uow:
            admin.add_kitchen(uow, new, services.clock())

    return add
