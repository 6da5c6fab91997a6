"""Twilio's copies of media are deleted through its REST API: of a photo received once the message is
handled, of a photo sent once its order has ended. Recorded responses in Twilio's own JSON."""

from __future__ import annotations

from sqlalchemy import select

from domain.orders import Order, OrderStatus
from domain.people import Person
from jobs import retention
from jobs.twilio_media import release_twilio_media
from models import tables
from tests.support.twilio_http import no_content, recorded

ACCOUNT = "AC" + "a" * 32
API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages"
RECEIVED, SENT, MEDIA = "MM" + "c" * 32, "SM" + "b" * 32, "ME" + "d" * 32
DONOR = "whatsapp:+919800000001"


def received_with_media(services, handled: bool = True) -> None:
    """A donor's photo, as Twilio's webhook stored it; handled means we have our copy (or refused it)."""
    params = {"From": DONOR, "MessageSid": RECEIVED, "NumMedia": "1", "MediaUrl0": f"{API}/{RECEIVED}/Media/{MEDIA}"}
    message_id = services.store_inbound(RECEIVED, DONOR, params)
    with services.uow() as uow:
        if handled:
            uow.inbox.mark_processed(message_id, services.clock())
        uow.commit()


def releases(services) -> list[tuple]:
    with services.engine.connect() as connection:
        query = select(tables.media_releases.c["message_sid", "media_sid", "outcome", "attempts"])
        return [tuple(row) for row in connection.execute(query.order_by(tables.media_releases.c.id))]


def test_twilios_copy_of_a_received_photo_goes_once_the_message_is_handled(twilio_services):
    services, http = twilio_services(no_content())
    received_with_media(services, handled=False)
    assert release_twilio_media() == 0 and http.requests == []  # we have no copy of our own yet
    with services.uow() as uow:
        uow.inbox.mark_processed(uow.inbox.next_unprocessed(DONOR).id, services.clock())
        uow.commit()
    assert release_twilio_media() == 1
    assert [(r["method"], r["uri"]) for r in http.requests] == [("DELETE", f"{API}/{RECEIVED}/Media/{MEDIA}.json")]
    assert releases(services) == [(RECEIVED, MEDIA, "deleted", 1)]
    assert release_twilio_media() == 0 and len(http.requests) == 1


def test_twilios_copy_of_a_photo_we_sent_goes_once_its_order_has_ended(twilio_services):
    services, http = twilio_services(recorded("twilio_media_list", 200), no_content())
    now = services.clock()
    with services.uow() as uow:
        donor = uow.people.add(Person(DONOR, now))
        order = uow.orders.add(Order(reference="K7QX", donor_id=donor.id, created_at=now, photo_id=None))
        order.status = OrderStatus.IN_TRANSIT.value
        order_id = order.id
        uow.outbox.send("whatsapp:+919800000101", "New meal request K7QX", (services.links.link(5, order_id, 1),))
        uow.commit()
        message_id = uow.session.scalar(select(tables.outbound_messages.c.id))
    with services.uow() as uow:
        uow.sent.record(message_id, status="sent", twilio_sid=SENT)
        uow.commit()
    assert release_twilio_media() == 0 and http.requests == []  # the kitchen may still need it
    with services.uow() as uow:
        uow.orders.get(order_id).move_to(OrderStatus.DELIVERED, now)
        uow.commit()
    assert release_twilio_media() == 1
    assert [(r["method"], r["uri"]) for r in http.requests] == [
        ("GET", f"{API}/{SENT}/Media.json"),
        ("DELETE", f"{API}/{SENT}/Media/{MEDIA}.json"),
    ]
    assert releases(services) == [(SENT, "", "deleted", 1)]


def test_a_delete_twilio_could_not_take_is_tried_again_and_one_already_gone_is_done(twilio_services):
    services, http = twilio_services(recorded("twilio_503", 503), recorded("twilio_media_404", 404))
    received_with_media(services)
    assert release_twilio_media() == 1
    assert releases(services) == [(RECEIVED, MEDIA, None, 1)]
    assert retention.privacy_report()["twilio_media"]["past_retention"] == 1  # still held
    assert release_twilio_media() == 1
    assert releases(services) == [(RECEIVED, MEDIA, "gone", 2)]
    assert retention.privacy_report()["twilio_media"]["past_retention"] == 0
    assert len(http.requests) == 2


def test_without_twilio_a_release_is_recorded_not_sent(services):
    received_with_media(services)
    assert release_twilio_media() == 1
    assert releases(services) == [(RECEIVED, MEDIA, "recorded", 1)]
