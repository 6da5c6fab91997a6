"""Twilio's delivery status callbacks, and the signature check both webhooks use (inbound messages are
acknowledged in front of Flask: bot/web/inbound.py)."""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, Response, abort, request
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator

from bot import logs
from bot.adapters import metrics
from bot.web.context import services
from domain.channels import channel_of
from domain.jobs import Job

log = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/twilio")

# What Twilio finally says of a message it accepted (the send job counted it as accepted already).
FINAL_STATUSES = frozenset({"delivered", "read", "undelivered", "failed"})
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_url(public_base_url: str, path: str, query: str) -> str:
    """The address Twilio signed: our public base URL, not whatever host a proxy passed on."""
    url = public_base_url + path
    return f"{url}?{query}" if query else url


def signature_holds(auth_token: str, url: str, params: dict[str, str], signature: str) -> bool:
    """Twilio signed these parameters, posted to this address, with our token."""
    validator = RequestValidator(auth_token)
    # Twilio signs the address as we give it, so one HMAC settles nearly every request (still one made
    # with our token); `validate`'s two, over the address with and without its port, are for the rest.
    matches = hmac.compare_digest(validator.compute_signature(url, params), signature)
    return matches or validator.validate(url, params, signature)


def require_twilio_signature() -> dict[str, str]:
    """The posted parameters, once their signature is Twilio's; 403 otherwise."""
    params = request.form.to_dict()
    signature = request.headers.get("X-Twilio-Signature", "")
    settings = services().settings
    url = signed_url(settings.public_base_url, request.path, request.query_string.decode())
    if not signature_holds(settings.twilio_auth_token, url, params, signature):
        abort(403)
    return params


@bp.errorhandler(SQLAlchemyError)
def not_stored(error: SQLAlchemyError) -> Response:
    """Nothing is acknowledged before it is stored: a 503 makes Twilio try again, a 200 would lose it."""
    log.error("twilio webhook %s not stored: %s", request.path, type(error).__name__)
    return Response("", status=503, mimetype="text/plain", headers={"Retry-After": "5"})


@bp.post("/status")
def message_status() -> Response:
    """Twilio reports queued / sent / delivered / read / failed / undelivered for what we sent.

    A failure is settled by the message's send job: SMS instead of WhatsApp, an opt-out, an order moved on.
    """
    require_twilio_signature()
    sid = request.form.get("MessageSid", "")
    status = request.form.get("MessageStatus", "")
    error = request.form.get("ErrorCode") or None
    if not sid or not status:
        abort(400)
    row = request.args.get("row", "")
    row_id = int(row) if row.isascii() and row.isdigit() else None  # our key, in the address Twilio signed
    logs.bind_here(message_sid=sid)
    with services().uow() as uow:
        failed = uow.sent.record_status(sid, status[:16], error, services().clock(), row_id)
        if failed is not None:
            uow.later(Job.SEND_MESSAGE, failed)
        uow.commit()
    if status in FINAL_STATUSES:
        metrics.OUTBOUND.labels(channel_of(request.form.get("To", "")), status).inc()
    return Response("", status=204)
