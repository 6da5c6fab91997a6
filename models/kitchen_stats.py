"""How kitchens answered the orders they were asked to cook, and what they have left today."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.reports import KitchenAnswers, Period
from models import tables

# Requests by the India day of the meal (the app's clock, as capacity is counted), and acceptances as
# the orders that reached payment with that kitchen. A kitchen that accepted and then gave the order up
# is counted as declining it.
_ANSWERS = text(
    """
    WITH asked AS (
        SELECT kitchen_id,
               count(*) FILTER (WHERE reason = 'reserved') AS asked,
               count(*) FILTER (WHERE reason = 'declined') AS declined,
               count(*) FILTER (WHERE reason = 'timed_out') AS timed_out
        FROM capacity_log
        WHERE day BETWEEN :first AND :last
        GROUP BY kitchen_id
    ), accepted AS (
        SELECT kitchen_id, count(*) AS accepted
        FROM orders
        WHERE payment_asked_at IS NOT NULL AND kitchen_id IS NOT NULL AND meal_day BETWEEN :first AND :last
        GROUP BY kitchen_id
    )
    SELECT asked.kitchen_id, asked.asked, COALESCE(accepted.accepted, 0) AS accepted, asked.declined, asked.timed_out
    FROM asked LEFT JOIN accepted USING (kitchen_id)
    """
)


class KitchenStats:
    def __init__(self, session: Session):
        self.session = session

    def answers(self, period: Period) -> dict[int, KitchenAnswers]:
        rows = self.session.execute(_ANSWERS, {"first": period.first, "last": period.last})
        return {row.kitchen_id: KitchenAnswers(row.asked, row.accepted, row.declined, row.timed_out) for row in rows}

    def day(self, kitchen_id: int, day: date) -> Row | None:
        """That day's capacity and meals reserved, once the day's first order touched them."""
        days = tables.kitchen_days.c
        query = select(days.capacity, days.reserved).where(days.kitchen_id == kitchen_id, days.day == day)
        return self.session.execute(query).first()

    def recent_orders(self, kitchen_id: int, limit: int = 50) -> list[Row]:
        orders = tables.orders.c
        query = (
            select(orders.id, orders.reference, orders.status, orders.created_at, orders.amount_paise, orders.rating)
            .where(orders.kitchen_id == kitchen_id)
            .order_by(orders.id.desc())
            .limit(limit)
        )
        return list(self.session.execute(query))
