"""The webhook under production settings: only Twilio's own, new messages have an effect; 503 until stored."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot.settings import DEV_AUTH_TOKEN
from bot.web.app import create_app
from compose import build_services
from jobs import runtime
from models import tables
from tests.support.stack import wipe
from tests.support.twilio_http import RecordedTwilio, recorded
from tests.support.whatsapp import Phone, run_jobs, signature

DONOR = "+919800000001"


@pytest.fixture
def production(settings, clock):
    """Services with production settings and a real-looking Twilio token; Twilio's API is recorded."""
    real = dataclasses.replace(
        settings,
        environment="production",
        public_base_url="https://ketpaar.example.org",
        secret_key="9f1c2a7e5b3d4f60a8c7e1b2d3f4a5b6c7d8e9f0",
        photo_encryption_keys=("nA8qpu4VQeWJ0fMtmx3Ib9J6d9oXW_d9uqXMQ2w0e0s=",),
        twilio_account_sid="AC" + "1" * 32,
        twilio_auth_token="3b1f0c9d8e7a6b5c4d3e2f1a0b9c8d7e",
        twilio_whatsapp_from="+14155238886",
    )
    twilio = RecordedTwilio(*(recorded("twilio_message_created", 201) for _ in range(3)))
    built = build_services(real, twilio_http_client=twilio, clock=clock)
    wipe(built)
    runtime.use(built)
    yield built, twilio
    runtime.use(None)
    built.engine.dispose()


def count(services, table) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def no_effect(services) -> bool:
    return count(services, tables.inbound_messages) == 0 and services.queue.count == 0


def hello(sid: str = "SM" + "7" * 32) -> dict[str, str]:
    return {"MessageSid": sid, "From": f"whatsapp:{DONOR}", "To": "whatsapp:+14155238886", "Body": "hi"}


def test_a_forged_signature_is_refused_with_no_effect(production):
    services, _ = production
    client = create_app(services).test_client()
    headers = {"X-Twilio-Signature": signature(services, "/twilio/messages", {**hello(), "Body": "other"})}
    assert client.post("/twilio/messages", data=hello(), headers=headers).status_code == 403
    assert client.post("/twilio/messages", data=hello()).status_code == 403
    assert no_effect(services)


def test_a_message_signed_with_the_development_token_is_refused_with_no_effect(production):
    services, _ = production
    client = create_app(services).test_client()
    url = services.settings.public_base_url + "/twilio/messages"
    headers = {"X-Twilio-Signature": RequestValidator(DEV_AUTH_TOKEN).compute_signature(url, hello())}
    assert client.post("/twilio/messages", data=hello(), headers=headers).status_code == 403
    assert no_effect(services)


def test_a_replayed_message_is_stored_once_and_handled_once(production):
    services, twilio = production
    client = create_app(services).test_client()
    headers = {"X-Twilio-Signature": signature(services, "/twilio/messages", hello())}
    for _ in range(2):
        assert client.post("/twilio/messages", data=hello(), headers=headers).status_code == 200
        run_jobs(services)
    assert count(services, tables.inbound_messages) == 1
    assert count(services, tables.outbound_messages) == 1
    assert len(twilio.requests) == 1  # one reply reached Twilio


@pytest.mark.parametrize(
    "database_url",
    ["postgresql://ketpaar@127.0.0.1:1/ketpaar", "postgresql://ketpaar@/ketpaar?host=/nonexistent/socket-dir"],
    ids=["closed port", "missing socket"],
)
def test_with_postgresql_unreachable_the_webhook_answers_503(services, settings, clock, database_url):
    broken = build_services(dataclasses.replace(settings, database_url=database_url), clock=clock)
    response = Phone(create_app(broken).test_client(), broken, DONOR).post(Body="hi")
    assert response.status_code == 503
    assert response.mimetype == "text/plain" and b"<html" not in response.data.lower()
    assert no_effect(services)
    broken.engine.dispose()
