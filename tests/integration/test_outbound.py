"""Every reply is a row, then a send job; Twilio's client talks to recorded responses."""

from __future__ import annotations

import pytest

from bot.web.app import create_app
from jobs.outbound import send_message
from tests.support.outbound import DONOR, queue_reply, row
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
