"""Development tools, registered only when KETPAAR_ENV=development: the outbox and the simulator."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from pathlib import Path

import requests
from flask import Blueprint, Response, abort, jsonify, render_template, request
from sqlalchemy.engine import Row
from twilio.request_validator import RequestValidator

from bot.web.context import services
from domain.channels import Channel, address_on
from domain.hours import india_now
from flows import admin
from models.messages import PENDING

bp = Blueprint("dev", __name__, url_prefix="/dev")

SANDBOX_NUMBER = "whatsapp:+14155238886"
# The number a phone without WhatsApp texts, when TWILIO_SMS_FROM names none (as in development).
SMS_NUMBER = "+14155238887"


def uploads_dir() -> Path:
    return Path(services().settings.photo_dir).parent / "dev-media"


@bp.get("/outbox")
def outbox() -> Response:
    """What the bot sent to one address, oldest first (a message that went by SMS to a WhatsApp
    person's number is listed under their WhatsApp address, with `channel` "sms"). The list stops
    before an interim note still held: it may yet be replaced, and then it is never listed."""
    address = request.args.get("to", "")
    with services().uow() as uow:
        rows = uow.sent.to_address(address, settled_only=True)
    return jsonify(
        [
            {
                "to": row.to_address,
                "body": row.body,
                "media_urls": row.media_urls,
                "created_at": row.created_at.isoformat(),
                # How it went: whatsapp or sms (null until chosen, or when it could not go), the
                # template and its variables outside the window, and why, with the row's state.
                "channel": row.channel,
                "content_sid": row.content_sid,
                "content_variables": row.content_variables,
                "kind": row.kind,
                "status": row.status,
                "reason": row.channel_reason,
                "dlt_template_id": row.dlt_template_id,
            }
            for row in rows
        ]
    )


@bp.get("/simulator")
def simulator() -> str:
    """A page to play a donor or a kitchen against the real webhook; the kitchens' phones are offered."""
    with services().uow() as uow:
        kitchens = admin.kitchen_list(uow, services().clock())
    return render_template("simulator.html", kitchens=kitchens)


@bp.get("/simulator/conversation")
def conversation() -> Response:
    """One number's chat on one channel (`channel` whatsapp, the default, or sms), both ways, oldest first:
    what it sent (stored as Twilio posted it) and what the bot sent it, with how each went. `after` is the
    cursor an earlier answer gave, so each poll carries only what is new, and what the bot has yet to send
    (its channel not chosen yet), until it is sent or not.

    The page asks every second or so; the access log leaves these requests out (bot.web.access_log).
    """
    channel = request.args.get("channel", Channel.WHATSAPP.value)
    if channel not in set(Channel):
        return jsonify(error="channel must be whatsapp or sms"), 400
    # Lenient with a "+" that arrived unencoded, as a space (curl users).
    address = address_on(Channel(channel), "+" + request.args.get("phone", "").strip().lstrip("+"))
    after_in, _, after_out = request.args.get("after", "0.0").partition(".")
    if not (after_in.isdigit() and after_out.isdigit()):
        return jsonify(error="after must be the cursor of an earlier answer"), 400
    with services().uow() as uow:
        received = uow.inbox.from_sender(address, int(after_in))
        sent = uow.sent.to_address(address, int(after_out), settled_only=True)
        # By time; at the same instant what the person sent comes before what it caused.
        entries = [((row.received_at, 0, row.id), from_person(row)) for row in received]
        entries += [((row.created_at, 1, row.id), to_person(row)) for row in sent]
    messages = [message for _, message in sorted(entries, key=lambda entry: entry[0])]
    # A row still pending is carried again by the next poll, and those after it, until its channel is known.
    pending = next((row.id for row in sent if row.status in PENDING), None)
    last_out = pending - 1 if pending else (sent[-1].id if sent else after_out)
    cursor = f"{received[-1].id if received else after_in}.{last_out}"
    return jsonify(messages=messages, cursor=cursor)


def from_person(row: Row) -> dict:
    """A message the simulator (or a test) posted: its text, photo and pin as Twilio's form carried them."""
    params = row.params
    photos = [params[f"MediaUrl{n}"] for n in range(int(params.get("NumMedia") or 0)) if f"MediaUrl{n}" in params]
    location = None
    if params.get("Latitude") and params.get("Longitude"):
        location = {"lat": params["Latitude"], "lng": params["Longitude"], "label": params.get("Label", "")}
    return {
        "direction": "in",
        "sid": row.message_sid,
        "body": params.get("Body", ""),
        "photos": [{"url": url, "available": upload_kept(url)} for url in photos],
        "location": location,
        **when(row.received_at),
    }


def to_person(row: Row) -> dict:
    """A message of the bot's and how it went, in /dev/outbox's fields, with Twilio's error if it failed. `id`
    names it again when a later poll carries it once more, now sent or not."""
    photos = [photo_link(url) for url in row.media_urls]
    return {
        "direction": "out",
        "id": row.id,
        "body": row.body,
        "photos": photos,
        "location": None,
        "channel": row.channel,
        "content_sid": row.content_sid,
        "kind": row.kind,
        "status": row.status,
        "reason": row.channel_reason,
        "error": row.error,
        **when(row.created_at),
    }


def when(at: datetime) -> dict:
    return {"time": india_time(at), "at": at.isoformat()}


def india_time(at: datetime) -> str:
    """Shown in India time, where every person using Ketpaar is, whatever the browser's zone."""
    return india_now(at).strftime("%d %b %H:%M IST")


def photo_link(url: str) -> dict:
    """A signed photo link the bot sent, unless it has expired (a photo deleted since is left to the page,
    which shows the same words when an image does not load)."""
    prefix = services().settings.public_base_url + "/photos/"
    if url.startswith(prefix) and services().links.photo_id(url.removeprefix(prefix)) is None:
        return {"url": None, "available": False}
    return {"url": url, "available": True}


def upload_kept(url: str) -> bool:
    """The simulator's own uploads live in dev-media; any other host (a test's) is left to the browser."""
    prefix = services().settings.public_base_url + "/dev/media/"
    if not url.startswith(prefix):
        return True
    key = url.removeprefix(prefix)
    return key.isalnum() and (uploads_dir() / key).exists()


@bp.post("/simulator/send")
def simulator_send() -> tuple[Response, int]:
    """Builds Twilio's form from the page's input, signs it and posts it to our own webhook: a WhatsApp message,
    or with `channel` sms a text from a phone without WhatsApp (no photo, no pin, no profile name)."""
    phone = request.form.get("phone", "").strip()
    channel = request.form.get("channel", Channel.WHATSAPP.value)
    if not phone.startswith("+") or channel not in set(Channel):
        return jsonify(error="phone must start with +, channel be whatsapp or sms"), 400
    upload = request.files.get("photo")
    pinned = request.form.get("lat") and request.form.get("lng")
    if channel == Channel.SMS and ((upload and upload.filename) or pinned):
        return jsonify(error="an SMS carries text only: no photo, no location"), 400
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + "0" * 32,
        "Body": request.form.get("body", ""),
        "NumMedia": "0",
    }
    if channel == Channel.SMS:
        params.update(From=phone, To=services().settings.twilio_sms_from or SMS_NUMBER)
    else:
        params.update(From=f"whatsapp:{phone}", To=SANDBOX_NUMBER, WaId=phone.lstrip("+"))
        params.update(ProfileName=request.form.get("name", "Simulator"))
    if pinned:
        params.update(Latitude=request.form["lat"], Longitude=request.form["lng"])
        params.update(Label=request.form.get("label", ""), Address=request.form.get("address", ""))
    if upload and upload.filename:
        params.update(NumMedia="1", MediaUrl0=save_upload(upload.read()), MediaContentType0=upload.mimetype)
    url = services().settings.public_base_url + "/twilio/messages"
    signature = RequestValidator(services().settings.twilio_auth_token).compute_signature(url, params)
    reply = requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
    return jsonify(status=reply.status_code, message_sid=params["MessageSid"]), 200


def save_upload(content: bytes) -> str:
    key = secrets.token_hex(16)
    uploads_dir().mkdir(parents=True, exist_ok=True)
    (uploads_dir() / key).write_bytes(content)
    return f"{services().settings.public_base_url}/dev/media/{key}"


@bp.get("/media/<key>")
def media(key: str) -> Response:
    """Serves a simulator upload the way Twilio's media host would, type sniffed from the bytes."""
    path = uploads_dir() / key
    if not key.isalnum() or not path.exists():
        abort(404)
    content = path.read_bytes()
    return Response(content, mimetype=sniff_type(content))


def sniff_type(content: bytes) -> str:
    if content.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG"):
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
