"""Orders as the dashboard and the API list them: filtered, newest first, a page at a time.

Pages are cut by id (the cursor is the last id shown), so an order made while someone pages
neither repeats nor shifts a row, as an offset would.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.reports import OrderFilters, india_midnight
from models import tables

orders = tables.orders.c
kitchens = tables.kitchens.c

_ONE_DAY = timedelta(days=1)
LISTED = (
    orders.id,
    orders.reference,
    orders.status,
    orders.created_at,
    orders.updated_at,
    orders.kitchen_id,
    kitchens.name.label("kitchen_name"),
    orders.amount_paise,
    orders.safety_passed,
    orders.duplicate_of,
    orders.flagged_at,
    orders.rating,
)


class OrderSearch:
    def __init__(self, session: Session):
        self.session = session

    def page(
        self, filters: OrderFilters, before_id: int | None = None, limit: int = 50
    ) -> tuple[list[Row], int | None]:
        """Up to `limit` orders older than `before_id`, and the cursor of the next page (None on the last)."""
        query = _filtered(select(*LISTED).outerjoin(tables.kitchens, kitchens.id == orders.kitchen_id), filters)
        if before_id is not None:
            query = query.where(orders.id < before_id)
        rows = list(self.session.execute(query.order_by(orders.id.desc()).limit(limit + 1)))
        more = len(rows) > limit
        return rows[:limit], rows[limit - 1].id if more else None

    def photos_of(self, reference: str) -> Row | None:
        """The order's id and photos, read without locking it (the order's page only shows them)."""
        query = select(orders.id, orders.photo_id, orders.delivery_photo_id, orders.donor_id)
        return self.session.execute(query.where(orders.reference == reference.upper())).first()


def _filtered(query: Select, filters: OrderFilters) -> Select:
    if filters.status:
        query = query.where(orders.status == filters.status)
    if filters.kitchen_id is not None:
        query = query.where(orders.kitchen_id == filters.kitchen_id)
    if filters.reference:
        query = query.where(orders.reference == filters.reference.upper())
    if filters.first_day is not None:
        query = query.where(orders.created_at >= india_midnight(filters.first_day))
    if filters.last_day is not None:
        query = query.where(orders.created_at < india_midnight(filters.last_day) + _ONE_DAY)
    return query
