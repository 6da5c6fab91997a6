"""The JSON API for integrations: assess a spot's safety."""

from __future__ import annotations

import hmac
from datetime import datetime

from flask import Blueprint, Response, abort, jsonify, request

from bot.web.context import services
from domain.geo import INDIA_LAT, BadCoordinates, in_india, parse_point
from flows.i18n import t
from flows.safety import assess_spot
from flows.texts import SAFETY_REASONS

bp = Blueprint("api", __name__, url_prefix="/api/v1")

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class BadField(ValueError):
    def __init__(self, field: str, problem: str):
        super().__init__(problem)
        self.field = field


def require_admin_token() -> None:
    expected = services().settings.admin_api_token
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(Response('{"error": "a valid bearer token is required"}', 401, mimetype="application/json"))


def read_payload(payload: object) -> tuple:
    if not isinstance(payload, dict):
        raise BadField("body", "a JSON object is required")
    for field in ("lat", "lng", "timestamp"):
        if field not in payload:
            raise BadField(field, "missing")
    for field in ("lat", "lng"):
        if isinstance(payload[field], bool) or not isinstance(payload[field], int | float):
            raise BadField(field, "must be a number")
    try:
        point = parse_point(payload["lat"], payload["lng"])
    except BadCoordinates as error:
        raise BadField("lat" if abs(payload["lat"]) > 90 else "lng", "out of range") from error
    if not in_india(point):
        outside_lat = not INDIA_LAT[0] <= point.lat <= INDIA_LAT[1]
        raise BadField("lat" if outside_lat else "lng", "outside India")
    try:
        at = datetime.fromisoformat(str(payload["timestamp"]))
    except ValueError as error:
        raise BadField("timestamp", "must be ISO 8601, like 2026-11-26T21:30:00+05:30") from error
    if at.tzinfo is None:
        raise BadField("timestamp", "must carry a time zone, like +05:30 or Z")
    if not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
        # Far dates overflow when turned into India time or the sun's position; none is a delivery.
        raise BadField("timestamp", f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return point, at


@bp.post("/safety/assess")
def assess() -> tuple[Response, int]:
    """The score of a spot at a moment, with its breakdown and reasons; nothing about any person."""
    require_admin_token()
    try:
        point, at = read_payload(request.get_json(silent=True))
    except BadField as error:
        return jsonify(error=str(error), field=error.field), 400
    language = request.args.get("lang", "en")
    with services().uow() as uow:
        assessment, _ = assess_spot(
            uow, services().maps, services().safety_models, point, at, services().settings.safety_threshold
        )
        uow.commit()
    reasons = {
        name: t(language, SAFETY_REASONS[part.reason], **part.detail) for name, part in assessment.components.items()
    }
    return jsonify(
        score=assessment.score,
        passed=assessment.passed,
        threshold=assessment.threshold,
        breakdown=assessment.breakdown(),
        reasons=reasons,
        missing_signals=assessment.missing_signals,
        model_version=assessment.model_version,
    ), 200
