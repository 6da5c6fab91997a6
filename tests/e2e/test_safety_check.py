"""The safety check in a donor's conversation, with Google's answers recorded."""

from __future__ import annotations

import dataclasses

import pytest

from bot.web.app import create_app
from compose import build_services
from flows import admin
from jobs import runtime
from tests.support.faces import face
from tests.support.google_http import RecordedGoogle
from tests.support.stack import wipe
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
    donor.photograph(face("person_c_1.jpg"))
    donor.replies()
    donor.send(pin=SPOT)
    _, verdict, suggestion = donor.replies()
    assert "after 10 pm" in verdict and "isolated" in verdict and "no road within 30 m" in verdict
    assert "Mylapore Bus Terminus is about 200 m away" in suggestion
    donor.send(pin=(13.0622, 80.2496))
    assert "checking that the spot is safe" in donor.replies()[0]


def test_the_kitchen_is_told_the_address_google_gives_for_a_bare_pin(with_google, media, kitchen_at_gemini):
    services = with_google(RecordedGoogle())
    kitchen_at_gemini(services)
    client = create_app(services).test_client()
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    reference = donor.photograph(face("person_c_1.jpg"))
    donor.send(pin=SPOT)
    donor.send("1")
    request = Phone(client, services, "+919800000101", media).outbox()[-1]["body"]
    assert reference in request and "Place: Gemini Flyover, Anna Salai" in request


@pytest.fixture
def kitchen_at_gemini():
    def add(services):
        new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True)
        with services.uow() as uow:
            admin.add_kitchen(uow, new, services.clock())

    return add
