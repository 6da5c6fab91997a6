"""Every reply is a row, then a send job; Twilio's client talks to recorded responses."""

from __future__ import annotations

import pytest
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from bot.web.app import create_app
from domain.combining import INTERIM_HOLD
from jobs import sweeps
from jobs.outbound import send_message
from models import tables
from tests.support.outbound import DONOR, queue_reply, row
from tests.support.stack import NOON_IN_CHENNAI
from tests.support.twilio_http import recorded
from tests.support.whatsapp import signature


def test_a_reply_is_sent_through_twilio_once_with_its_sid_recorded(twilio_services):
    services, http = twilio_services(recorded("twilio_message_created", 201))
    message_id = queue_reply(services)
    send_message(message_id)
    send_message(message_id)  # a duplicate job has no second effect
    assert len(http.requests) == 1
    sent = http.requests[0]
    assert sent["uri"].endswith("/Accounts/" + "AC" + "a" * 32 + "/Messages.json")
    assert sent["data"]["To"] == DONOR and sent["data"]["From"] == "whatsapp:+14155238886"
    # Twilio can only fetch public https media; a local link would fail the whole send.
    assert sent["data"]["MediaUrl"] == ["https://ketpaar.example/photos/abc"]
    assert sent["data"]["StatusCallback"] == f"http://127.0.0.1:5000/twilio/status?row={message_id}"  # our key
    stored = row(services, message_id)
    assert (stored.status, stored.twilio_sid, stored.attempts) == ("sent", "SM" + "b" * 32, 1)


@pytest.mark.parametrize("failure", [("twilio_429", 429), ("twilio_503", 503)])
def test_rate_limits_and_server_errors_are_retried(twilio_services, failure):
    services, http = twilio_services(recorded(*failure), recorded("twilio_message_created", 201))
    message_id = queue_reply(services)
    with pytest.raises(Exception, match=str(failure[1])):
        send_message(message_id)  # raising hands the job to RQ's retry with backoff
    assert row(services, message_id).status == "queued"
    send_message(message_id)
    assert [r["method"] for r in http.requests] == ["POST", "POST"]
    assert row(services, message_id).status == "sent"


def test_a_bad_number_fails_without_retrying(twilio_services):
    services, http = twilio_services(recorded("twilio_21211", 400))
    message_id = queue_reply(services)
    send_message(message_id)
    send_message(message_id)
    assert len(http.requests) == 1
    stored = row(services, message_id)
    assert stored.status == "failed" and "21211" in stored.error


def test_the_send_job_carries_rqs_retry_policy(twilio_services):
    services, _ = twilio_services()
    queue_reply(services)
    job = services.queue.jobs[0]
    assert job.func_name == "jobs.outbound.send_message"
    assert job.retries_left == 5


def test_status_callbacks_update_the_row(twilio_services):
    services, _ = twilio_services(recorded("twilio_message_created", 201))
    message_id = queue_reply(services)
    send_message(message_id)
    client = create_app(services).test_client()
    params = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered", "To": DONOR}
    forged = client.post("/twilio/status", data=params, headers={"X-Twilio-Signature": "nope"})
    assert forged.status_code == 403
    headers = {"X-Twilio-Signature": signature(services, "/twilio/status", params)}
    assert client.post("/twilio/status", data=params, headers=headers).status_code == 204
    assert row(services, message_id).status == "delivered"


KITCHEN = "whatsapp:+919800000101"


def sent_rows(services, address: str) -> list:
    with services.engine.connect() as connection:
        query = select(tables.outbound_messages).where(tables.outbound_messages.c.to_address == address)
        return list(connection.execute(query.order_by(tables.outbound_messages.c.id)))


def test_what_one_unit_of_work_says_to_one_person_is_one_row_and_one_send_job(services):
    with services.uow() as uow:
        uow.outbox.send(DONOR, "Photo received. Your order is K7QX.")
        uow.outbox.send(KITCHEN, "New meal request K7QX")
        uow.outbox.send(DONOR, "Did the person agree to this photo?")
        assert sent_rows(services, DONOR) == []  # kept until the commit
        uow.commit()
    [told] = sent_rows(services, DONOR)
    assert told.body == "Photo received. Your order is K7QX.\nDid the person agree to this photo?"
    assert len(sent_rows(services, KITCHEN)) == 1
    assert sorted(job.id for job in services.queue.jobs) == [f"send_message-{told.id}", f"send_message-{told.id + 1}"]
    with services.uow() as uow:
        uow.outbox.send(DONOR, "never said")
        uow.rollback()
        uow.commit()
    assert len(sent_rows(services, DONOR)) == 1


def test_an_interim_note_is_held_and_a_later_message_to_the_person_replaces_it(services, client):
    with services.uow() as uow:
        uow.outbox.send(DONOR, "We are checking the spot.", interim=True)
        uow.commit()
    [held] = sent_rows(services, DONOR)
    ends = NOON_IN_CHENNAI + INTERIM_HOLD
    assert (held.status, held.held_until, held.next_attempt_at) == ("queued", ends, ends)
    assert services.queue.jobs == [] and ScheduledJobRegistry(queue=services.queue).get_job_ids() == [
        f"send_message-{held.id}"
    ]
    assert client.get("/dev/outbox", query_string={"to": DONOR}).get_json() == []  # its fate is not known yet
    with services.uow() as uow:
        uow.outbox.send(DONOR, "Kitchens near you: 1. Amma Mess")
        uow.commit()
    replaced, later = sent_rows(services, DONOR)
    assert (replaced.status, replaced.next_attempt_at, later.status) == ("replaced", None, "queued")
    send_message(held.id)  # its job, when its time comes, finds nothing to do
    assert row(services, held.id).status == "replaced"
    shown = client.get("/dev/outbox", query_string={"to": DONOR}).get_json()
    assert [message["body"] for message in shown] == ["Kitchens near you: 1. Amma Mess"]


def test_an_interim_note_nothing_followed_is_sent_once_its_hold_ends(services, clock):
    with services.uow() as uow:
        uow.outbox.send(DONOR, "We are checking the spot.", interim=True)
        uow.commit()
    [held] = sent_rows(services, DONOR)
    send_message(held.id)  # run early (by a wall clock ahead of ours): not yet
    assert row(services, held.id).status == "queued"
    clock.advance(seconds=INTERIM_HOLD.total_seconds())
    assert sweeps.requeue_outbound() == 1  # what its own job would do, the sweeper does too
    send_message(held.id)
    assert (row(services, held.id).status, row(services, held.id).sent_at) == ("stored", clock())
