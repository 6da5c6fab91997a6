"""The simulator's pages: a number's whole chat both ways, in India time, photos kept or said to be gone."""

from __future__ import annotations

from bot.web import dev
from tests.support.texts import (
    AMMA_MESS_FROM_SPOT,
    ASKED_AMMA_MESS,
    CONSENT,
    NO_FACE,
    WELCOME,
    request,
)
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard

DONOR = "+919800000001"
NOON = "26 Nov 12:00 IST"  # tests.support.stack.NOON_IN_CHENNAI, 06:30 UTC


def conversation(client, phone: str, after: str = "0.0") -> dict:
    response = client.get("/dev/simulator/conversation", query_string={"phone": phone, "after": after})
    assert response.status_code == 200
    return response.get_json()


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
