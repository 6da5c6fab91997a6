"""/metrics: who may read it, what each process counts, and what a scrape reads from PostgreSQL and Redis."""

from __future__ import annotations

import dataclasses

from prometheus_client.parser import text_string_to_metric_families

from bot.web.app import create_app
from jobs.dispatch import dispatch_waiting
from jobs.worker import KetpaarWorker
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, NO_FACE
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard

TOKEN = "a-metrics-token-of-at-least-32-bytes!"


def scrape(client, **headers: str) -> dict[tuple[str, tuple], float]:
    """Every sample on the page, by name and labels."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.status_code
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def value(page: dict, name: str, **labels: str) -> float:
    return page.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_open_in_development_closed_in_production_and_need_the_token_when_one_is_set(services):
    assert create_app(services).test_client().get("/metrics").status_code == 200
    services.settings = dataclasses.replace(services.settings, environment="production")
    assert create_app(services).test_client().get("/metrics").status_code == 404
    services.settings = dataclasses.replace(services.settings, metrics_token=TOKEN)
    client = create_app(services).test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer not-it"}).status_code == 401
    assert value(scrape(client, Authorization=f"Bearer {TOKEN}"), "ketpaar_up", dependency="postgresql") == 1


def test_a_meal_shows_in_the_counts_and_the_scrape(services, client, media, kitchen, clock):
    before = scrape(client)
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.expect_first([NO_FACE, AMMA_MESS_FROM_SPOT])
    Phone(client, services, "+919800000002").post(Body="hi")
    dispatch_waiting(services)  # stored and queued, not yet handled
    services.heartbeats.beat("worker-1")
    after = scrape(client)

    def more(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert more("ketpaar_webhook_seconds_count", hook="messages") == 7
    assert more("ketpaar_http_requests_total", endpoint="twilio.inbound_message", code="200") == 7
    assert more("ketpaar_outbound_messages_total", channel="whatsapp", status="stored") == len(donor.outbox())
    assert value(after, "ketpaar_orders", status="VENDOR_SELECTION") == 1
    assert value(after, "ketpaar_queue_jobs", queue="ketpaar", state="queued") == 1
    assert value(after, "ketpaar_inbound_oldest_unhandled_seconds") >= 0
    assert value(after, "ketpaar_workers_alive") == 1
    assert value(after, "ketpaar_google_daily_budget") == services.settings.google_daily_budget
    assert value(after, "ketpaar_order_oldest_wait_seconds", wait="kitchen_answer") == 0  # no kitchen asked yet
    assert value(after, "ketpaar_up", dependency="redis") == 1

    donor.send("1")
    donor.expect(ASKED_AMMA_MESS)
    clock.advance(minutes=4)  # within the kitchen's 5 minutes; the sweep has not run
    asked = scrape(client)
    assert value(asked, "ketpaar_order_oldest_wait_seconds", wait="kitchen_answer") == 240
    assert value(asked, "ketpaar_order_oldest_wait_seconds", wait="payment") == 0


def test_the_ketpaar_worker_counts_each_job_by_function_and_outcome(services, client):
    before = scrape(client)
    Phone(client, services, "+919800000001").post(Body="hi")
    dispatch_waiting(services)
    KetpaarWorker([services.queue], connection=services.redis).work(burst=True)
    after = scrape(client)
    done = {
        job: value(after, "ketpaar_jobs_total", job=job, outcome="done")
        - value(before, "ketpaar_jobs_total", job=job, outcome="done")
        for job in ("handle_inbound", "send_message")
    }
    assert done == {"handle_inbound": 1, "send_message": 1}
    assert value(after, "ketpaar_job_seconds_count", job="send_message") > value(
        before, "ketpaar_job_seconds_count", job="send_message"
    )
    assert value(after, "ketpaar_outbound_messages_total", channel="whatsapp", status="stored") > value(
        before, "ketpaar_outbound_messages_total", channel="whatsapp", status="stored"
    )
    assert value(after, "ketpaar_workers_alive") == 0  # the burst worker's heartbeat went with it


def test_a_crash_in_the_message_webhook_is_answered_500_logged_and_counted(services, client, monkeypatch, caplog):
    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    before = scrape(client)
    monkeypatch.setattr(services, "store_inbound", crash)
    assert Phone(client, services, "+919800000001").post(Body="hi").status_code == 500
    after = scrape(client)
    crashes = {"name": "ketpaar_http_requests_total", "endpoint": "twilio.inbound_message", "code": "500"}
    assert value(after, **crashes) - value(before, **crashes) == 1
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)
