"""The order's loose ends on the real stack: references, ratings, flagged claims, suspensions, API refusals."""

from __future__ import annotations

import json
import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.web.app import create_app
from domain import orders
from domain.geo import Point
from domain.hours import india_day
from domain.orders import Order
from domain.people import Person
from flows import router
from flows.donor.onboarding import CONSENT_VERSION
from flows.messages import Inbound
from jobs import sweeps
from models import tables
from tests.support.dashboard import ADMIN, add_staff, api_token, bearer, log_in
from tests.support.google_http import RecordedGoogle, maps_with
from tests.support.texts import ASKED_ABOUT_PHOTO
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

outbound = tables.outbound_messages.c

ASSESS = "/api/v1/safety/assess"


@pytest.fixture
def google(services) -> RecordedGoogle:
    """The API asks Google through a recorder that counts the calls."""
    recorder = RecordedGoogle()
    services.maps = maps_with(services, recorder)
    return recorder


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"lat": 80}, "lat", "outside India"),
        ({"lng": 120.5}, "lng", "outside India"),
        ({"timestamp": "0001-01-01T00:00:00+05:30"}, "timestamp", "must be between the years 2000 and 2100"),
        ({"timestamp": "9999-12-31T23:59:59+00:00"}, "timestamp", "must be between the years 2000 and 2100"),
    ],
)
def test_the_api_refuses_a_spot_or_moment_it_cannot_judge_before_asking_google(
    services, client, google, change, field, problem
):
    payload = {"lat": 13.0604, "lng": 80.2496, "timestamp": "2026-11-26T21:30:00+05:30", **change}
    response = client.post(ASSESS, json=payload, headers=bearer(api_token(services)))
    error = {"code": "invalid", "message": problem, "field": field}
    assert (response.status_code, response.get_json()) == (400, {"error": error})
    assert google.calls == []


def donor_photographs(client, services, media, number: str) -> list[str]:
    donor = Phone(client, services, number, media)
    onboard(donor)
    donor.send(photo=jpeg())
    return donor.replies()


def test_a_colliding_reference_is_drawn_again_inside_the_same_message(client, services, media, monkeypatch):
    drawn = iter(["AAAA", "AAAA", "AAAA", "BBBB"])
    monkeypatch.setattr(orders, "new_reference", lambda length=4: next(drawn))
    first = donor_photographs(client, services, media, "+919800000001")
    second = donor_photographs(client, services, media, "+919800000002")
    assert first == [ASKED_ABOUT_PHOTO.format(ref="AAAA")]
    assert second == [ASKED_ABOUT_PHOTO.format(ref="BBBB")]
    with services.uow() as uow:
        assert uow.orders.by_reference("BBBB").events[0].to_status == "CREATED"


def test_when_short_references_keep_colliding_a_longer_one_is_used(client, services, media, monkeypatch):
    real = orders.new_reference
    monkeypatch.setattr(orders, "new_reference", lambda length=4: "CCCC" if length == 4 else real(length))
    donor_photographs(client, services, media, "+919800000001")
    reply = donor_photographs(client, services, media, "+919800000002")[0]
    assert re.fullmatch(r"Photo received\. Your order is [A-Z2-9]{6}\.\nDid the person agree.*", reply), reply


def test_the_reference_generator_gives_up_after_a_bounded_number_of_tries(services, monkeypatch):
    calls = []
    monkeypatch.setattr(orders, "new_reference", lambda length=4: calls.append(length) or "DDDD")
    with services.uow() as uow:
        donor = uow.people.add(Person(address="whatsapp:+919800000001", created_at=services.clock()))
        uow.orders.add_numbered(Order("", donor.id, services.clock()), orders.reference_candidates())
        with pytest.raises(orders.NoFreeReference):
            uow.orders.add_numbered(Order("", donor.id, services.clock()), orders.reference_candidates())
    assert calls.count(4) == 11 and calls.count(6) == 5 and calls.count(8) == 5


def delivered_order(uow, kitchen_id: int, number: int, now) -> str:
    donor = Person(address=f"whatsapp:+9198000010{number:02d}", created_at=now, language_chosen=True)
    donor.consent_at, donor.consent_version = now, CONSENT_VERSION
    uow.people.add(donor)
    order = uow.orders.add(Order(f"R{number:03d}", donor.id, now, status="DELIVERED", kitchen_id=kitchen_id))
    donor.active_order_id = order.id
    return donor.address


def test_ratings_given_at_the_same_moment_all_count(services, kitchen):
    with services.uow() as uow:
        donors = [delivered_order(uow, kitchen.id, number, services.clock()) for number in range(8)]
        uow.commit()
    start = threading.Barrier(len(donors))

    def rate(address: str) -> None:
        with services.uow() as uow:
            uow.people.by_address(address)
            start.wait()
            router.handle(uow, services.links, services.clock(), Inbound(address, text="4"))
            uow.commit()

    threads = [threading.Thread(target=rate, args=(address,)) for address in donors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with services.uow() as uow:
        rated = uow.kitchens.get(kitchen.id)
        assert (rated.rating_total, rated.rating_count) == (32, 8)
        told = uow.session.execute(select(outbound.to_address, outbound.body)).all()
        completed = [uow.orders.by_reference(f"R{number:03d}").state for number in range(8)]
    assert told == []  # a rating gets nothing back
    assert completed == ["COMPLETED"] * 8


def accepted_order(client, services, media) -> tuple[Phone, Phone, str]:
    donor, cook = Phone(client, services, "+919800000001", media), Phone(client, services, "+919800000101", media)
    onboard(donor)
    reference = donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    cook.send(f"ACCEPT {reference}")
    donor.replies()  # the meal up to here is checked whole in the e2e tests
    cook.replies()
    return donor, cook, reference


def test_an_unconfirmed_paid_claim_is_listed_whole_by_orders_flagged_and_with_the_donor_masked_on_the_dashboard(
    client, services, media, kitchen, clock
):
    donor, cook, reference = accepted_order(client, services, media)
    donor.send("PAID")
    donor.expect(f"Thank you. We asked Amma Mess to confirm your payment for order {reference}.")
    cook.expect(
        f"The donor says they paid ₹60 for order {reference}. Please check your UPI app and reply PAID {reference} "
        "when the money is there."
    )
    clock.advance(minutes=29)
    assert sweeps.unconfirmed_payment_claims() == 0
    clock.advance(minutes=2)
    assert sweeps.payment_timeouts() == 0  # the donor said PAID: an admin decides, not the clock
    assert sweeps.unconfirmed_payment_claims() == 1
    run_jobs(services)
    donor.expect(
        f"The kitchen has not yet confirmed your payment for order {reference}. Our team will check it with them."
    )
    result = create_app(services).test_cli_runner().invoke(args=["orders", "flagged", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "reference": reference,
            "status": "PAYMENT_REDIRECT",
            "reason": "donor says paid; kitchen has not confirmed",
            "flagged_at": clock().isoformat(),
            "donor_paid_at": (clock() - timedelta(minutes=31)).isoformat(),
            "amount_paise": 6000,
            "kitchen": {"id": kitchen.id, "name": "Amma Mess", "phone": cook.address, "upi": "ammamess@okaxis"},
            "donor": donor.address,
        }
    ]

    add_staff(services, ADMIN, "admin")
    log_in(client, ADMIN)
    page = client.get("/admin/attention").get_data(as_text=True)
    row = re.search(rf'<a href="/admin/orders/{reference}">.*?</tr>', page, re.S).group(0)
    assert f'<a href="/admin/kitchens/{kitchen.id}">Amma Mess</a> · +919800000101' in row  # operators call it
    assert "<td>+91•••••••001</td>" in row and "+919800000001" not in page


def test_an_unpaid_order_fails_after_the_payment_timeout(client, services, media, kitchen, clock):
    donor, cook, reference = accepted_order(client, services, media)
    clock.advance(minutes=31)
    assert sweeps.payment_timeouts() == 1
    run_jobs(services)
    donor.expect(
        f"Order {reference} is closed: no payment reached Amma Mess in 30 minutes. Send a new photo to start again."
    )
    cook.expect(f"Order {reference} is closed: the donor did not pay in 30 minutes. Please do not cook it.")
    with services.uow() as uow:
        assert uow.orders.by_reference(reference).status == "PAYMENT_FAILED"
        assert uow.kitchens.meals_left(uow.kitchens.get(kitchen.id), india_day(clock())) == 5


def test_vendor_suspend_through_the_cli_takes_the_kitchen_off_the_list(client, services, media, kitchen, clock):
    runner = create_app(services).test_cli_runner()
    assert runner.invoke(args=["vendor", "suspend", "+919800000101"]).exit_code != 0  # a reason is required
    result = runner.invoke(args=["vendor", "suspend", "+919800000101", "--reason", "food complaints"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"kitchen {kitchen.id} Amma Mess suspended",
        "  re-offered (not paid): -",
        "  kept (paid, still to deliver): -",
    ]
    cook = Phone(client, services, "+919800000101", media)
    cook.expect(
        "Amma Mess is suspended by Ketpaar. Reason: food complaints\n"
        "You will get no new orders until an admin reinstates you."
    )
    with services.uow() as uow:
        assert uow.kitchens.near(Point(*SPOT), india_day(clock())) == []
        assert uow.kitchens.get(kitchen.id).status == "suspended"
    again = runner.invoke(args=["vendor", "suspend", "+919800000101", "--reason", "twice"])
    assert again.exit_code != 0 and "Amma Mess is suspended; it cannot become suspended" in again.output
