"""Retention that proves itself: a database aged by the test clock has rows of every kind past their
time; the daily job removes them, and the privacy report after it shows 0 for every kind."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.web.app import create_app
from domain.retention import DataKind
from jobs import retention
from models import tables
from tests.support.faces import face
from tests.support.privacy import every_row, fed_and_rated
from tests.support.s3 import BOTH_PHOTO_STORES
from tests.support.sms import SmsPhone
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard

TWILIO_MEDIA_URL = (
    "https://api.twilio.com/2010-04-01/Accounts/AC" + "a" * 32 + "/Messages/MM" + "c" * 32 + "/Media/ME" + "d" * 32
)


def report(services) -> dict[str, int]:
    result = create_app(services).test_cli_runner().invoke(args=["privacy", "report", "--json"])
    assert result.exit_code == 0, result.output
    return {kind: figures["past_retention"] for kind, figures in json.loads(result.output).items()}


def a_bit_of_everything(services, client, media, clock) -> str:
    """A meal, a photo no order took, a photo Twilio holds, an SMS donor's NOTE, a donor who erased
    their data, and a photo file no row points to."""
    donor = Phone(client, services, "+919800000001", media)
    cook = Phone(client, services, "+919800000101", media)
    onboard(donor)
    fed = fed_and_rated(donor, cook, clock)
    donor.photograph(face("person_b_1.jpg"))
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    donor.send(photo=jpeg())  # while the kitchen is asked: no order takes it
    donor.expect("Order {ref} is already under way. To start a new one, first send CANCEL or wait until it is done.")
    cook.send("DECLINE")
    donor.send(NumMedia="1", MediaUrl0=TWILIO_MEDIA_URL, MediaContentType0="image/jpeg")  # not ours to fetch here
    by_sms = SmsPhone(client, services, "+919800000003")  # words about a person, in place of a photo
    by_sms.feed("600017 T Nagar bus stand")
    by_sms.send("NOTE old man, blue shirt")
    leaver = Phone(client, services, "+919800000002", media)
    onboard(leaver)
    leaver.send("DELETE MY DATA")
    leaver.send("YES")
    services.photo_store.put(jpeg())  # as a photo job stopped between storing a photo and recording it
    return fed


@BOTH_PHOTO_STORES
def test_every_kind_of_data_goes_when_its_time_comes_and_the_report_then_shows_0(
    services, client, media, kitchen, clock
):
    fed = a_bit_of_everything(services, client, media, clock)
    assert report(services) == {kind.value: 0 for kind in DataKind} | {
        DataKind.TWILIO_MEDIA.value: 1,  # handled: we have our copy (here, we refused it)
        DataKind.ERASED_FAREWELLS.value: 1,  # sent; the minute sweep has not run
        DataKind.UNUSED_PHOTOS.value: 0,  # only after an hour
    }
    clock.advance(days=91)
    aged = report(services)
    assert all(aged[kind.value] > 0 for kind in DataKind), aged
    done = retention.apply_retention()
    assert all(done[kind.value] > 0 for kind in DataKind), json.dumps(done)
    assert report(services) == {kind.value: 0 for kind in DataKind}

    rows = every_row(services)
    assert rows["inbound_messages"] == rows["outbound_messages"] == rows["photos"] == []
    assert rows["face_embeddings"] == rows["face_checks"] == []
    with services.engine.connect() as connection:
        order = connection.execute(select(tables.orders).where(tables.orders.c.reference == fed)).one()
        released = connection.scalar(select(tables.media_releases.c.outcome))
        kept = connection.scalar(select(func.count()).select_from(tables.orders))
    assert (order.donor_id, order.place_label, order.lat, order.lng) == (None, "", 13.06, 80.25)
    assert (order.status, order.amount_paise, order.rating) == ("COMPLETED", 6000, 5)  # the kitchen's accounts
    assert released == "recorded" and kept == 3  # the meal, the one its kitchen declined, the SMS one
    assert services.photo_store.stored() == []  # the bytes too, in the folder or the bucket


@BOTH_PHOTO_STORES
def test_a_photo_file_no_row_points_to_goes_an_hour_after_it_was_written_and_recorded_ones_stay(
    services, client, media, kitchen, clock
):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    fed_and_rated(donor, Phone(client, services, "+919800000101", media), clock)
    stray = services.photo_store.put(jpeg())  # stored by a photo job that stopped before recording it
    clock.now = datetime.now(UTC) + timedelta(minutes=30)  # files are written by the wall clock
    assert report(services)[DataKind.STRAY_PHOTOS.value] == 0
    clock.advance(minutes=31)
    assert report(services)[DataKind.STRAY_PHOTOS.value] == 1
    assert retention.delete_stray_photos() == 1  # the hourly sweep; the daily job runs it too
    with services.engine.connect() as connection:
        recorded = set(connection.scalars(select(tables.photos.c.storage_key)))
    assert len(recorded) == 2 and set(services.photo_store.stored()) == recorded  # the meal's two photos, no stray
    assert stray not in recorded


def test_places_blur_a_week_after_the_order_ends_and_not_before(services, client, media, kitchen, clock):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    fed_and_rated(donor, Phone(client, services, "+919800000101", media), clock)
    clock.advance(days=6, hours=23)
    assert report(services)[DataKind.EXACT_PLACES.value] == 0
    clock.advance(hours=2)
    assert report(services)[DataKind.EXACT_PLACES.value] == 1
    retention.apply_retention()
    with services.engine.connect() as connection:
        assert connection.execute(select(tables.orders.c.lat, tables.orders.c.lng)).one() == (13.06, 80.25)
