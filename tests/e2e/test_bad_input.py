"""Bad input over the real wire: each case gets its own clear reply, and nothing is lost."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from bot.web.app import create_app
from compose import build_services
from flows import admin
from jobs import runtime, sweeps
from jobs.inbound import MAX_TRIES
from models import tables
from tests.conftest import wipe
from tests.e2e.test_meal import SPOT, onboard
from tests.support.whatsapp import Phone, jpeg, run_jobs


@pytest.fixture
def donor(client, services, media):
    phone = Phone(client, services, "+919800000001", media)
    onboard(phone)
    return phone


def test_each_bad_input_from_a_donor_gets_its_own_reply(donor, kitchen):
    donor.send("what is this")
    assert "send their photo, then your location" in donor.last()
    donor.send(pin=SPOT)
    assert "photo of the person first" in donor.last()
    donor.send(photo=b"%PDF-1.4 not an image", content_type="application/pdf")
    assert "not a photo" in donor.last()
    donor.send(photo=b"\xff\xd8" + b"0" * (30 * 1024 * 1024), content_type="image/jpeg")
    assert "too large" in donor.last()
    donor.send(photo=jpeg()[:200], content_type="image/jpeg")
    assert "damaged or cut off" in donor.last()
    donor.photograph(jpeg())
    donor.send(photo=jpeg())
    assert "already have a photo" in donor.last()
    donor.send(pin=(40.71, -74.0))
    assert "outside India" in donor.last()
    donor.send(Latitude="123.4", Longitude="80.2")
    assert "could not be read" in donor.last()
    donor.send("STATUS QQQQ")
    assert "no order QQQQ of yours" in donor.last()


def test_a_kitchen_answering_for_another_kitchens_order_is_refused(client, services, media, donor, kitchen):
    other = Phone(client, services, "+919800000102", media)
    with services.uow() as uow:
        admin.add_kitchen(
            uow,
            admin.NewKitchen("Other Mess", "+919800000102", 13.07, 80.25, 5, 40, "other@okaxis", True),
            services.clock(),
        )
    reference = donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    other.send(f"ACCEPT {reference}")
    assert f"Order {reference} is not one of yours" in other.last()
    other.send("DECLINE ZZZZ")
    assert "There is no order ZZZZ" in other.last()


def test_media_from_a_host_not_allowed_is_not_fetched(client, services, donor):
    donor.send(NumMedia="1", MediaUrl0="http://169.254.169.254/latest/meta-data", MediaContentType0="image/jpeg")
    assert "could not open that photo" in donor.last()


def test_a_failing_job_still_answers_with_an_apology_and_records_the_failure(settings, clock, tmp_path, media):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the photo directory should be")
    broken = build_services(dataclasses.replace(settings, photo_dir=str(blocked / "photos")), clock=clock)
    wipe(broken)
    runtime.use(broken)
    client = create_app(broken).test_client()
    donor = Phone(client, broken, "+919800000001", media)
    onboard(donor)
    donor.send(photo=jpeg())
    for _ in range(MAX_TRIES - 1):  # tried again by the inbound sweeper, then given up with an apology
        clock.advance(minutes=2)
        sweeps.requeue_inbound()
        run_jobs(broken)
    assert "Sorry, something went wrong on our side" in donor.last()
    with broken.engine.connect() as connection:
        failed = connection.execute(select(tables.inbound_messages).where(tables.inbound_messages.c.error.is_not(None)))
        rows = failed.all()
    assert len(rows) == 1 and "NotADirectoryError" in rows[0].error
    runtime.use(None)
    broken.engine.dispose()
