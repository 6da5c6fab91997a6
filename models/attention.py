"""What may need an admin: orders at a timed step, and messages that could not be sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.attention import TIMED_STEPS
from domain.orders import Order
from models import tables

orders = tables.orders.c
outbound = tables.outbound_messages.c

# Twilio's words for a message it could not deliver, beside ours for one we could not hand to it, and
# ours for one no channel could carry (domain.channels.choose_route says why, in `channel_reason`).
FAILED = ("failed", "undelivered", "not_sent")
# A retried message is looked at by the sweeper this long after, should its job be lost.
RETRY_JOB_LOST_AFTER = timedelta(minutes=1)


class Attention:
    def __init__(self, session: Session):
        self.session = session

    def timed_orders(self, limit: int = 500) -> list[Order]:
        """Open orders at a step with a time limit, oldest move first; read without locking them."""
        query = select(Order).where(orders.status.in_(sorted(TIMED_STEPS))).order_by(orders.updated_at, orders.id)
        return list(self.session.scalars(query.limit(limit)))

    def failed_messages(self, limit: int = 100) -> list[Row]:
        """Messages that did not reach their person, newest first, each with whether its address sent STOP and
        the kitchen (`kitchen_id`, `kitchen_name`) whose contact it went to, if any.

        A message WhatsApp refused after the send and that was copied to go by SMS is left out: its copy
        (listed if it did not arrive either) is the same text, and the person is owed it once."""
        contacts = tables.channel_contacts.c
        stopped = select(contacts.address).where(
            contacts.address == outbound.to_address, contacts.stopped_at.is_not(None)
        )
        people, kitchens = tables.people, tables.kitchens
        recipients = tables.outbound_messages.outerjoin(people, people.c.address == outbound.to_address).outerjoin(
            kitchens, kitchens.c.person_id == people.c.id
        )
        query = (
            select(
                tables.outbound_messages,
                stopped.exists().label("stopped"),
                kitchens.c.id.label("kitchen_id"),
                kitchens.c.name.label("kitchen_name"),
            )
            .select_from(recipients)
            .where(outbound.status.in_(FAILED), ~self._copies(outbound.id).exists())
        )
        return list(self.session.execute(query.order_by(outbound.id.desc()).limit(limit)))

    def failed_message(self, message_id: int) -> Row | None:
        """Locked until the unit of work ends: the send job makes a copy under this lock, so a `copy_of` asked
        after this sees any copy made before, and none is made meanwhile."""
        query = (
            select(outbound.id, outbound.kind, outbound.to_address)
            .where(outbound.id == message_id, outbound.status.in_(FAILED))
            .with_for_update()
        )
        return self.session.execute(query).first()

    def copy_of(self, message_id: int) -> int | None:
        """The row made to carry this message by SMS once WhatsApp refused it, if one was."""
        return self.session.scalar(self._copies(message_id))

    @staticmethod
    def _copies(message_id: int | ColumnElement[int]) -> Select:
        copies = tables.outbound_messages.alias("copies")
        return select(copies.c.id).where(copies.c.fallback_of == message_id)

    def requeue_message(self, message_id: int, now: datetime) -> bool:
        """A failed message queued again, with a fresh count of tries; False unless it had failed.

        WhatsApp's refusal is forgotten too, so the channel is chosen afresh: a person who wrote again since,
        or a template set since, may carry it by WhatsApp; refused again, it goes by SMS as before."""
        done = self.session.execute(
            update(tables.outbound_messages)
            .where(outbound.id == message_id, outbound.status.in_(FAILED))
            .values(
                status="queued",
                attempts=0,
                error=None,
                whatsapp_refused=False,
                next_attempt_at=now + RETRY_JOB_LOST_AFTER,
            )
            .returning(outbound.id)
        ).first()
        return done is not None
