"""A donor and a kitchen go through a whole meal over signed webhooks, with real RQ workers."""

from __future__ import annotations

from flows import admin
from tests.support.faces import face
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs


def test_a_donor_buys_a_meal_and_sees_it_delivered(services, client, media, kitchen, clock):
    donor = Phone(client, services, "+919800000001", media)
    cook = Phone(client, services, "+919800000101", media)
    onboard(donor)

    reference = donor.photograph(face("person_a_1.jpg"))
    donor.replies()
    donor.send(pin=SPOT, Label="Gemini bus stop")
    replies = donor.replies()
    assert "checking that the spot is safe" in replies[0]
    assert "1. Amma Mess: ₹60" in replies[1]

    donor.send("1")
    assert "We asked Amma Mess" in donor.last()
    request = cook.outbox()[-1]
    assert reference in request["body"] and "Gemini bus stop" in request["body"]
    assert request["media_urls"][0].startswith("http://127.0.0.1:5000/photos/")

    cook.send(f"ACCEPT {reference}")
    assert f"upi://pay?pa=ammamess@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{reference}" in donor.last()
    cook.send(f"PAID {reference}")
    assert "received your payment" in donor.last()
    cook.send("READY")
    assert "on its way" in donor.last()
    cook.send(f"DELIVERED {reference}", photo=jpeg(colour="green"))
    told, delivered = donor.outbox()[-2:]
    assert "was delivered" in told["body"]
    assert "Photo of the delivery" in delivered["body"]
    photo_path = delivered["media_urls"][0].removeprefix("http://127.0.0.1:5000")
    assert client.get(photo_path).status_code == 200
    donor.replies()
    donor.send("5")
    assert "complete" in donor.last()

    with services.uow() as uow:
        report = admin.order_report(uow, reference)
    assert report["status"] == "COMPLETED"
    assert report["amount_paise"] == 6000
    assert [step["to"] for step in report["timeline"]] == [
        "CREATED",
        "SAFETY_CHECK",
        "VENDOR_SELECTION",
        "PAYMENT_REDIRECT",
        "PAYMENT_CONFIRMED",
        "IN_TRANSIT",
        "DELIVERED",
        "COMPLETED",
    ]
    run_jobs(services)
