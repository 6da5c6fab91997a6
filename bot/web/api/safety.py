"""POST /api/v1/safety/assess: the score of a spot at a moment, with its breakdown and reasons."""

from __future__ import annotations

from bot.web.api import schemas
from bot.web.api.auth import api_blueprint
from bot.web.context import services
from domain.geo import Point
from flows.i18n import t
from flows.safety import assess_spot
from flows.texts import SAFETY_REASONS

bp = api_blueprint("safety", __name__, "The safety score of a spot, as a donor's order gets it.")


@bp.post("/safety/assess")
@bp.arguments(schemas.AssessRequest)
@bp.arguments(schemas.Language, location="query", as_kwargs=True)
@bp.response(200, schemas.Assessment)
def assess(spot: dict, lang: str) -> dict:
    """Assess a spot's safety at a moment.

    Nothing about any person: only the place, the moment and what the map knows. Reasons come in the
    language asked for (`?lang=ta`)."""
    built = services()
    with built.uow() as uow:
        point = Point(spot["lat"], spot["lng"])
        assessment, _ = assess_spot(
            uow, built.maps, built.safety_models, point, spot["timestamp"], built.settings.safety_threshold
        )
        uow.commit()
    reasons = {
        name: t(lang, SAFETY_REASONS[part.reason], **part.detail) for name, part in assessment.components.items()
    }
    return {
        "score": assessment.score,
        "passed": assessment.passed,
        "threshold": assessment.threshold,
        "breakdown": assessment.breakdown(),
        "reasons": reasons,
        "missing_signals": assessment.missing_signals,
        "model_version": assessment.model_version,
    }
