"""Development only: a phone's channels as the send job sees them, and a way to close WhatsApp's
24-hour window without waiting a day, so the simulator can show a template or an SMS fallback."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, Response, jsonify, request

from bot.web.context import services
from domain.channels import WINDOW, Channel, address_on, window_open

bp = Blueprint("dev_channels", __name__, url_prefix="/dev")

# A closed window is one whose last message came just over 24 hours ago.
CLOSED_SINCE = WINDOW + timedelta(minutes=1)


@bp.get("/channels")
def channels() -> Response | tuple[Response, int]:
    """`?phone=+91…`: per channel, the address, when they last wrote, whether the window is open, whether stopped."""
    phone = request.args.get("phone", "").strip()
    if not phone.startswith("+"):
        return jsonify(error="phone must start with +"), 400
    return jsonify(_state(phone))


@bp.post("/channels/window")
def set_window() -> Response | tuple[Response, int]:
    """Form fields `phone`, `channel` (whatsapp, the default, or sms) and `state`: `closed` dates their
    last message 24 hours and a minute ago, `open` dates it now. Answers as GET /dev/channels."""
    phone = request.form.get("phone", "").strip()
    wanted = request.form.get("state", "closed")
    channel = request.form.get("channel", Channel.WHATSAPP.value)
    if not phone.startswith("+") or wanted not in ("open", "closed") or channel not in set(Channel):
        return jsonify(error="phone must start with +, state be open or closed, channel whatsapp or sms"), 400
    now = services().clock()
    with services().uow() as uow:
        uow.channels.set_heard_at(address_on(Channel(channel), phone), now if wanted == "open" else now - CLOSED_SINCE)
        uow.commit()
    return jsonify(_state(phone))


def _state(phone: str) -> dict[str, dict]:
    now = services().clock()
    with services().uow() as uow:
        return {channel.value: _one(uow, address_on(channel, phone), now) for channel in Channel}


def _one(uow, address: str, now: datetime) -> dict:
    heard_at = uow.channels.heard_at(address)
    return {
        "address": address,
        "last_inbound_at": heard_at.isoformat() if heard_at else None,
        "window_open": window_open(heard_at, now),
        "stopped": uow.channels.stopped(address),
    }
