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


def request_id() -> str:
    given = request.headers.get(HEADER, "")
    return given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex


def begin() -> None:
    g.started = time.perf_counter()
    g.request_id = request_id()
    g.log_token = logs.enter(request_id=g.request_id)


def finish(response: Response) -> Response:
    response.headers[HEADER] = g.request_id
    request.environ[ENVIRON_KEY] = logs.bound()  # for gunicorn's access line, written after the context is gone
    endpoint = request.endpoint or "unmatched"  # a 404's path is not a label: anyone can make up paths
    metrics.REQUESTS.labels(endpoint, str(response.status_code)).inc()
    hook = TWILIO_HOOKS.get(endpoint)
    if hook:
        metrics.WEBHOOK_SECONDS.labels(hook).observe(time.perf_counter() - g.started)
    return response


def end(_error: BaseException | None) -> None:
    token = g.pop("log_token", None)
    if token is not None:
        logs.leave(token)


def install(app: Flask) -> None:
    app.before_request(begin)
    app.after_request(finish)
    app.teardown_request(end)
