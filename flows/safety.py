"""Assessing a spot: map signals, delivery history and area data in; a score that explains itself out.

The donor's safety job and the assessment API share this one use case.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from domain.geo import Point
from domain.safety import Assessment, MapFacts, Signals, assess, with_model
from flows.ports import UnitOfWork

HISTORY_DAYS = 90


class MapSignals(Protocol):
    def facts(self, point: Point) -> MapFacts: ...


class SafetyModels(Protocol):
    def predict(self, version: int, path: str, features: dict) -> float:
        """The probability that a delivery here succeeds, by the model of that version."""


def assess_spot(
    uow: UnitOfWork,
    maps: MapSignals,
    models: SafetyModels,
    point: Point,
    at: datetime,
    threshold: float,
    order_id: int | None = None,
) -> tuple[Assessment, MapFacts]:
    facts = maps.facts(point)
    signals = Signals(
        places=facts.places,
        road_metres=facts.road_metres,
        road_name=facts.road_name,
        history=uow.orders.delivery_history(point, at - timedelta(days=HISTORY_DAYS)),
        area=uow.safety.area_at(point),
        unavailable=facts.unavailable,
    )
    assessment = assess(point, at, signals, threshold)
    current = uow.safety.current_model()
    if current is not None:
        assessment = with_model(
            assessment, models.predict(current.version, current.path, assessment.features), current.version
        )
    uow.safety.record(order_id, point, at, assessment)
    return assessment, facts
