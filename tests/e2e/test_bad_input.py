"""Bad input over the real wire: each case gets its own clear reply, and nothing is lost."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from bot.web.app import create_app
from compose import build_services
from domain.orders import OrderStatus
from flows import admin
from jobs import runtime, sweeps
from jobs.inbound import MAX_TRIES
from models import tables
from tests.support.stack import wipe
from tests.support.texts import HELP, NO_FACE, NOT_UNDERSTOOD
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs


@pytest.fixture
def donor(client, services, media):
    phone = Phone(client, services, "+919800000001", media)
    onboard(phone)
    return phone


def test_each_bad_input_from_a_donor_gets_its_own_reply(donor, kitchen):
    donor.send("what is this")
    donor.expect(f"{NOT_UNDERSTOOD}\n{HELP}")
    donor.send(pin=SPOT)
    donor.expect("Please send a photo of the person first, then the location.")
    donor.send(photo=b"%PDF-1.4 not an image", content_type="application/pdf")
    donor.expect("That file is not a photo. Please send a JPEG, PNG or WebP photo.")
    donor.send(photo=b"\xff\xd8" + b"0" * (30 * 1024 * 1024), content_type="image/jpeg")
    donor.expect("That photo is too large. Please send a photo under 16 MB.")
    donor.send(photo=jpeg()[:200], content_type="image/jpeg")
    donor.expect("That photo is damaged or cut off. Please send it again.")
    donor.photograph(jpeg())
    donor.expect(NO_FACE)
    donor.send(photo=jpeg())
    donor.expect("We already have a photo for order {ref}. Now please share the location. To start again, send CANCEL.")
    donor.send(pin=(40.71, -74.0))
    donor.expect("That location is outside India. Ketpaar works only in India. Please share where you are.")
    donor.send(Latitude="123.4", Longitude="80.2")
    donor.expect("That location could not be read. Please share your location pin again.")
    donor.send("STATUS QQQQ")
    donor.expect("There is no order QQQQ of yours. Please check the reference.")
    donor.send("STATUS")
    donor.expect("Order {ref}: waiting for the location.")


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
    other.expect("Order {ref} is not one of yours.", ref=reference)
    other.send("DECLINE ZZZZ")
    other.expect("There is no order ZZZZ. Please check the reference.")
    with services.uow() as uow:
        assert uow.orders.by_reference(reference).state == OrderStatus.VENDOR_SELECTION


def test_media_from_a_host_not_allowed_is_not_fetched(client, services, donor):
    donor.send(NumMedia="1", MediaUrl0="http://169.254.169.254/latest/meta-data", MediaContentType0="image/jpeg")
    donor.expect("We could not open that photo. Please send it again.")
    with services.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tables.photos)) == 0


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
    donor.expect("Sorry, something went wrong on our side. Please try again in a minute.")
    with broken.engine.connect() as connection:
        failed = connection.execute(select(tables.inbound_messages).where(tables.inbound_messages.c.error.is_not(None)))
        rows = failed.all()
    assert len(rows) == 1 and "NotADirectoryError" in rows[0].error
    runtime.use(None)
    broken.engine.dispose()
