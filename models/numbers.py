"""The dashboard's numbers, counted in PostgreSQL by India day, kitchen or map cell over a period."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.reports import Period

# India days: an order delivered at 23:30 IST belongs to that day, not to the next one in UTC.
DAY = "(at AT TIME ZONE 'Asia/Kolkata')::date"

_DELIVERED = text(
    f"""
    SELECT {DAY} AS day, count(DISTINCT order_id) AS meals
    FROM order_events WHERE to_status = 'DELIVERED' AND at >= :start AND at < :end
    GROUP BY 1
    """
)

# From the donor's pin (the latest move into the safety check before it) to the kitchen's ACCEPT, and
# to DELIVERED; by the day of the accept or the delivery. An order accepted twice counts its last.
_MINUTES = text(
    f"""
    WITH moved AS (
        SELECT DISTINCT ON (e.order_id, e.to_status) e.order_id, e.to_status, e.at,
               (SELECT max(p.at) FROM order_events p
                WHERE p.order_id = e.order_id AND p.to_status = 'SAFETY_CHECK' AND p.at <= e.at) AS pinned_at
        FROM order_events e
        WHERE e.at >= :start AND e.at < :end
          AND (e.to_status = 'DELIVERED' OR (e.to_status = 'PAYMENT_REDIRECT' AND e.from_status = 'VENDOR_SELECTION'))
        ORDER BY e.order_id, e.to_status, e.at DESC
    )
    SELECT {DAY} AS day,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - pinned_at) / 60)
               FILTER (WHERE to_status = 'PAYMENT_REDIRECT') AS to_accept,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM at - pinned_at) / 60)
               FILTER (WHERE to_status = 'DELIVERED') AS to_delivery
    FROM moved WHERE pinned_at IS NOT NULL
    GROUP BY 1
    """
)

# Assessments made for orders (the API's are no donor's spot).
_SAFETY = text(
    f"""
    SELECT {DAY} AS day, count(*) AS assessed, count(*) FILTER (WHERE passed) AS passed
    FROM safety_assessments WHERE order_id IS NOT NULL AND at >= :start AND at < :end
    GROUP BY 1
    """
)

# A nudge's answer: CONTINUE, or CANCEL, or neither yet (a new photo starts the check afresh).
_NUDGES = text(
    """
    SELECT (created_at AT TIME ZONE 'Asia/Kolkata')::date AS day,
           count(*) AS nudged,
           count(*) FILTER (WHERE duplicate_answer = 'continued') AS continued,
           count(*) FILTER (WHERE duplicate_answer = 'asked' AND status = 'CANCELLED') AS cancelled,
           count(*) FILTER (WHERE duplicate_answer = 'asked' AND status <> 'CANCELLED') AS no_answer
    FROM orders WHERE duplicate_of IS NOT NULL AND created_at >= :start AND created_at < :end
    GROUP BY 1
    """
)

# Cells of 0.01° (about 1 km), as the safety score's area data is kept.
_AREAS = text(
    """
    SELECT round(lat * 100)::int AS cell_lat, round(lng * 100)::int AS cell_lng,
           count(*) AS orders,
           count(*) FILTER (WHERE status IN ('DELIVERED', 'COMPLETED')) AS delivered,
           count(safety_passed) AS assessed,
           count(*) FILTER (WHERE safety_passed) AS passed,
           count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS nudged
    FROM orders WHERE lat IS NOT NULL AND lng IS NOT NULL AND created_at >= :start AND created_at < :end
    GROUP BY 1, 2 ORDER BY orders DESC, 1, 2
    LIMIT :limit
    """
)


class Numbers:
    def __init__(self, session: Session):
        self.session = session

    def _rows(self, query, period: Period, **extra: object) -> list[Row]:
        return list(self.session.execute(query, {"start": period.start, "end": period.end, **extra}))

    def delivered(self, period: Period) -> list[Row]:
        return self._rows(_DELIVERED, period)

    def minutes(self, period: Period) -> list[Row]:
        return self._rows(_MINUTES, period)

    def safety(self, period: Period) -> list[Row]:
        return self._rows(_SAFETY, period)

    def nudges(self, period: Period) -> list[Row]:
        return self._rows(_NUDGES, period)

    def areas(self, period: Period, limit: int = 30) -> list[Row]:
        return self._rows(_AREAS, period, limit=limit)
