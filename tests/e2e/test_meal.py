"""A donor and a kitchen go through a whole meal over signed webhooks, with real RQ workers."""

from __future__ import annotations

from flows import admin
from tests.support.faces import face
from tests.support.texts import (
    AMMA_MESS_WILL_BE_PAID,
    ASKED_AMMA_MESS,
    PAY_AMMA_MESS,
    delivered,
    kitchens,
    request,
)
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard


def test_a_donor_buys_a_meal_and_sees_it_delivered(services, client, media, kitchen, clock):
    donor = Phone(client, services, "+919800000001", media)
    cook = Phone(client, services, "+919800000101", media)
    onboard(donor)

    reference = donor.photograph(face("person_a_1.jpg"), answer=False)  # the pin that follows is the yes
    donor.send(pin=SPOT, Label="Gemini bus stop")
    donor.expect(kitchens("1. Amma Mess: ₹60, 215 m"))  # "we are checking the spot" was held, then replaced

    donor.send("1")
    donor.expect(ASKED_AMMA_MESS)
    photo = cook.outbox()[-1]["media_urls"][0]
    assert photo.startswith("http://127.0.0.1:5000/photos/")
    cook.expect(request(place="Gemini bus stop", photo=photo), ref=reference)

    cook.send(f"ACCEPT {reference}")
    cook.expect(AMMA_MESS_WILL_BE_PAID, ref=reference)
    donor.expect(PAY_AMMA_MESS)
    cook.send(f"PAID {reference}")
    cook.expect([])  # told what comes next with its ACCEPT
    donor.expect([])  # their UPI app said they paid; the UPI message said they hear of the delivery
    cook.send("READY")  # not asked for, and still taken: the donor hears the meal left
    cook.expect([])
    donor.expect("The meal for order {ref} is on its way.")
    cook.send(f"DELIVERED {reference}", photo=jpeg(colour="green"))
    cook.expect([])  # nothing it does not know
    photo = donor.outbox()[-1]["media_urls"][0]
    donor.expect(delivered(photo))  # one message, the photo with it
    assert client.get(photo.removeprefix("http://127.0.0.1:5000")).status_code == 200
    donor.send("5")
    donor.expect([])  # a thank-you alone would tell the donor nothing

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
    cook.expect([])  # the kitchen is not told the rating
