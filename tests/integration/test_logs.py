"""Logs and stored errors carry no secrets and no working links."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess

import requests
from requests.adapters import BaseAdapter
from rq.job import Job as RqJob
from sqlalchemy import select, text
from twilio.request_validator import RequestValidator

from bot.adapters.maps import GoogleMaps
from domain.geo import Point
from flows import router
from jobs.dispatch import dispatch_waiting
from models import tables
from tests.support.processes import free_port, get_when_up, procfile_words, start, stop
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard

API_KEY = "AIzaSyNeverInALog0000000000000000000000"
PHONE = "+919800000001"


class Unreachable(BaseAdapter):
    """Fails the way requests does when Google cannot be reached: the error's text names the URL."""

    def send(self, request, **kwargs):
        raise requests.exceptions.ConnectionError(f"Max retries exceeded with url: {request.path_url}")

    def close(self) -> None:
        pass


def test_a_google_failure_is_logged_without_the_api_key(services, caplog):
    session = requests.Session()
    session.mount("https://", Unreachable())
    maps = GoogleMaps(API_KEY, services.redis, session=session)
    with caplog.at_level(logging.WARNING, logger="bot.adapters.maps"):
        maps.facts(Point(13.0604, 80.2496))
    assert "google maps address failed" in caplog.text and "key=<redacted>" in caplog.text
    assert API_KEY not in caplog.text


def test_a_failed_statement_is_stored_and_logged_without_its_parameters(services, client, monkeypatch, caplog):
    def failing_statement(uow, links, now, inbound, *rules):
        uow.session.execute(text("SELECT CAST(:said AS text), 1 / 0"), {"said": inbound.text})

    monkeypatch.setattr(router, "handle", failing_statement)
    with caplog.at_level(logging.ERROR):
        Phone(client, services, PHONE).send("my address is 4 Gandhi Street")
    with services.engine.connect() as connection:
        stored = connection.scalar(select(tables.inbound_messages.c.error))
    assert stored.startswith("DataError:") and "division by zero" in stored
    assert "Gandhi Street" not in stored
    assert "inbound message" in caplog.text and "Gandhi Street" not in caplog.text


def procfile_web(env: dict[str, str], log) -> subprocess.Popen:
    """The Procfile's `web:` command word for word, with the venv's gunicorn."""
    return start(procfile_words("web", env), env, log)


def test_the_access_log_shows_no_photo_token_and_no_query(stack, services, tmp_path):
    port = str(free_port())
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, **stack, "KETPAAR_ENV": "development", "PORT": port, "PUBLIC_BASE_URL": base}
    token = services.links.link(1).rsplit("/", 1)[1]
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = procfile_web(env, log)
    try:
        get_when_up(base, f"/photos/{token}")
        requests.get(f"{base}/dev/outbox", params={"to": f"whatsapp:{PHONE}"}, timeout=5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    logged = log_path.read_text()
    assert '"GET /photos/- HTTP/1.1" 403' in logged and '"GET /dev/outbox?- HTTP/1.1" 200' in logged
    assert token not in logged and PHONE.lstrip("+") not in logged


def test_gunicorn_refuses_to_start_in_production_in_one_line(stack, tmp_path):
    env = {**os.environ, **stack, "PORT": str(free_port()), "KETPAAR_ENV": "production"}
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = procfile_web(env, log)
    try:
        assert server.wait(timeout=60) != 0  # not a loop of workers failing to boot
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
    assert log_path.read_text().strip().splitlines()[-1].startswith("SECRET_KEY is the development value")


def json_lines(path) -> list[dict]:
    """The JSON objects a process logged, one a line (anything else it printed is left out)."""
    found = []
    for line in path.read_text().splitlines():
        with contextlib.suppress(ValueError):
            found.append(json.loads(line))
    return found


def test_json_logs_carry_the_request_id_and_message_sid_from_the_webhook_into_its_jobs(stack, services, tmp_path):
    port = str(free_port())
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, **stack, "KETPAAR_ENV": "development", "LOG_FORMAT": "json", "PORT": port}
    env |= {"PUBLIC_BASE_URL": base, "PHOTO_DIR": str(tmp_path / "photos")}
    params = {"MessageSid": "SM" + "7" * 32, "From": f"whatsapp:{PHONE}", "To": "whatsapp:+14155238886", "Body": "hi"}
    signed = RequestValidator(services.settings.twilio_auth_token).compute_signature(f"{base}/twilio/messages", params)
    token = services.links.link(1).rsplit("/", 1)[1]
    web_log, worker_log = tmp_path / "gunicorn.log", tmp_path / "worker.log"
    with web_log.open("wb") as log:
        server = procfile_web(env, log)
    try:
        get_when_up(base, "/health")
        headers = {"X-Twilio-Signature": signed, "X-Request-Id": "edge-4f2a9c1b"}
        answer = requests.post(f"{base}/twilio/messages", data=params, headers=headers, timeout=10)
        assert answer.status_code == 200 and answer.headers["X-Request-Id"] == "edge-4f2a9c1b"
        made_up = requests.get(f"{base}/photos/{token}", headers={"X-Request-Id": '{"level": "ERROR"}'}, timeout=5)
        assert len(made_up.headers["X-Request-Id"]) == 32  # a new id, not the forged one
    finally:
        stop(server)
    dispatch_waiting(services)  # as the Procfile's dispatcher does
    with worker_log.open("wb") as log:
        assert start(procfile_words("worker", env, "--burst"), env, log).wait(timeout=120) == 0

    access = [line for line in json_lines(web_log) if line["logger"] == "gunicorn.access"]
    assert [(line["message"], line["status"]) for line in access] == [
        ("POST /twilio/messages 200", 200),
        ("GET /photos/- 403", 403),
    ]  # the health probe left out, the photo token too
    assert access[0]["request_id"] == "edge-4f2a9c1b" and access[0]["message_sid"] == params["MessageSid"]
    assert token not in web_log.read_text()
    jobs = {line["job"]: line for line in json_lines(worker_log) if line["logger"] == "rq.worker.jobs"}
    assert set(jobs) == {"handle_inbound-1", "send_message-1"}
    for line in jobs.values():
        assert line["request_id"] == "edge-4f2a9c1b" and line["message_sid"] == params["MessageSid"]
        assert line["outcome"] == "done" and line["level"] == "INFO"


def test_a_message_about_an_order_passes_its_reference_to_the_jobs_it_starts(services, client, media, kitchen):
    donor = Phone(client, services, PHONE, media)
    onboard(donor)
    reference = donor.photograph(jpeg())
    donor.send(pin=SPOT)
    with services.uow() as uow:
        order_id = uow.orders.by_reference(reference).id
    safety = RqJob.fetch(f"assess_safety-{order_id}", connection=services.redis)
    assert safety.meta["order_ref"] == reference and safety.meta["message_sid"].startswith("SM")
    assert "order_ref" not in RqJob.fetch("handle_inbound-1", connection=services.redis).meta  # "hi": no order
