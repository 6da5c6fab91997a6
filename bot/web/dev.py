"""Development tools, registered only when KETPAAR_ENV=development: the outbox and the simulator."""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

import requests
from flask import Blueprint, Response, abort, jsonify, render_template, request
from twilio.request_validator import RequestValidator

from bot.web.context import services

bp = Blueprint("dev", __name__, url_prefix="/dev")

SANDBOX_NUMBER = "whatsapp:+14155238886"


def uploads_dir() -> Path:
    return Path(services().settings.photo_dir).parent / "dev-media"


@bp.get("/outbox")
def outbox() -> Response:
    """What the bot sent to one address, oldest first (a message that went by SMS to a WhatsApp
    person's number is listed under their WhatsApp address, with `channel` "sms")."""
    address = request.args.get("to", "")
    with services().uow() as uow:
        rows = uow.sent.to_address(address)
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
    """A page to play a donor or a kitchen against the real webhook."""
    return render_template("simulator.html")


@bp.post("/simulator/send")
def simulator_send() -> tuple[Response, int]:
    """Builds Twilio's form from the page's input, signs it and posts it to our own webhook."""
    phone = request.form.get("phone", "").strip()
    if not phone.startswith("+"):
        return jsonify(error="phone must start with +"), 400
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + "0" * 32,
        "From": f"whatsapp:{phone}",
        "To": SANDBOX_NUMBER,
        "Body": request.form.get("body", ""),
        "NumMedia": "0",
        "ProfileName": request.form.get("name", "Simulator"),
        "WaId": phone.lstrip("+"),
    }
    if request.form.get("lat") and request.form.get("lng"):
        params.update(Latitude=request.form["lat"], Longitude=request.form["lng"])
        params.update(Label=request.form.get("label", ""), Address=request.form.get("address", ""))
    upload = request.files.get("photo")
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
