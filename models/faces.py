"""Face embeddings: written by the photo job, compared only inside the duplicate query, then deleted.

No method here returns an embedding: they never leave the database once stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from domain.duplicates import DuplicateMatch, DuplicatePolicy
from domain.geo import Point
from domain.orders import DELIVERED_OK, ENDED_UNFED, FED  # noqa: F401 (bench/duplicates.py imports FED from here)
from models import tables

faces = tables.face_embeddings.c

# An earlier seeker counts once a kitchen was asked to cook for them, unless that order ended unfed:
# a meal still on its way is the commonest duplicate.
# Candidates come from one GiST index over place (earthdistance) and time (btree_gist); the
# exact pgvector distance runs only on those few rows. An HNSW index would filter after its scan and could
# miss a match under so narrow a filter; here recall must be complete.
DUPLICATE_QUERY = text(
    """
    SELECT o.reference,
           o.status = ANY(:delivered) AS delivered,
           earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(e.lat, e.lng)) AS metres,
           e.taken_at,
           e.embedding <-> (SELECT embedding FROM face_embeddings WHERE order_id = :order_id) AS distance
    FROM face_embeddings e
    JOIN orders o ON o.id = e.order_id
    WHERE earth_box(ll_to_earth(:lat, :lng), :radius) @> ll_to_earth(e.lat, e.lng)
      AND earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(e.lat, e.lng)) <= :radius
      AND e.taken_at >= :since
      AND e.order_id <> :order_id
      AND o.kitchen_id IS NOT NULL
      AND NOT o.status = ANY(:unfed)
    ORDER BY distance
    LIMIT 1
    """
)


class SeekerFaces:
    def __init__(self, session: Session):
        self.session = session

    def store(self, order_id: int, embedding: list[float], taken_at: datetime) -> None:
        self.session.execute(delete(tables.face_embeddings).where(faces.order_id == order_id))
        self.session.execute(
            insert(tables.face_embeddings).values(order_id=order_id, embedding=embedding, taken_at=taken_at)
        )

    def find_duplicate(
        self, order_id: int, point: Point, now: datetime, policy: DuplicatePolicy
    ) -> DuplicateMatch | None:
        """The nearest-looking earlier seeker within the radius and window, if close enough to be the same."""
        self.session.execute(
            update(tables.face_embeddings).where(faces.order_id == order_id).values(lat=point.lat, lng=point.lng)
        )
        row = self.session.execute(
            DUPLICATE_QUERY,
            {
                "lat": point.lat,
                "lng": point.lng,
                "radius": policy.radius_m,
                "since": now - policy.window,
                "order_id": order_id,
                "unfed": [status.value for status in ENDED_UNFED],
                "delivered": [status.value for status in DELIVERED_OK],
            },
        ).first()
        if row is None or row.distance is None or row.distance >= policy.max_distance:
            return None
        minutes = int((now - row.taken_at).total_seconds() // 60)
        return DuplicateMatch(row.reference, round(row.metres), minutes, round(row.distance, 3), row.delivered)

    def checks_since(self, donor_id: int, since: datetime) -> int:
        checks = tables.face_checks.c
        query = select(func.count()).where(checks.donor_id == donor_id, checks.at >= since)
        return self.session.scalar(query)

    def record_check(self, donor_id: int, order_id: int, at: datetime) -> None:
        self.session.execute(insert(tables.face_checks).values(donor_id=donor_id, order_id=order_id, at=at))

    def forget(self, order_id: int) -> None:
        self.session.execute(delete(tables.face_embeddings).where(faces.order_id == order_id))

    def delete_before(self, cutoff: datetime) -> int:
        return self.session.execute(delete(tables.face_embeddings).where(faces.taken_at < cutoff)).rowcount
