"""STOP and START over signed webhooks, on WhatsApp and SMS, with real RQ workers."""

from __future__ import annotations

import pytest

from tests.support.sms import SmsPhone
from tests.support.texts import HELP
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

STOPPED = "You will get no more messages from Ketpaar. Send START to get them again."
WELCOME_BACK = "Welcome back: you will get messages from Ketpaar again. Send HELP to see what you can do."
SMS_HELP = (
    "To buy a meal, send FEED, the PIN code and a landmark. Also: NOTE, STOP, STATUS, CANCEL, PAID, LANG.\n"
    "Give ahead: CREDIT 10 AMMA, PLEDGE 600 MONTH, GIVE <ref> 20, IMPACT. Cannot pay? USE PLEDGE."
)


def queue(services, address: str, body: str) -> None:
    with services.uow() as uow:
        uow.outbox.send(address, body)
        uow.commit()
    run_jobs(services)


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_stop_holds_every_message_until_start(services, client, channel):
    if channel == "whatsapp":
        donor = Phone(client, services, "+919800000001")
        onboard(donor)
    else:
        donor = SmsPhone(client, services, "+919800000001")
        donor.send("hi")
        donor.replies()  # what to send, and the languages offered: checked in test_sms_meal
    donor.send("STOP")
    donor.expect(STOPPED)
    donor.send("hello")  # kept, not answered
    queue(services, donor.address, "A notice nobody should read.")
    donor.send("Stop")  # no second confirmation
    since_stop = donor.outbox()[-2:]
    stopped_on = "WhatsApp" if channel == "whatsapp" else "SMS"
    assert [(m["kind"], m["status"], m["channel"], m["reason"]) for m in since_stop] == [
        ("stop_confirmation", "stored", channel, since_stop[0]["reason"]),
        ("reply", "not_sent", None, f"the person sent STOP on {stopped_on}"),
    ]
    donor.seen = len(donor.outbox())  # the unsent notice is not something the person read
    donor.send("START")
    donor.expect(WELCOME_BACK)
    donor.send("HELP")
    donor.expect(HELP if channel == "whatsapp" else SMS_HELP)


def test_a_donor_who_stops_on_whatsapp_has_the_order_cancelled_and_the_kitchen_told(services, client, media, kitchen):
    donor = Phone(client, services, "+919800000001", media)
    cook = Phone(client, services, "+919800000101")
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    donor.replies()
    cook.replies()
    donor.send("நிறுத்து")
    donor.expect("Order {ref} is cancelled. No money was taken.\n" + STOPPED)
    cook.expect("Order {ref} was cancelled by the donor. Please do not cook it.", ref=donor.reference)
