"""Assessing a spot: map signals, delivery history and area data in; a score that explains itself out.

The donor's safety job and the assessment API share this one use case.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Protocol

from domain.geo import Point
from domain.safety import Assessment, MapFacts, Signals, assess, with_model
from flows.ports import UnitOfWork

log = logging.getLogger(__name__)

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
        assessment = _with_promoted_model(models, current, assessment)
    uow.safety.record(order_id, point, at, assessment)
    return assessment, facts


def _with_promoted_model(models: SafetyModels, current: Any, assessment: Assessment) -> Assessment:
    """The promoted model's score; when the model fails (a lost file, a broken build), the rule score
    decides, so a donor on a street corner is never held up by it."""
    try:
        probability = models.predict(current.version, current.path, assessment.features)
    except Exception:  # any failure of the model is the same to the donor: the rules decide
        log.exception("safety model v%s failed; the rule score decides", current.version)
        return assessment
    return with_model(assessment, probability, current.version)
