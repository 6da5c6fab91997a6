"""Nothing stuck, nothing lost: duplicate jobs, poison messages, Redis down, sends cut short."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image
from sqlalchemy import select, update

from bot.adapters.images import ImageProblem, open_checked
from bot.web.app import create_app
from compose import build_services, job_id
from domain.jobs import Job
from flows import router
from jobs import sweeps
from jobs.inbound import MAX_TRIES
from jobs.outbound import send_message
from models import tables
from tests.support.outbound import DONOR, queue_reply, row
from tests.support.texts import CONSENT, WELCOME
from tests.support.twilio_http import RecordedTwilio, recorded
from tests.support.whatsapp import Phone, run_jobs, signature

APOLOGY = "Sorry, something went wrong on our side. Please try again in a minute."
# Order-sensitive: a reply to "1" before "hi" would read differently.
CONVERSATION = ["hi", "1", "yes", "hello", "hello", "hello", "hello", "hello", "hello", "hello"]


def inbound_rows(services) -> list:
    with services.engine.connect() as connection:
        return connection.execute(select(tables.inbound_messages).order_by(tables.inbound_messages.c.id)).all()


def sweep_and_work(services, clock, minutes: float = 2) -> None:
    clock.advance(minutes=minutes)
    sweeps.requeue_inbound()
    run_jobs(services)


def test_a_duplicate_enqueue_is_a_no_op_until_the_job_is_over(services):
    queue_reply_dev(services)
    services.enqueue(Job.SEND_MESSAGE, (1,))  # the same job again, while the first waits
    assert services.queue.job_ids == [job_id(Job.SEND_MESSAGE, (1,))] == ["send_message-1"]
    run_jobs(services)
    assert services.queue.count == 0
    services.enqueue(Job.SEND_MESSAGE, (1,))  # over: a sweeper that saw the row needing work may run it again
    assert services.queue.job_ids == ["send_message-1"]
    run_jobs(services)
    with services.uow() as uow:
        assert [(r.status, r.attempts) for r in uow.sent.to_address(DONOR)] == [("stored", 1)]


def queue_reply_dev(services) -> None:
    with services.uow() as uow:
        uow.outbox.send(DONOR, "Welcome to Ketpaar.")
        uow.commit()


def test_a_poison_message_is_tried_three_times_then_apologised_for_once(services, client, clock, monkeypatch):
    handle = router.handle

    def handle_or_choke(uow, links, now, inbound, *rules):
        if inbound.text == "POISON":
            raise RuntimeError("this message always breaks the flow")
        handle(uow, links, now, inbound, *rules)

    monkeypatch.setattr(router, "handle", handle_or_choke)
    poisoned = Phone(client, services, "+919800000001")
    other = Phone(client, services, "+919800000002")
    poisoned.send("hi")
    poisoned.replies()
    poisoned.send("POISON")
    poisoned.send("1")  # waits behind the failing message: order holds
    other.send("hi")
    poisoned.expect([])
    other.expect(WELCOME)
    for _ in range(MAX_TRIES + 2):  # more sweeps than tries: still one apology
        sweep_and_work(services, clock)
    poisoned.expect([APOLOGY, CONSENT])
    poison = inbound_rows(services)[1]
    assert poison.attempts == MAX_TRIES and "always breaks" in poison.error and poison.processed_at is not None
    other.send("1")
    other.expect(CONSENT)  # and never an apology


def test_a_try_a_crash_cut_short_counts_and_the_third_is_the_last(services, client, clock):
    poisoned = Phone(client, services, "+919800000001")
    poisoned.post(Body="hi")  # its job is lost; the worker died during it, three times
    services.queue.empty()
    with services.engine.begin() as connection:
        connection.execute(update(tables.inbound_messages).values(attempts=MAX_TRIES, error=None))
    sweep_and_work(services, clock)
    assert poisoned.replies() == [APOLOGY]
    assert "stopped during its last try" in inbound_rows(services)[0].error


def test_redis_down_during_a_burst_loses_no_message_and_keeps_each_senders_order(services, client, clock):
    control = Phone(client, services, "+919700000000")
    for body in CONVERSATION:
        control.send(body)
    expected = control.replies()
    assert len(expected) == len(CONVERSATION)  # one answer per message

    no_redis = build_services(dataclasses.replace(services.settings, redis_url="redis://127.0.0.1:9/0"), clock=clock)
    cut_off = create_app(no_redis).test_client()
    senders = [Phone(cut_off, no_redis, f"+9198000{n:05d}") for n in range(20)]
    for body in CONVERSATION:  # 200 webhooks, interleaved across the senders
        for sender in senders:
            assert sender.post(Body=body).status_code == 200
    no_redis.engine.dispose()
    assert len(inbound_rows(services)) == 200 + len(CONVERSATION) and services.queue.count == 0

    sweep_and_work(services, clock)  # Redis is back: the sweeper enqueues what was left behind
    for sender in senders:
        assert Phone(client, services, sender.address.removeprefix("whatsapp:")).replies() == expected
    assert all(r.processed_at is not None and r.error is None for r in inbound_rows(services))


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no except clause catches it."""


class DyingTwilio(RecordedTwilio):
    """Twilio takes the message, then the worker dies before it hears the answer."""

    def request(self, method, uri, **kwargs):
        response = super().request(method, uri, **kwargs)
        if isinstance(response, BaseException):
            raise response
        return response


def crash_while_sending(twilio_services, *responses):
    services, _ = twilio_services()
    http = DyingTwilio(WorkerDied(), *responses)
    services.transport.client.http_client = http
    message_id = queue_reply(services)
    services.queue.empty()
    with pytest.raises(WorkerDied):
        send_message(message_id)
    assert row(services, message_id).status == "sending"  # committed before Twilio was called
    return services, http, message_id


def test_a_send_cut_short_is_found_in_twilios_log_and_not_sent_again(twilio_services, clock):
    services, http, message_id = crash_while_sending(twilio_services, recorded("twilio_messages_to_donor", 200))
    clock.advance(minutes=1)
    assert sweeps.requeue_outbound() == 0  # it may still be in flight
    clock.advance(minutes=2)
    assert sweeps.requeue_outbound() == 1
    run_jobs(services)
    assert [r["method"] for r in http.requests] == ["POST", "GET"]
    assert http.requests[1]["uri"].endswith("/Messages.json")  # Twilio's log of messages to that number
    stored = row(services, message_id)
    assert (stored.status, stored.twilio_sid, stored.attempts) == ("sent", "SM" + "c" * 32, 1)
    clock.advance(minutes=5)
    assert sweeps.requeue_outbound() == 0


def test_a_send_cut_short_is_claimed_by_the_status_callback_that_names_our_row(twilio_services, clock):
    services, http, message_id = crash_while_sending(twilio_services)
    sent = http.requests[0]["data"]
    assert sent["StatusCallback"].endswith(f"/twilio/status?row={message_id}")
    path = f"/twilio/status?row={message_id}"
    params = {"MessageSid": "SM" + "d" * 32, "MessageStatus": "sent", "To": DONOR}
    headers = {"X-Twilio-Signature": signature(services, path, params)}
    assert create_app(services).test_client().post(path, data=params, headers=headers).status_code == 204
    stored = row(services, message_id)
    assert (stored.status, stored.twilio_sid, stored.next_attempt_at) == ("sent", "SM" + "d" * 32, None)
    clock.advance(minutes=5)
    assert sweeps.requeue_outbound() == 0  # neither looked up in Twilio's log nor sent again
    run_jobs(services)
    assert len(http.requests) == 1


def test_a_send_cut_short_that_twilio_never_got_is_sent_once_more(twilio_services, clock):
    services, http, message_id = crash_while_sending(
        twilio_services, recorded("twilio_messages_none", 200), recorded("twilio_message_created", 201)
    )
    clock.advance(minutes=3)
    assert sweeps.requeue_outbound() == 1
    run_jobs(services)
    assert [r["method"] for r in http.requests] == ["POST", "GET", "POST"]
    stored = row(services, message_id)
    assert (stored.status, stored.twilio_sid, stored.attempts) == ("sent", "SM" + "b" * 32, 2)


def test_a_retry_redis_forgot_is_made_from_the_time_kept_in_postgresql(twilio_services, clock):
    services, http = twilio_services(recorded("twilio_503", 503), recorded("twilio_message_created", 201))
    message_id = queue_reply(services)
    services.queue.empty()
    with pytest.raises(Exception, match="503"):
        send_message(message_id)
    services.redis.flushdb()  # a Redis restart: RQ's scheduled retry is gone
    assert sweeps.requeue_outbound() == 0
    clock.advance(seconds=5)
    assert sweeps.requeue_outbound() == 1
    run_jobs(services)
    assert row(services, message_id).status == "sent" and len(http.requests) == 2


def test_the_twilio_client_gives_up_after_ten_seconds(settings):
    configured = dataclasses.replace(
        settings, twilio_account_sid="AC" + "a" * 32, twilio_auth_token="token", twilio_whatsapp_from="+14155238886"
    )
    built = build_services(configured)
    assert built.transport.client.http_client.timeout == 10
    built.engine.dispose()


def test_a_pixel_bomb_is_refused_from_its_header_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (6000, 5000)).save(buffer, "PNG")  # 30 megapixels: under Pillow's own limit, over ours
    assert open_checked(buffer.getvalue(), 16 << 20) == ImageProblem.TOO_MANY_PIXELS
    fits = io.BytesIO()
    Image.new("RGB", (5000, 5000)).save(fits, "PNG")
    assert open_checked(fits.getvalue(), 16 << 20).size == (5000, 5000)
