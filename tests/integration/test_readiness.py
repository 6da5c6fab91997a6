"""/ready says whether the whole service can take messages, each check timed; /health stays as it was."""

from __future__ import annotations

import dataclasses
import time

from rq.cron_scheduler_registry import get_registry_key

from bot.adapters.heartbeats import PREFIX, Heartbeats
from bot.web.app import create_app
from compose import build_services
from jobs import alive
from jobs.dispatch import dispatch_waiting
from tests.support.whatsapp import Phone

CHECKS = {"postgresql", "redis", "worker", "queue"}


def ready(client) -> tuple[int, dict]:
    response = client.get("/ready")
    return response.status_code, response.get_json()


def test_ready_needs_a_worker_that_beat_within_the_last_minute(services, client):
    status, found = ready(client)
    assert status == 503 and found["ready"] is False
    assert set(found["checks"]) == CHECKS
    assert all(isinstance(check["ms"], float) for check in found["checks"].values())
    assert found["checks"]["worker"] == {
        "ok": False,
        "error": "no worker has beaten",
        "ms": found["checks"]["worker"]["ms"],
    }
    services.heartbeats.beat("worker-1")
    status, found = ready(client)
    assert status == 200 and found["ready"] is True
    assert found["checks"]["worker"]["workers"] == 1 and found["checks"]["worker"]["age_s"] < 5
    services.redis.set(PREFIX + "worker-1", repr(time.time() - 61))  # its last beat a minute ago
    status, found = ready(client)
    assert status == 503 and found["checks"]["worker"]["ok"] is False


def test_ready_fails_when_more_jobs_wait_than_the_threshold(services, client):
    services.heartbeats.beat("worker-1")
    services.settings = dataclasses.replace(services.settings, ready_queue_depth=1)
    Phone(client, services, "+919800000001").post(Body="hi")
    dispatch_waiting(services)  # as the Procfile's dispatcher does
    assert ready(client)[0] == 200  # one job waiting: at the threshold
    Phone(client, services, "+919800000002").post(Body="hi")
    dispatch_waiting(services)
    status, found = ready(client)
    assert status == 503 and found["checks"]["queue"] == {
        "ok": False,
        "depth": 2,
        "limit": 1,
        "ms": found["checks"]["queue"]["ms"],
    }
    assert [name for name, check in found["checks"].items() if not check["ok"]] == ["queue"]


def test_without_redis_ready_and_health_fail_and_name_what_is_down(settings, clock):
    broken = build_services(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"), clock=clock)
    client = create_app(broken).test_client()
    status, found = ready(client)
    assert status == 503
    assert found["checks"]["postgresql"]["ok"] is True
    assert {name for name, check in found["checks"].items() if not check["ok"]} == {"redis", "worker", "queue"}
    assert found["checks"]["redis"]["error"] == "ConnectionError"
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json() == {"database": "ok", "redis": "unreachable"}
    broken.engine.dispose()


def test_a_worker_beats_while_it_works_and_its_key_goes_when_it_stops(services):
    beats = Heartbeats(services.redis, every_s=0.05)
    with beats.beating("worker-7"):
        first = services.redis.get(PREFIX + "worker-7")
        time.sleep(0.2)
        assert services.redis.get(PREFIX + "worker-7") != first  # beaten again meanwhile
        assert len(beats.ages()) == 1
    assert beats.ages() == []


def test_a_containers_health_check_looks_for_its_own_hosts_worker_and_cron(services):
    services.heartbeats.beat("web-host-1:12:a1b2")
    assert alive.worker_alive(services.redis, "web-host-1")
    assert not alive.worker_alive(services.redis, "web-host-2")  # another container's worker is not this one's
    now = time.time()
    services.redis.zadd(get_registry_key(), {"cron-host:7:abc123": now - 30, "old-host:9:def456": now - 600})
    assert alive.cron_alive(services.redis, "cron-host", now)
    assert not alive.cron_alive(services.redis, "old-host", now)  # its last heartbeat ten minutes ago
