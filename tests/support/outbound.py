"""Replies queued straight into the outbox, and the rows they become."""

from __future__ import annotations

from sqlalchemy import select

from models import tables

DONOR = "whatsapp:+919800000001"


def queue_reply(services, body: str = "Welcome to Ketpaar.") -> int:
    """A reply to a donor who just wrote: inside WhatsApp's 24-hour window."""
    with services.uow() as uow:
        uow.channels.heard_from(DONOR, services.clock())
        uow.outbox.send(DONOR, body, ("https://ketpaar.example/photos/abc", "http://127.0.0.1:5000/photos/x"))
        uow.commit()
        return uow.session.scalar(select(tables.outbound_messages.c.id))


def row(services, message_id: int):
    with services.engine.connect() as connection:
        query = select(tables.outbound_messages).where(tables.outbound_messages.c.id == message_id)
        return connection.execute(query).one()
