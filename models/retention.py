"""What is past its retention, per kind of data, counted and removed in PostgreSQL.

Each kind is one condition, used both to count (the privacy report) and to act (the daily job), so
that the report after the job can only be 0 if the job did what the rule says.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from domain.orders import Order
from domain.retention import ENDED, PLACE_DECIMALS, DataKind
from models.privacy import FORGET_DELETED_IDS

# Coordinates finer than PLACE_DECIMALS: not yet blurred.
_EXACT = (
    "({t}.lat <> round({t}.lat::numeric, :decimals)::float8 OR {t}.lng <> round({t}.lng::numeric, :decimals)::float8)"
)

# Condition per kind, over the table named after FROM; :cutoff is now minus the kind's span.
WHERE = {
    DataKind.INBOUND_MESSAGES: "FROM inbound_messages m WHERE m.received_at < :cutoff",
    DataKind.OUTBOUND_MESSAGES: "FROM outbound_messages m WHERE m.created_at < :cutoff",
    DataKind.EXACT_PLACES: (
        "FROM orders o WHERE o.status = ANY(:ended) AND o.updated_at < :cutoff AND " + _EXACT.format(t="o")
    ),
    DataKind.ASSESSMENT_PLACES: (
        "FROM safety_assessments a LEFT JOIN orders o ON o.id = a.order_id WHERE "
        + _EXACT.format(t="a")
        + " AND CASE WHEN o.id IS NULL THEN a.at < :cutoff"
        " ELSE o.status = ANY(:ended) AND o.updated_at < :cutoff END"
    ),
    DataKind.OLD_ORDERS: (
        "FROM orders o WHERE o.created_at < :cutoff AND (o.donor_id IS NOT NULL OR o.place_label <> '' "
        "OR o.place_address <> '' OR o.seeker_description <> '' OR o.photo_id IS NOT NULL "
        "OR o.delivery_photo_id IS NOT NULL OR o.duplicate_of IS NOT NULL OR " + _EXACT.format(t="o") + ")"
    ),
    DataKind.PHOTOS: "FROM photos p WHERE p.created_at < :cutoff",
    # Words about a person stand for the photo that was not taken, so they are kept as long as a photo.
    DataKind.DESCRIPTIONS: "FROM orders o WHERE o.created_at < :cutoff AND o.seeker_description <> ''",
    # Received, never taken by an order, and not waiting in a draft for the donor's consent.
    DataKind.UNUSED_PHOTOS: (
        "FROM photos p WHERE p.kind = 'inbound' AND p.created_at < :cutoff "
        "AND NOT EXISTS (SELECT 1 FROM orders o WHERE p.id IN (o.photo_id, o.delivery_photo_id)) "
        "AND NOT EXISTS (SELECT 1 FROM people d WHERE (d.draft->>'pending_photo_id')::bigint = p.id)"
    ),
    DataKind.FACE_DATA: "FROM face_embeddings e WHERE e.taken_at < :cutoff",
    DataKind.FACE_CHECKS: "FROM face_checks c WHERE c.at < :cutoff",
}
# The alias each condition gives the rows it counts, and the table they are deleted from.
ALIAS = {kind: condition.split()[2] for kind, condition in WHERE.items()}
TABLE = {kind: condition.split()[1] for kind, condition in WHERE.items()}


class Retention:
    def __init__(self, session: Session):
        self.session = session

    def _params(self, cutoff: datetime) -> dict:
        return {"cutoff": cutoff, "decimals": PLACE_DECIMALS, "ended": sorted(status.value for status in ENDED)}

    def past(self, kind: DataKind, cutoff: datetime) -> int:
        return self.session.scalar(text(f"SELECT count(*) {WHERE[kind]}"), self._params(cutoff))

    def ids_past(self, kind: DataKind, cutoff: datetime) -> list[int]:
        query = text(f"SELECT {ALIAS[kind]}.id {WHERE[kind]} ORDER BY {ALIAS[kind]}.id")
        return list(self.session.scalars(query, self._params(cutoff)))

    def delete_past(self, kind: DataKind, cutoff: datetime) -> int:
        """For kinds deleted outright: messages, face data and face checks."""
        table = TABLE[kind]
        ids = f"SELECT {ALIAS[kind]}.id {WHERE[kind]}"
        deleted = self.session.execute(text(f"DELETE FROM {table} WHERE id IN ({ids})"), self._params(cutoff))
        if kind == DataKind.OUTBOUND_MESSAGES:
            self.session.execute(FORGET_DELETED_IDS)  # an erased number's last word, if that old
        return deleted.rowcount

    def blur_places(self, kind: DataKind, cutoff: datetime) -> int:
        """Exact coordinates rounded to about 100 m: enough for a place's delivery history, not to find anyone."""
        table = TABLE[kind]
        ids = f"SELECT {ALIAS[kind]}.id {WHERE[kind]}"
        rounded = text(
            f"UPDATE {table} SET lat = round(lat::numeric, :decimals)::float8, "
            f"lng = round(lng::numeric, :decimals)::float8 WHERE id IN ({ids})"
        )
        return self.session.execute(rounded, self._params(cutoff)).rowcount

    def empty_descriptions(self, cutoff: datetime) -> int:
        ids = f"SELECT o.id {WHERE[DataKind.DESCRIPTIONS]}"
        emptied = text(f"UPDATE orders SET seeker_description = '' WHERE id IN ({ids})")
        return self.session.execute(emptied, self._params(cutoff)).rowcount

    def orders_to_anonymise(self, cutoff: datetime) -> list[Order]:
        ids = self.ids_past(DataKind.OLD_ORDERS, cutoff)
        return [self.session.get(Order, order_id, with_for_update=True) for order_id in ids]
