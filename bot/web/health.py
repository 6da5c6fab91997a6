"""/health: this process is alive and reaches its database and Redis. /ready: the whole service can take
messages: PostgreSQL and Redis answer, a worker beat within the last minute, and the queue is not
backed up. Each check says how long it took; 503 when anything fails, so a load balancer or an
orchestrator can act on the status alone."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from bot.web.context import services

bp = Blueprint("health", __name__)

HEARTBEAT_MAX_AGE_S = 60  # a worker beats every 10 s (bot/adapters/heartbeats.py)


@bp.get("/health")
def health() -> tuple[Response, int]:
    """200 when both the database and Redis answer, 503 otherwise."""
    checks = {
        "database": "ok" if _passes(_database) else "unreachable",
        "redis": "ok" if _passes(_redis) else "unreachable",
    }
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(checks), 200 if healthy else 503


@bp.get("/ready")
def ready() -> tuple[Response, int]:
    """Every check with `ok`, `ms` and what it found; `ready` only when all pass."""
    checks = {name: _timed(check) for name, check in READY_CHECKS.items()}
    passed = all(check["ok"] for check in checks.values())
    return jsonify({"ready": passed, "checks": checks}), 200 if passed else 503


def _database() -> dict:
    with services().engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"ok": True}


def _redis() -> dict:
    services().redis.ping()
    return {"ok": True}


def _worker() -> dict:
    ages = services().heartbeats.ages()
    if not ages:
        return {"ok": False, "error": "no worker has beaten"}
    return {"ok": ages[0] < HEARTBEAT_MAX_AGE_S, "age_s": round(ages[0], 1), "workers": len(ages)}


def _queue() -> dict:
    depth, limit = services().queue.count, services().settings.ready_queue_depth
    return {"ok": depth <= limit, "depth": depth, "limit": limit}


READY_CHECKS: dict[str, Callable[[], dict]] = {
    "postgresql": _database,
    "redis": _redis,
    "worker": _worker,
    "queue": _queue,
}


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        found = check()
    except Exception as error:  # any failure to reach it is the answer
        found = {"ok": False, "error": type(error).__name__}
    return {**found, "ms": round((time.perf_counter() - started) * 1000, 2)}


def _passes(check: Callable[[], dict]) -> bool:
    return _timed(check)["ok"]
