"""Safety assessments, the learned models' versions, and area statistics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.geo import Point, grid_cell
from domain.safety import AreaStats, Assessment
from models import tables

AREA_DEGREES = 0.01  # about 1 km

assessments = tables.safety_assessments.c
models = tables.safety_models.c


def area_cell(point: Point) -> str:
    return grid_cell(point, AREA_DEGREES)


class SafetyRecords:
    def __init__(self, session: Session):
        self.session = session

    def record(self, order_id: int | None, point: Point, at: datetime, assessment: Assessment) -> None:
        self.session.execute(
            insert(tables.safety_assessments).values(
                order_id=order_id,
                lat=point.lat,
                lng=point.lng,
                at=at,
                score=assessment.score,
                rule_score=assessment.rule_score,
                passed=assessment.passed,
                threshold=assessment.threshold,
                breakdown=assessment.breakdown(),
                reasons=assessment.reasons(),
                missing_signals=assessment.missing_signals,
                features=assessment.features,
                model_version=assessment.model_version,
            )
        )

    def labelled(self) -> list[Row]:
        """The last assessment of every order whose delivery succeeded (1) or failed (0), oldest first."""
        return list(
            self.session.execute(
                text(
                    """
                    SELECT DISTINCT ON (a.order_id) a.at, a.features, a.rule_score,
                           (o.status IN ('DELIVERED', 'COMPLETED'))::int AS delivered
                    FROM safety_assessments a JOIN orders o ON o.id = a.order_id
                    WHERE o.status IN ('DELIVERED', 'COMPLETED', 'DELIVERY_FAILED')
                    ORDER BY a.order_id, a.at DESC
                    """
                )
            ).all()
        )

    def current_model(self) -> Row | None:
        query = select(tables.safety_models).where(models.promoted).order_by(models.version.desc()).limit(1)
        return self.session.execute(query).first()

    def next_version(self) -> int:
        return (self.session.scalar(select(func.max(models.version))) or 0) + 1

    def add_model(self, version: int, path: str, size: int, features: list[str], metrics: dict, promoted: bool) -> None:
        self.session.execute(
            insert(tables.safety_models).values(
                version=version, path=path, training_size=size, features=features, metrics=metrics, promoted=promoted
            )
        )

    def all_models(self) -> list[Row]:
        return list(self.session.execute(select(tables.safety_models).order_by(models.version)))

    def model(self, version: int) -> Row | None:
        """That model's row, held until commit: two admins promoting at once take turns."""
        query = select(tables.safety_models).where(models.version == version).with_for_update()
        return self.session.execute(query).first()

    def promote(self, version: int) -> None:
        """That model decides from now on: it is promoted and every later one set aside."""
        self.session.execute(update(tables.safety_models).where(models.version > version).values(promoted=False))
        self.session.execute(update(tables.safety_models).where(models.version == version).values(promoted=True))

    def demote(self, version: int) -> None:
        self.session.execute(update(tables.safety_models).where(models.version == version).values(promoted=False))

    def area_at(self, point: Point) -> AreaStats | None:
        row = self.session.execute(
            select(tables.area_stats).where(tables.area_stats.c.cell == area_cell(point))
        ).first()
        return AreaStats(row.population_density, row.crime_rate) if row else None

    def load_area(self, point: Point, stats: AreaStats) -> None:
        values = {"population_density": stats.population_density, "crime_rate": stats.crime_rate}
        self.session.execute(
            pg_insert(tables.area_stats)
            .values(cell=area_cell(point), **values)
            .on_conflict_do_update(index_elements=["cell"], set_=values)
        )
