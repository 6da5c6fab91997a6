"""Twilio's inbound-message webhook, answered in front of Flask.

Every message a donor or kitchen sends arrives here, and the answer is only "stored": one INSERT
(bot/web/webhook.py has the status callbacks). Flask's request context, routing, session and hooks
cost this request more CPU than everything else it does, so a plain WSGI layer answers
`/twilio/messages` and hands every other request to Flask. It keeps Flask's contract: the signature
on the address we publish, 400 without a MessageSid or sender, 405 for a method other than POST, 413
past the app's body limit, 503 (never 200) when PostgreSQL cannot store the message, the request id
in the answer's X-Request-Id header and in the log lines, and the same metrics as any view.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from urllib.parse import parse_qsl

from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from bot import logs
from bot.web import tracing
from bot.web.access_log import ENVIRON_KEY
from bot.web.webhook import EMPTY_TWIML, signature_holds, signed_url
from compose import Services

log = logging.getLogger(__name__)

PATH = "/twilio/messages"
ENDPOINT = "twilio.inbound_message"  # the metrics' label, as Flask would name the view
FORM = "application/x-www-form-urlencoded"
WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class Answer:
    def __init__(self, status: HTTPStatus, body: str = "", mimetype: str = "text/plain", **headers: str):
        self.status, self.body, self.mimetype, self.headers = status, body.encode(), mimetype, headers


STORED = Answer(HTTPStatus.OK, EMPTY_TWIML, "text/xml")
NOT_STORED = Answer(HTTPStatus.SERVICE_UNAVAILABLE, **{"Retry-After": "5"})  # Twilio tries again


class InboundMessages:
    """WSGI middleware: acknowledges Twilio's inbound messages itself, passes everything else to `app`."""

    def __init__(self, app: WSGIApp, services: Services, max_body: int):
        self.app, self.services, self.settings, self.max_body = app, services, services.settings, max_body

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.app(environ, start_response)
        started = time.perf_counter()
        request_id = tracing.given_or_new_id(environ.get("HTTP_X_REQUEST_ID", ""))
        token = logs.enter(request_id=request_id)
        try:
            answer = self.answer(environ, request_id)
        except Exception:
            log.exception("twilio webhook %s failed", PATH)  # as Flask logs a view's crash
            answer = Answer(HTTPStatus.INTERNAL_SERVER_ERROR)
        try:
            environ[ENVIRON_KEY] = logs.bound()  # for gunicorn's access line, written after this returns
        finally:
            logs.leave(token)
        tracing.count(ENDPOINT, answer.status.value, started)
        headers = [
            ("Content-Type", f"{answer.mimetype}; charset=utf-8"),
            ("Content-Length", str(len(answer.body))),
            (tracing.HEADER, request_id),
            *answer.headers.items(),
        ]
        start_response(f"{answer.status.value} {answer.status.phrase}", headers)
        return [answer.body]

    def answer(self, environ: dict, request_id: str) -> Answer:
        """Stores the message once per MessageSid; the dispatcher (jobs/dispatch.py) enqueues its job."""
        if environ.get("REQUEST_METHOD") != "POST":  # a webhook set to GET in Twilio's console
            return Answer(HTTPStatus.METHOD_NOT_ALLOWED, Allow="POST")
        try:
            params = self.form(environ)
        except RequestEntityTooLarge:
            return Answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        url = signed_url(self.settings.public_base_url, PATH, environ.get("QUERY_STRING", ""))
        if not signature_holds(self.settings.twilio_auth_token, url, params, _signature(environ)):
            return Answer(HTTPStatus.FORBIDDEN)
        message_sid = params.get("MessageSid") or params.get("SmsMessageSid")
        sender = params.get("From")
        if not message_sid or not sender:
            return Answer(HTTPStatus.BAD_REQUEST)
        logs.bind_here(message_sid=message_sid)  # in this request's access line, and carried into its job's
        try:
            self.services.store_inbound(message_sid, sender, params, request_id)  # repeated: no second effect
        except SQLAlchemyError as error:
            log.error("twilio webhook %s not stored: %s", PATH, type(error).__name__)
            return NOT_STORED
        return STORED

    def form(self, environ: dict) -> dict[str, str]:
        """The posted fields, the first of each name, as Flask's `request.form.to_dict()` reads them."""
        if environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower() != FORM:
            return {}
        body = get_input_stream(environ, max_content_length=self.max_body).read()
        params: dict[str, str] = {}
        for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
            params.setdefault(name, value)
        return params


def _signature(environ: dict) -> str:
    return environ.get("HTTP_X_TWILIO_SIGNATURE", "")
