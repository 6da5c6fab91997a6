"""The simulator's pages: a number's whole chat both ways on either channel, in India time, how each of the bot's
messages went, photos kept or said to be gone, and the SMS phone's texts posted as Twilio posts them."""

from __future__ import annotations

import requests

from bot.web import dev
from domain.channels import MessageKind
from tests.support.sms import SmsPhone
from tests.support.texts import (
    AMMA_MESS_FROM_SPOT,
    ASKED_AMMA_MESS,
    CONSENT,
    NO_FACE,
    WELCOME,
    request,
)
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

DONOR = "+919800000001"
SMS_PHONE = "+919800000201"  # the simulator's phone without WhatsApp
NOON = "26 Nov 12:00 IST"  # tests.support.stack.NOON_IN_CHENNAI, 06:30 UTC
TEMPLATE = "HX" + "0123456789abcdef" * 2
HOW = ("channel", "content_sid", "kind", "status", "reason", "error")


def conversation(client, phone: str, after: str = "0.0", channel: str = "whatsapp") -> dict:
    query = {"phone": phone, "after": after, "channel": channel}
    response = client.get("/dev/simulator/conversation", query_string=query)
    assert response.status_code == 200
    return response.get_json()


def went(message: dict) -> tuple:
    return tuple(message[key] for key in HOW)


def said(messages: list[dict]) -> list[tuple[str, str]]:
    return [(message["direction"], message["body"]) for message in messages]


def test_the_chat_holds_what_the_person_sent_and_was_sent_in_order_in_india_time(services, client, clock):
    donor = Phone(client, services, DONOR)
    donor.send("hi")
    clock.advance(minutes=1)
    donor.send("1")
    chat = conversation(client, DONOR)
    assert said(chat["messages"]) == [
        ("in", "hi"),
        ("out", WELCOME),
        ("in", "1"),
        ("out", CONSENT),
    ]
    assert [message["time"] for message in chat["messages"]] == [NOON, NOON, "26 Nov 12:01 IST", "26 Nov 12:01 IST"]
    assert chat["messages"][0]["sid"].startswith("SM") and chat["cursor"] == "2.2"
    assert conversation(client, DONOR, chat["cursor"]) == {"messages": [], "cursor": "2.2"}
    donor.send("yes")
    assert said(conversation(client, DONOR, chat["cursor"])["messages"])[0] == ("in", "yes")
    assert conversation(client, "+919800000002")["messages"] == []  # another number: a chat of its own


def test_a_sent_pin_and_photo_are_kept_with_a_thumbnail_until_the_upload_is_gone(services, client):
    with client.application.app_context():
        folder = dev.uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abc123").write_bytes(jpeg())
    base = services.settings.public_base_url
    donor = Phone(client, services, DONOR)
    donor.post(Latitude="13.0604", Longitude="80.2496", Label="Gemini bus stop")
    donor.post(Body="this one", NumMedia="1", MediaUrl0=f"{base}/dev/media/abc123", MediaContentType0="image/jpeg")
    donor.post(NumMedia="1", MediaUrl0=f"{base}/dev/media/deleted1", MediaContentType0="image/jpeg")
    pin, photo, gone = conversation(client, DONOR)["messages"]
    assert pin["location"] == {"lat": "13.0604", "lng": "80.2496", "label": "Gemini bus stop"}
    assert photo["body"] == "this one"
    assert photo["photos"] == [{"url": f"{base}/dev/media/abc123", "available": True}]
    assert gone["photos"] == [{"url": f"{base}/dev/media/deleted1", "available": False}]


def test_an_expired_photo_link_is_shown_as_no_longer_available(services, client, media, kitchen, clock):
    donor = Phone(client, services, DONOR, media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([NO_FACE, AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    asked = conversation(client, "+919800000101")["messages"][-1]
    link = asked["photos"][0]["url"]
    assert asked["body"] == request(photo=link).replace("{ref}", donor.reference)
    assert asked["photos"] == [{"url": link, "available": True}]
    clock.advance(seconds=services.settings.photo_link_seconds + 1)  # links age by the app's clock
    assert conversation(client, "+919800000101")["messages"][-1]["photos"] == [{"url": None, "available": False}]


def test_the_page_offers_the_kitchens_and_the_favicon_is_no_404(services, client, kitchen):
    page = client.get("/dev/simulator").get_data(as_text=True)
    assert '<option value="+919800000101" data-name="Amma Mess">Amma Mess (verified, 5 left today)</option>' in page
    assert '<link rel="icon" href="data:image/svg+xml,' in page
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 204


def test_each_of_the_bots_messages_says_how_it_went_and_one_still_pending_comes_again(services, client):
    donor = Phone(client, services, DONOR)
    donor.send("hi")
    chat = conversation(client, DONOR)
    assert went(chat["messages"][1]) == (
        "whatsapp",
        None,
        "reply",
        "stored",
        "inside the 24-hour window: free text",
        None,
    )
    assert client.post("/dev/channels/window", data={"phone": DONOR, "state": "closed"}).status_code == 200
    with services.uow() as uow:
        uow.templates.set(MessageKind.STATUS_CHANGE, "en", TEMPLATE, services.clock())
        status = {"ref": "K7QX", "status": "on its way"}
        uow.outbox.send(
            donor.address, "The meal for order K7QX is on its way.", kind=MessageKind.STATUS_CHANGE, variables=status
        )
        uow.outbox.send(donor.address, "Thank you.")  # a reply has no template
        uow.commit()

    queued = conversation(client, DONOR, chat["cursor"])
    assert [went(message) for message in queued["messages"]] == [
        (None, None, kind, "queued", None, None) for kind in ("status_change", "reply")
    ]
    assert queued["cursor"] == chat["cursor"]  # the next poll carries them again
    run_jobs(services)
    sent = conversation(client, DONOR, queued["cursor"])
    assert [message["id"] for message in sent["messages"]] == [message["id"] for message in queued["messages"]]
    assert [went(message) for message in sent["messages"]] == [
        ("whatsapp", TEMPLATE, "status_change", "stored", "outside the 24-hour window: status_change template", None),
        ("sms", None, "reply", "stored", "outside the 24-hour window, no reply template in en: SMS", None),
    ]
    assert conversation(client, DONOR, sent["cursor"]) == {"messages": [], "cursor": sent["cursor"]}

    texts = SmsPhone(client, services, DONOR)  # the same number, texting from a phone without WhatsApp
    texts.send("STOP")
    with services.uow() as uow:
        uow.outbox.send(donor.address, "Thank you.")
        uow.commit()
    run_jobs(services)
    (not_sent,) = conversation(client, DONOR, sent["cursor"])["messages"]
    reason = "outside the 24-hour window, no reply template in en; the person sent STOP on SMS"
    assert went(not_sent) == (None, None, "reply", "not_sent", reason, None)
    stop, confirmed = conversation(client, DONOR, channel="sms")["messages"]  # the SMS chat of the same number
    assert (stop["direction"], stop["body"]) == ("in", "STOP")
    assert went(confirmed) == ("sms", None, "stop_confirmation", "stored", "the person uses SMS: SMS", None)


def test_a_chat_is_on_whatsapp_or_sms_and_nothing_else(client):
    response = client.get("/dev/simulator/conversation", query_string={"phone": DONOR, "channel": "telegram"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "channel must be whatsapp or sms"}


def test_the_sms_phone_texts_as_twilio_posts_an_sms_and_reads_the_replies_in_its_own_chat(live):
    services, base = live
    send = f"{base}/dev/simulator/send"
    answer = requests.post(
        send, data={"phone": SMS_PHONE, "channel": "sms", "body": "FEED 600006 Greams Road"}, timeout=10
    )
    assert answer.status_code == 200 and answer.json()["status"] == 200
    run_jobs(services)
    with services.uow() as uow:
        (stored,) = uow.inbox.from_sender(SMS_PHONE)
    assert {key: stored.params[key] for key in ("From", "To", "Body", "NumMedia")} == {
        "From": SMS_PHONE,  # no whatsapp: prefix
        "To": dev.SMS_NUMBER,  # TWILIO_SMS_FROM is not set in development
        "Body": "FEED 600006 Greams Road",
        "NumMedia": "0",
    }
    assert "WaId" not in stored.params and "ProfileName" not in stored.params

    chat = requests.get(f"{base}/dev/simulator/conversation", params={"phone": SMS_PHONE, "channel": "sms"}, timeout=5)
    messages = chat.json()["messages"]
    assert messages[0]["body"] == "FEED 600006 Greams Road"
    replies = messages[1:]
    checking = replies[1]["body"].split("\n")[-1]  # after the languages offered, in the same SMS
    assert checking.startswith("Order ") and checking.endswith(
        ": near Greams Road S.O, 600006. We are checking the spot."
    )
    assert {(message["channel"], message["reason"]) for message in replies} == {("sms", "the person uses SMS: SMS")}
    whatsapp = requests.get(f"{base}/dev/simulator/conversation", params={"phone": SMS_PHONE}, timeout=5)
    assert whatsapp.json()["messages"] == []  # the same number on WhatsApp: another chat

    photo = {"photo": ("p.jpg", jpeg(), "image/jpeg")}
    refused = requests.post(send, data={"phone": SMS_PHONE, "channel": "sms", "body": "hi"}, files=photo, timeout=10)
    pinned = requests.post(
        send, data={"phone": SMS_PHONE, "channel": "sms", "lat": "13.06", "lng": "80.25"}, timeout=10
    )
    assert [refused.status_code, pinned.status_code] == [400, 400]
    assert refused.json() == {"error": "an SMS carries text only: no photo, no location"}
    unknown = requests.post(send, data={"phone": SMS_PHONE, "channel": "fax", "body": "hi"}, timeout=10)
    assert unknown.status_code == 400
