"""The right channel for every outbound message, on the real stack, with Twilio's client answering
from recorded responses at its HTTP layer (errors in Twilio's own JSON: 63016, 21610)."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest

from bot.web.app import create_app
from flows import admin
from jobs.outbound import send_message
from tests.support.outbound import DONOR, queue_reply, row
from tests.support.texts import (
    AMMA_MESS_FROM_SPOT,
    AMMA_MESS_WILL_BE_PAID,
    ASKED_AMMA_MESS,
    NO_FACE,
    PAY_AMMA_MESS,
    request,
)
from tests.support.twilio_answers import TwilioAnswers
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs, signature

SMS_FROM = "+15005550006"
KITCHEN = "whatsapp:+919800000101"
KITCHEN_NUMBER = "+919800000101"
TEMPLATE = "HX" + "0123456789abcdef" * 2
DLT_NEW_ORDER = "1107161234567890123"
NONE_NEAR = (
    "No kitchen near this spot can cook order {ref} now. We keep the order and its photo, and will tell you "
    "when a kitchen can, within 30 minutes. You may also share another location, or send CANCEL."
)
NONE_LEFT = (
    "No other kitchen near you can cook now. We keep the order and will tell you when one can, "
    "within 30 minutes. You may also share another location, or send CANCEL."
)


@pytest.fixture
def twilio(twilio_stack):
    """Services whose Twilio client answers every message as created, unless told to fail one."""

    def build(sms_from: str = SMS_FROM, channel: str = "whatsapp"):
        http = TwilioAnswers()
        services = twilio_stack(http, twilio_sms_from=sms_from, sms_dlt_templates=(f"new_order={DLT_NEW_ORDER}",))
        new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True)
        with services.uow() as uow:
            admin.add_kitchen(uow, dataclasses.replace(new, channel=channel), services.clock())
        return services, http

    return build


def cli(services, *args: str):
    result = create_app(services).test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def donor_chooses_amma_mess(services, media) -> Phone:
    donor = Phone(create_app(services).test_client(), services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([NO_FACE, AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    return donor


def photo_link(phone: Phone) -> str:
    """The signed link to the seeker's photo that the kitchen was sent (it differs each time one is made)."""
    link = phone.outbox()[0]["media_urls"][0]
    assert link.startswith("http://127.0.0.1:5000/photos/")
    return link


def test_a_kitchen_that_never_wrote_gets_its_order_as_the_template_and_its_reply_opens_the_window(twilio, media):
    services, http = twilio()
    assert "new_order (en): " + TEMPLATE in cli(services, "templates", "set", "NEW_ORDER", TEMPLATE)
    donor = donor_chooses_amma_mess(services, media)
    kitchen = Phone(donor.client, services, KITCHEN_NUMBER)
    ref, photo = donor.reference, photo_link(kitchen)
    variables = {
        "1": ref,
        "2": "₹60",
        "3": "13.06040, 80.24960",
        "4": "https://maps.google.com/?q=13.060400,80.249600",
        "5": photo,
        "6": "5",
    }
    [asked] = http.posted_to(KITCHEN)
    assert "Body" not in asked and "MediaUrl" not in asked
    assert (asked["From"], asked["ContentSid"]) == ("whatsapp:+14155238886", TEMPLATE)
    assert json.loads(asked["ContentVariables"]) == variables
    [shown] = kitchen.outbox()
    assert {key: shown[key] for key in ("to", "body", "channel", "content_sid", "content_variables", "status")} == {
        "to": KITCHEN,
        "body": request(photo=photo).replace("{ref}", ref),
        "channel": "whatsapp",
        "content_sid": TEMPLATE,
        "content_variables": variables,
        "status": "sent",
    }
    assert shown["reason"] == "outside the 24-hour window: new_order template" and shown["kind"] == "new_order"
    kitchen.seen = 1
    kitchen.send("ACCEPT")  # the kitchen's reply opens its window: free text from now on
    kitchen.expect(AMMA_MESS_WILL_BE_PAID.replace("{ref}", ref))
    assert http.posted_to(KITCHEN)[-1]["Body"] == AMMA_MESS_WILL_BE_PAID.replace("{ref}", ref)
    assert "ContentSid" not in http.posted_to(KITCHEN)[-1]
    donor.expect(PAY_AMMA_MESS)  # inside the donor's window: free text, no template needed
    assert kitchen.outbox()[-1]["reason"] == "inside the 24-hour window: free text"


def test_without_a_template_the_order_goes_by_sms_with_its_dlt_template_id(twilio, media):
    services, http = twilio()
    donor = donor_chooses_amma_mess(services, media)
    kitchen = Phone(donor.client, services, KITCHEN_NUMBER)
    body = request(photo=photo_link(kitchen)).replace("{ref}", donor.reference)
    assert http.posted_to(KITCHEN) == []
    [sms] = http.posted_to(KITCHEN_NUMBER)
    assert (sms["From"], sms["Body"], "MediaUrl" in sms) == (SMS_FROM, body, False)
    [shown] = kitchen.outbox()
    assert (shown["to"], shown["body"], shown["channel"], shown["content_sid"], shown["dlt_template_id"]) == (
        KITCHEN,
        body,
        "sms",
        None,
        DLT_NEW_ORDER,
    )
    assert shown["reason"] == "outside the 24-hour window, no new_order template in en: SMS"


def test_whatsapp_refusing_a_reply_with_63016_sends_it_by_sms_at_once(twilio):
    services, http = twilio()
    http.fail_next(DONOR, "twilio_63016", 400)
    message_id = queue_reply(services)
    send_message(message_id)
    assert [(r["data"]["To"], r["data"]["Body"]) for r in http.requests] == [
        (DONOR, "Welcome to Ketpaar."),
        ("+919800000001", "Welcome to Ketpaar."),
    ]
    stored = row(services, message_id)
    assert (stored.status, stored.channel, stored.whatsapp_refused, stored.attempts) == ("sent", "sms", True, 2)
    assert stored.channel_reason == "WhatsApp refused it: SMS" and "63016" in stored.error


def test_63016_for_a_new_order_without_sms_moves_the_order_on_at_once(twilio, media, clock):
    services, http = twilio(sms_from="")
    with services.uow() as uow:  # the kitchen wrote 23 hours ago, as far as we know
        uow.channels.heard_from(KITCHEN, clock() - timedelta(hours=23))
        uow.commit()
    http.fail_next(KITCHEN, "twilio_63016", 400)
    donor = Phone(create_app(services).test_client(), services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect(
        [
            NO_FACE,
            AMMA_MESS_FROM_SPOT,
            ASKED_AMMA_MESS,
            f"Amma Mess cannot cook order {{ref}}.\n{NONE_LEFT}",
        ]
    )
    [shown] = Phone(donor.client, services, KITCHEN_NUMBER).outbox()
    assert (shown["status"], shown["channel"]) == ("not_sent", None)
    assert shown["reason"] == "WhatsApp refused it; no SMS sender configured"


def test_a_failure_reported_by_the_status_callback_goes_again_by_sms_once(twilio):
    services, http = twilio()
    message_id = queue_reply(services)
    send_message(message_id)
    client = create_app(services).test_client()
    sid = row(services, message_id).twilio_sid
    for status in ("undelivered", "failed", "sent"):  # a repeat, and a late `sent`, change nothing
        params = {"MessageSid": sid, "MessageStatus": status, "ErrorCode": "63016", "To": DONOR}
        headers = {"X-Twilio-Signature": signature(services, "/twilio/status", params)}
        assert client.post("/twilio/status", data=params, headers=headers).status_code == 204
        run_jobs(services)
    shown = Phone(client, services, "+919800000001").outbox()
    assert [(m["channel"], m["status"], m["body"]) for m in shown] == [
        ("whatsapp", "undelivered", "Welcome to Ketpaar."),
        ("sms", "sent", "Welcome to Ketpaar."),
    ]
    assert [r["data"]["To"] for r in http.requests] == [DONOR, "+919800000001"]


def test_twilios_opt_out_21610_stops_an_sms_kitchen_and_its_order_goes_on_at_once(twilio, media):
    services, http = twilio(channel="sms")
    http.fail_next(KITCHEN_NUMBER, "twilio_21610", 400)
    donor = Phone(create_app(services).test_client(), services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    moved = "Amma Mess can no longer take orders, so your order needs another kitchen."
    donor.expect([NO_FACE, AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, f"{moved}\n{NONE_NEAR}"])
    with services.uow() as uow:
        assert uow.channels.stopped(KITCHEN_NUMBER) and not uow.channels.stopped(KITCHEN)
        assert uow.kitchens.get(1).paused_at is not None
        uow.outbox.send(KITCHEN_NUMBER, "Good news: Amma Mess can take orders again.")
        uow.commit()
    run_jobs(services)  # nothing more goes to a number that opted out
    assert len(http.posted_to(KITCHEN_NUMBER)) == 1
    shown = Phone(donor.client, services, KITCHEN_NUMBER)
    shown.address = KITCHEN_NUMBER
    assert [(m["status"], m["reason"]) for m in shown.outbox()] == [
        ("failed", "the person uses SMS: SMS"),  # the order and its place, in one SMS
        ("not_sent", "the person sent STOP on SMS"),
    ]


def test_templates_are_set_listed_and_unset_by_kind_and_language(twilio):
    services, _ = twilio()
    runner = create_app(services).test_cli_runner()
    assert runner.invoke(args=["templates", "set", "reply", TEMPLATE]).exit_code != 0  # a reply has no template
    assert "not a Content SID" in runner.invoke(args=["templates", "set", "upi_link", "HX12"]).output
    cli(services, "templates", "set", "upi_link", TEMPLATE, "--lang", "ta")
    listed = json.loads(cli(services, "templates", "list", "--json"))
    assert [entry for entry in listed if entry["content_sid"]] == [
        {
            "kind": "upi_link",
            "language": "ta",
            "content_sid": TEMPLATE,
            "variables": ["kitchen", "ref", "amount", "link"],
            "category": "utility",  # Meta's cheapest category that fits: it is about the person's own order
        }
    ]
    assert len(listed) == 6 * 3  # every kind that may start a conversation, in each language
    assert "upi_link (ta): removed" in cli(services, "templates", "unset", "upi_link", "--lang", "ta")
    assert all(entry["content_sid"] is None for entry in json.loads(cli(services, "templates", "list", "--json")))


def test_a_phone_put_outside_the_window_gets_its_next_notice_by_sms(services, client):
    donor = Phone(client, services, "+919800000001")
    onboard(donor)
    state = client.get("/dev/channels", query_string={"phone": "+919800000001"}).get_json()
    assert state["whatsapp"]["window_open"] and not state["whatsapp"]["stopped"]
    assert state["whatsapp"]["last_inbound_time"] == "26 Nov 12:00 IST"  # as the simulator shows times
    assert state["sms"] == {
        "address": "+919800000001",
        "last_inbound_at": None,
        "last_inbound_time": None,
        "window_open": False,
        "stopped": False,
    }
    closed = client.post("/dev/channels/window", data={"phone": "+919800000001", "state": "closed"}).get_json()
    assert not closed["whatsapp"]["window_open"]
    with services.uow() as uow:
        uow.outbox.send(donor.address, "Amma Mess received your payment.")
        uow.commit()
    run_jobs(services)
    assert [donor.outbox()[-1][key] for key in ("channel", "content_sid", "reason")] == [
        "sms",
        None,
        "outside the 24-hour window, no reply template in en: SMS",
    ]
    assert client.post("/dev/channels/window", data={"phone": "98000"}).status_code == 400
    opened = client.post("/dev/channels/window", data={"phone": "+919800000001", "state": "open"}).get_json()
    assert opened["whatsapp"]["window_open"]
