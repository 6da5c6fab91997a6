"""What may need an admin: orders at a timed step, and messages that could not be sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.attention import TIMED_STEPS
from domain.orders import Order
from models import tables

orders = tables.orders.c
outbound = tables.outbound_messages.c

# Twilio's words for a message it could not deliver, beside ours for one we could not hand to it.
FAILED = ("failed", "undelivered")
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
        query = select(tables.outbound_messages).where(outbound.status.in_(FAILED))
        return list(self.session.execute(query.order_by(outbound.id.desc()).limit(limit)))

    def requeue_message(self, message_id: int, now: datetime) -> bool:
        """A failed message queued again, with a fresh count of tries; False unless it had failed."""
        done = self.session.execute(
            update(tables.outbound_messages)
            .where(outbound.id == message_id, outbound.status.in_(FAILED))
            .values(status="queued", attempts=0, error=None, next_attempt_at=now + RETRY_JOB_LOST_AFTER)
            .returning(outbound.id)
        ).first()
        return done is not None
