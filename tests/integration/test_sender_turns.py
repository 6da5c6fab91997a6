"""One worker per sender: a second job for a busy sender returns at once, and nothing is left behind."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, select

from flows import router
from jobs import sweeps
from jobs.inbound import handle_inbound
from models import tables
from tests.support.texts import CONSENT, HELP, READY, WELCOME
from tests.support.whatsapp import Phone, run_jobs

# Only a failure waits this long: a job that waited for the sender's lock instead of returning.
STUCK = 30


@pytest.fixture
def locks_give_up(services):
    """A lock wait raises after a few seconds: a job blocking on a busy sender fails the test, not hangs it."""
    services.engine.dispose()
    event.listen(services.engine, "connect", _set_lock_timeout)
    yield
    event.remove(services.engine, "connect", _set_lock_timeout)


def _set_lock_timeout(connection, _record) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '5s'")
    connection.commit()


def stored_ids(services, phone: Phone) -> list[int]:
    inbound = tables.inbound_messages.c
    with services.engine.connect() as connection:
        return list(connection.scalars(select(inbound.id).where(inbound.sender == phone.address).order_by(inbound.id)))


def waiting(services) -> int:
    inbound = tables.inbound_messages.c
    with services.engine.connect() as connection:
        return len(connection.scalars(select(inbound.id).where(inbound.processed_at.is_(None))).all())


def test_jobs_for_a_busy_sender_return_at_once_and_the_holder_handles_their_messages(services, client, monkeypatch):
    donor = Phone(client, services, "+919800000001")
    for body in ("hi", "1", "yes", "HELP"):
        donor.post(Body=body)
    services.queue.empty()  # the jobs are run by hand below
    first, *later = stored_ids(services, donor)
    holder_inside, others_returned = threading.Event(), threading.Event()
    handle = router.handle

    def handle_slowly(uow, links, now, inbound, *rules):
        if inbound.text == "hi":
            holder_inside.set()
            others_returned.wait(STUCK)  # the holder is busy while the other jobs run
        handle(uow, links, now, inbound, *rules)

    monkeypatch.setattr(router, "handle", handle_slowly)
    holder = threading.Thread(target=handle_inbound, args=(first,))
    holder.start()
    assert holder_inside.wait(STUCK)
    others = threading.Thread(target=lambda: [handle_inbound(message_id) for message_id in later])
    others.start()
    others.join(STUCK)
    returned = not others.is_alive()
    others_returned.set()
    holder.join(STUCK)
    others.join(STUCK)
    assert returned, "a job for a busy sender waited for it instead of returning"
    assert waiting(services) == 0  # the holder went on to the messages whose jobs had returned
    run_jobs(services)
    donor.expect([WELCOME, CONSENT, READY, HELP])


def test_a_message_that_arrives_while_the_holder_finishes_is_not_left_behind(
    services, client, monkeypatch, locks_give_up
):
    donor = Phone(client, services, "+919800000001")
    donor.post(Body="hi")
    services.queue.empty()
    (first,) = stored_ids(services, donor)
    handle = router.handle

    def a_message_arrives_meanwhile(uow, links, now, inbound, *rules):
        if inbound.text == "hi":
            donor.post(Body="1")  # stored and its job queued, then run while this one has the sender
            run_jobs(services)
        handle(uow, links, now, inbound, *rules)

    monkeypatch.setattr(router, "handle", a_message_arrives_meanwhile)
    handle_inbound(first)
    assert waiting(services) == 0  # the holder looked again with the sender free, and handled "1"
    run_jobs(services)  # the replies' send jobs
    donor.expect([WELCOME, CONSENT])


def test_other_senders_queued_behind_a_backlog_take_their_turn_in_arrival_order(services, client):
    busy, other = Phone(client, services, "+919800000001"), Phone(client, services, "+919800000002")
    busy.post(Body="hi")
    other.post(Body="hi")
    busy.post(Body="1")
    run_jobs(services)  # one worker: the busy sender's first job does not take "1", whose job is queued
    with services.engine.connect() as connection:
        outbound = tables.outbound_messages.c
        told = connection.execute(select(outbound.to_address, outbound.body).order_by(outbound.id)).all()
    assert [tuple(row) for row in told] == [(busy.address, WELCOME), (other.address, WELCOME), (busy.address, CONSENT)]


def test_the_sweeper_never_enqueues_a_message_twice(services, client, clock):
    donor = Phone(client, services, "+919800000001")
    for body in ("hi", "1", "yes"):
        donor.post(Body=body)
    services.queue.empty()  # their jobs were lost
    clock.advance(minutes=2)
    assert sweeps.requeue_inbound() == 3
    assert sweeps.requeue_inbound() == 3  # still waiting: seen again, queued once
    queued_once = [f"handle_inbound-{message_id}" for message_id in stored_ids(services, donor)]
    assert sorted(services.queue.job_ids) == queued_once
    run_jobs(services)
    donor.expect([WELCOME, CONSENT, READY])
    clock.advance(minutes=2)
    assert sweeps.requeue_inbound() == 0 and services.queue.count == 0
