"""The inbound edge: signatures, storing once, answering at once, and never losing a message."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from bot.web.app import MAX_BODY, create_app
from compose import build_services
from domain.people import Person
from flows.donor.onboarding import CONSENT_VERSION
from jobs import sweeps
from jobs.dispatch import dispatch_waiting
from jobs.inbound import handle_inbound
from models import tables
from tests.support.texts import HELP, WELCOME
from tests.support.whatsapp import Phone, run_jobs, signature

DONOR = "+919800000001"


def stored(services) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(tables.inbound_messages))


def test_a_forged_or_missing_signature_gets_403_and_nothing_is_stored(services, client):
    params = {"MessageSid": "SM1", "From": f"whatsapp:{DONOR}", "Body": "hi"}
    assert client.post("/twilio/messages", data=params).status_code == 403
    headers = {"X-Twilio-Signature": signature(services, "/twilio/messages", params)}
    tampered = {**params, "Body": "hi!"}
    assert client.post("/twilio/messages", data=tampered, headers=headers).status_code == 403
    assert stored(services) == 0


def test_every_posted_parameter_is_covered_by_the_signature(services, client):
    params = {"MessageSid": "SM2", "From": f"whatsapp:{DONOR}", "Body": "hi", "SomethingNew": "1"}
    headers = {"X-Twilio-Signature": signature(services, "/twilio/messages", params)}
    assert client.post("/twilio/messages", data=params, headers=headers).status_code == 200
    without_new = {key: value for key, value in params.items() if key != "SomethingNew"}
    headers = {"X-Twilio-Signature": signature(services, "/twilio/messages", without_new)}
    assert client.post("/twilio/messages", data=params, headers=headers).status_code == 403


def test_only_a_post_is_taken_and_the_method_allowed_is_named(services, client):
    answer = client.get("/twilio/messages", query_string={"MessageSid": "SM3", "From": f"whatsapp:{DONOR}"})
    assert answer.status_code == 405 and answer.headers["Allow"] == "POST"
    assert stored(services) == 0


def test_a_message_without_its_sid_or_sender_gets_400_and_nothing_is_stored(services, client):
    for params in ({"From": f"whatsapp:{DONOR}", "Body": "hi"}, {"MessageSid": "SM4", "Body": "hi"}):
        headers = {"X-Twilio-Signature": signature(services, "/twilio/messages", params)}
        assert client.post("/twilio/messages", data=params, headers=headers).status_code == 400
    assert stored(services) == 0


def test_a_body_past_the_limit_gets_413_unread(services, client):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = client.post("/twilio/messages", data=b"x" * (MAX_BODY + 1), headers=headers)
    assert answer.status_code == 413 and stored(services) == 0


def test_the_answer_and_the_stored_message_carry_the_request_id(services, client):
    params = {"MessageSid": "SM5", "From": f"whatsapp:{DONOR}", "Body": "hi"}
    signed = {"X-Twilio-Signature": signature(services, "/twilio/messages", params)}
    given = client.post("/twilio/messages", data=params, headers={**signed, "X-Request-Id": "edge-5e1f00d2"})
    assert given.status_code == 200 and given.headers["X-Request-Id"] == "edge-5e1f00d2"
    made_up = client.post("/twilio/messages", data=params, headers={**signed, "X-Request-Id": "<script>"})
    assert made_up.status_code == 200 and len(made_up.headers["X-Request-Id"]) == 32  # a new id, not theirs
    with services.engine.connect() as connection:
        assert connection.scalar(select(tables.inbound_messages.c.request_id)) == "edge-5e1f00d2"


def test_a_repeated_message_sid_has_no_second_effect(services, client):
    donor = Phone(client, services, DONOR)
    params = {"MessageSid": "SMrepeat", "Body": "hi"}
    first, second = donor.post(**params), donor.post(**params)
    assert first.status_code == second.status_code == 200
    assert first.data.startswith(b"<?xml") and b"<Response></Response>" in first.data
    run_jobs(services)
    assert stored(services) == 1
    donor.expect(WELCOME)


def test_the_webhook_answers_before_any_processing(services, client):
    donor = Phone(client, services, DONOR)
    donor.post(Body="hi")
    assert donor.outbox() == [] and services.queue.count == 0  # only stored: the dispatcher enqueues
    assert dispatch_waiting(services) == 1 and services.queue.count == 1
    assert dispatch_waiting(services) == 0  # marked once enqueued
    run_jobs(services)
    donor.expect(WELCOME)


def test_with_redis_down_a_message_is_still_stored_and_later_handled(services, settings, clock):
    broken = build_services(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"), clock=clock)
    client = create_app(broken).test_client()
    donor = Phone(client, broken, DONOR)
    assert donor.post(Body="hi").status_code == 200
    assert stored(services) == 1
    assert dispatch_waiting(broken) == 0  # Redis down: left for a later look, not marked
    clock.advance(minutes=2)
    assert sweeps.requeue_inbound() == 1  # the sweeper, with Redis back
    run_jobs(services)
    Phone(create_app(services).test_client(), services, DONOR).expect(WELCOME)
    broken.engine.dispose()


def test_health_reports_each_dependency(services, settings, clock, client):
    assert client.get("/health").get_json() == {"database": "ok", "redis": "ok"}
    broken = build_services(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"), clock=clock)
    response = create_app(broken).test_client().get("/health")
    assert response.status_code == 503 and response.get_json()["redis"] == "unreachable"
    broken.engine.dispose()


def test_one_senders_messages_are_handled_in_arrival_order(services, client):
    """Even when the later message's job runs first."""
    now = services.clock()
    with services.uow() as uow:
        uow.people.add(
            Person(f"whatsapp:{DONOR}", now, language_chosen=True, consent_at=now, consent_version=CONSENT_VERSION)
        )
        uow.commit()
    donor = Phone(client, services, DONOR)
    donor.post(Body="STATUS")
    donor.post(Body="HELP")
    services.queue.empty()
    with services.engine.connect() as connection:
        later = connection.scalar(select(func.max(tables.inbound_messages.c.id)))
    handle_inbound(later)
    donor.expect(["You have no orders yet. Send a photo of a hungry person to start.", HELP])
