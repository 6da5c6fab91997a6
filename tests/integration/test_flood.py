"""Nobody floods it: past a sender's rate their messages are kept, not handled, and no one else waits."""

from __future__ import annotations

import dataclasses
from collections import Counter

from redis import Redis
from sqlalchemy import func, select

from compose import flood_guard
from jobs import sweeps
from models import tables
from tests.support.faces import face
from tests.support.texts import AMMA_MESS_FROM_SPOT, CONSENT, HELP, WELCOME
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

SLOW_DOWN = "You are sending messages very fast. Please wait a minute; your messages are kept."
TOO_MANY_PHOTOS = "You have sent many photos this hour, so we did not use this one. Please send it again later."
FACE_NOT_CHECKED = (
    "Many photos from your number were checked this hour, so we did not check the face in the photo "
    "for order {ref}. The order goes on."
)
NO_FACE = (
    "We could not see a face in the photo for order {ref}. "
    "The order goes on; a clear photo of the face helps next time."
)


def told_in_order(services, since: int = 0) -> list[tuple[str, str]]:
    """Every reply, to whom, in the order the workers wrote them (outbound ids are a sequence)."""
    outbound = tables.outbound_messages.c
    query = select(outbound.to_address, outbound.body).where(outbound.id > since).order_by(outbound.id)
    with services.engine.connect() as connection:
        return [(to, body) for to, body in connection.execute(query)]


def last_reply_id(services) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(select(tables.outbound_messages.c.id).order_by(tables.outbound_messages.c.id.desc()))


def states(services, phone: Phone) -> Counter:
    inbound = tables.inbound_messages.c
    with services.engine.connect() as connection:
        return Counter(connection.scalars(select(inbound.state).where(inbound.sender == phone.address)))


def ready_donor(client, services, clock, number: str) -> Phone:
    """An onboarded donor whose bucket has filled again since (onboarding took three messages)."""
    donor = Phone(client, services, number)
    onboard(donor)
    clock.advance(minutes=2)
    return donor


def test_200_messages_in_10_seconds_are_answered_within_the_rate_and_no_one_else_waits(services, client, clock):
    flooder = ready_donor(client, services, clock, "+919800000001")
    other = Phone(client, services, "+919800000002")
    before = last_reply_id(services)
    for number in range(200):  # one every 50 ms, and all stored before a worker runs
        if number == 30:
            other.post(Body="hi")
        if number == 100:
            other.post(Body="1")
        assert flooder.post(Body="HELP").status_code == 200
        clock.advance(milliseconds=50)
    run_jobs(services)  # one worker, one run

    # 20 at once, then one every 3 s: messages 60, 120 and 180 (at 3, 6 and 9 s). One slow-down
    # reply at the 21st. The other donor is answered in its place in the queue, between them.
    f, o = flooder.address, other.address
    assert told_in_order(services, since=before) == [
        *[(f, HELP)] * 20,
        (f, SLOW_DOWN),
        (o, WELCOME),
        (f, HELP),
        (o, CONSENT),
        (f, HELP),
        (f, HELP),
    ]
    assert states(services, flooder) == Counter(handled=23 + 3, held=177)  # + onboarding's three
    assert states(services, other) == Counter(handled=2)
    clock.advance(minutes=2)
    assert sweeps.requeue_inbound() == 0  # held messages are settled: never replayed


def test_a_sender_still_flooding_is_told_once_a_minute(services, client, clock):
    flooder = ready_donor(client, services, clock, "+919800000001")
    flooder.replies()
    for pause in (0, 30, 31):  # bursts of 30 at 0 s, 30 s and 61 s, 10 ms apart
        clock.advance(seconds=pause)
        for _ in range(30):
            flooder.post(Body="HELP")
            clock.advance(milliseconds=10)
    run_jobs(services)
    # 20 from the full bucket; 10 tokens back after 30 s, and 10 more after 61 s. Told at 0.2 s and
    # at 61.1 s, not at 30.1 s: a minute had not passed.
    flooder.expect([*[HELP] * 20, SLOW_DOWN, *[HELP] * 10, *[HELP] * 10, SLOW_DOWN])


def test_other_senders_have_their_own_buckets(services, client, clock):
    first = ready_donor(client, services, clock, "+919800000001")
    second = ready_donor(client, services, clock, "+919800000002")
    first.replies(), second.replies()
    for _ in range(25):
        first.post(Body="HELP")
        second.post(Body="HELP")
    run_jobs(services)
    first.expect([*[HELP] * 20, SLOW_DOWN])
    second.expect([*[HELP] * 20, SLOW_DOWN])


def test_with_redis_unreachable_every_message_is_handled(services, client, clock):
    flooder = ready_donor(client, services, clock, "+919800000001")
    flooder.replies()
    services.flood = flood_guard(services.settings, Redis.from_url("redis://127.0.0.1:9/0"))  # nothing listens
    for _ in range(25):
        flooder.post(Body="HELP")
    run_jobs(services)
    flooder.expect([HELP] * 25)


def test_a_photo_past_the_photo_limit_is_not_used_and_the_order_goes_on(services, client, clock, media, kitchen):
    services.flood = flood_guard(dataclasses.replace(services.settings, flood_photos_per_hour=1), services.redis)
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.expect(NO_FACE)  # the photo job looked at the first photo
    donor.send(photo=jpeg(colour="blue"))
    donor.expect(TOO_MANY_PHOTOS)
    assert len(media.requests) == 1  # the second photo was not even fetched
    donor.send(pin=SPOT)
    donor.expect([AMMA_MESS_FROM_SPOT])
    clock.advance(hours=1)  # the bucket has filled again
    donor.send("CANCEL")
    donor.replies()
    donor.photograph(jpeg())
    donor.expect(NO_FACE)


def test_a_face_check_past_its_limit_is_skipped_with_a_reply_and_the_order_goes_on(
    services, client, clock, media, kitchen
):
    services.flood = flood_guard(dataclasses.replace(services.settings, flood_face_checks_per_hour=1), services.redis)
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(face("person_a_1.jpg"))
    donor.expect([])  # one face: compared with earlier seekers, nothing to say
    donor.send("CANCEL")
    donor.replies()
    second = donor.photograph(face("person_a_1.jpg"))
    donor.expect(FACE_NOT_CHECKED)
    donor.send(pin=SPOT)
    donor.expect([AMMA_MESS_FROM_SPOT])
    assert faces_kept_for(services, second) == 0  # not compared, so not kept for comparing either


def faces_kept_for(services, reference: str) -> int:
    orders, faces = tables.orders.c, tables.face_embeddings.c
    query = select(func.count()).select_from(tables.face_embeddings.join(tables.orders, orders.id == faces.order_id))
    with services.engine.connect() as connection:
        return connection.scalar(query.where(orders.reference == reference))
