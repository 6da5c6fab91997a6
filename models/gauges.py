"""What a Prometheus scrape reads from PostgreSQL: orders by status, the oldest of each wait that a sweep
should end, flagged payment claims and the oldest inbound message not yet handled. Two statements,
both served by the indexes on orders' status and on inbound messages not yet processed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, func, select

from domain.orders import OrderStatus as S
from models import tables

orders = tables.orders.c
inbound = tables.inbound_messages.c

# Each wait a sweep is meant to end, and since when an order has been in it. A sweep that stopped
# shows here as a wait that grows past its limit (alerts.yml holds the limits).
WAITS = {
    "safety_check": (orders.updated_at, orders.status == S.SAFETY_CHECK),  # re-asked after 2 min
    "kitchen_answer": (orders.kitchen_asked_at, orders.status == S.VENDOR_SELECTION),  # KITCHEN_ANSWER_MINUTES
    "kitchen_wait": (orders.updated_at, orders.status == S.WAITING_FOR_KITCHEN),  # KITCHEN_WAIT_MINUTES
    "payment": (  # PAYMENT_TIMEOUT_MINUTES
        orders.payment_asked_at,
        and_(orders.status == S.PAYMENT_REDIRECT, orders.donor_paid_at.is_(None)),
    ),
    "payment_claim": (  # flagged for an admin after 30 minutes
        orders.donor_paid_at,
        and_(orders.status == S.PAYMENT_REDIRECT, orders.flagged_at.is_(None)),
    ),
}
OPEN = [S.SAFETY_CHECK, S.VENDOR_SELECTION, S.WAITING_FOR_KITCHEN, S.PAYMENT_REDIRECT]


@dataclass(frozen=True)
class OrderGauges:
    by_status: dict[str, int]
    waiting_since: dict[str, datetime | None]  # per wait, the oldest order's start; None when none waits
    flagged_claims: int
    oldest_inbound: datetime | None  # received, not yet handled (nor held or given up)


def read(connection: Connection) -> OrderGauges:
    by_status = dict(connection.execute(select(orders.status, func.count()).group_by(orders.status)).all())
    oldest = [func.min(since).filter(where).label(name) for name, (since, where) in WAITS.items()]
    flagged = func.count().filter(and_(orders.status == S.PAYMENT_REDIRECT, orders.flagged_at.is_not(None)))
    row = connection.execute(select(*oldest, flagged.label("flagged")).where(orders.status.in_(OPEN))).one()
    unhandled = connection.scalar(select(func.min(inbound.received_at)).where(inbound.processed_at.is_(None)))
    return OrderGauges(
        by_status={str(status): count for status, count in by_status.items()},
        waiting_since={name: getattr(row, name) for name in WAITS},
        flagged_claims=row.flagged,
        oldest_inbound=unhandled,
    )
