"""GET /api/v1/orders (filtered, newest first, a page at a time) and GET /api/v1/orders/{reference}."""

from __future__ import annotations

from bot.web.api import schemas
from bot.web.api.auth import api_blueprint
from bot.web.api.errors import ApiError
from bot.web.context import services
from domain.reports import OrderFilters
from flows import admin

bp = api_blueprint("orders", __name__, "Orders: listed with filters, one with its timeline.")


@bp.get("/orders")
@bp.arguments(schemas.OrderQuery, location="query")
@bp.response(200, schemas.OrderPage)
def orders(query: dict) -> dict:
    """List orders, newest first.

    Pass the answer's `next_cursor` as `cursor` for the next page; it is null on the last page. Days
    are India days."""
    filters = OrderFilters(
        status=query.get("status"),
        kitchen_id=query.get("kitchen_id"),
        reference=query.get("reference"),
        first_day=query.get("first_day"),
        last_day=query.get("last_day"),
    )
    before = int(query["cursor"]) if "cursor" in query else None
    with services().uow() as uow:
        rows, cursor = uow.order_search.page(filters, before, query["limit"])
    return {"orders": [listed(row) for row in rows], "next_cursor": str(cursor) if cursor else None}


def listed(row) -> dict:
    return {
        "id": row.id,
        "reference": row.reference,
        "status": row.status,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "kitchen": {"id": row.kitchen_id, "name": row.kitchen_name} if row.kitchen_id else None,
        "amount_paise": row.amount_paise,
        "safety_passed": row.safety_passed,
        "duplicate_of": row.duplicate_of,
        "flagged": row.flagged_at is not None,
        "rating": row.rating,
    }


@bp.get("/orders/<reference>")
@bp.response(200, schemas.Order)
def order(reference: str) -> dict:
    """One order: status, kitchen, place, safety with its reasons, the duplicate match, payment and timeline."""
    if not (reference.isascii() and reference.isalnum() and len(reference) <= 8):
        raise ApiError(404, "not_found", f"no order {reference}")
    with services().uow() as uow:
        try:
            return admin.order_report(uow, reference.upper())
        except admin.AdminError as error:
            raise ApiError(404, "not_found", str(error)) from error
