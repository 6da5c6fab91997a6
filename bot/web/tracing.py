"""What every request leaves behind: an id in its log lines, its jobs' lines and its answer's
X-Request-Id header; its status in the metrics; and, for Twilio's webhooks, its time."""

from __future__ import annotations

import re
import time
import uuid

from flask import Flask, Response, g, request

from bot import logs
from bot.adapters import metrics
from bot.web.access_log import ENVIRON_KEY

HEADER = "X-Request-Id"
# A proxy's or load balancer's id is kept when it is plainly an id; anything else could forge log lines.
GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
TWILIO_HOOKS = {"twilio.inbound_message": "messages", "twilio.message_status": "status"}


def given_or_new_id(given: str) -> str:
    """The X-Request-Id header's value when it is plainly an id, else a new one."""
    return given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex


def count(endpoint: str, status: int, started: float) -> None:
    """The request in the metrics, and a Twilio webhook's time since `started` (time.perf_counter)."""
    metrics.REQUESTS.labels(endpoint, str(status)).inc()
    hook = TWILIO_HOOKS.get(endpoint)
    if hook:
        metrics.WEBHOOK_SECONDS.labels(hook).observe(time.perf_counter() - started)


def begin() -> None:
    g.started = time.perf_counter()
    g.request_id = given_or_new_id(request.headers.get(HEADER, ""))
    g.log_token = logs.enter(request_id=g.request_id)


def finish(response: Response) -> Response:
    response.headers[HEADER] = g.request_id
    request.environ[ENVIRON_KEY] = logs.bound()  # for gunicorn's access line, written after the context is gone
    count(request.endpoint or "unmatched", response.status_code, g.started)  # a 404's path is no label
    return response


def end(_error: BaseException | None) -> None:
    token = g.pop("log_token", None)
    if token is not None:
        logs.leave(token)


def install(app: Flask) -> None:
    app.before_request(begin)
    app.after_request(finish)
    app.teardown_request(end)
