"""One envelope for every error under /api, whatever raised it (a validation, a missing token, a 404 from
routing, a crash): `{"error": {"code": "invalid", "message": "outside India", "field": "lat"}}`.

`code` is a stable word to branch on, `message` says what went wrong in English, and `field` names
the input at fault, or is null.
"""

from __future__ import annotations

import logging

import marshmallow as ma
from flask import Response, jsonify, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    500: "server_error",
}


class ErrorBody(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "A stable word to branch on, e.g. invalid"})
    message = ma.fields.String(required=True, metadata={"description": "What went wrong, in English"})
    field = ma.fields.String(required=True, allow_none=True, metadata={"description": "The input at fault"})


class ErrorEnvelope(ma.Schema):
    error = ma.fields.Nested(ErrorBody, required=True)


class ApiError(Exception):
    """An error a view raises on purpose: the envelope's code, message and field, with its HTTP status."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.field = status, code, field


def envelope(status: int, code: str, message: str, field: str | None = None, headers: dict | None = None) -> Response:
    response = jsonify(error={"code": code, "message": message, "field": field})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def first_problem(messages: dict, path: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """The first field webargs found fault with, as a dotted path, and its first message."""
    for name, problem in messages.items():
        if isinstance(problem, dict):
            return first_problem(problem, (*path, str(name)))
        text = problem[0] if isinstance(problem, list) and problem else str(problem)
        where = ".".join((*path, str(name))[1:])  # the first part is the location (json, query)
        return (where if where and where != "_schema" else "body"), str(text)
    return None, "invalid input"


class KetpaarApi(Api):
    """flask-smorest's Api with Ketpaar's envelope, documented as every operation's error response."""

    ERROR_SCHEMA = ErrorEnvelope

    def _register_error_handlers(self) -> None:
        self._app.register_error_handler(HTTPException, self.handle_http_exception)
        self._app.register_error_handler(ApiError, on_api_error)

    def handle_http_exception(self, error: HTTPException):
        """Under /api the envelope; anywhere else the app's own answer (the dashboard has its own pages)."""
        if not request.path.startswith(API_PREFIX):
            return error
        status = error.code or 500
        if status >= 500:
            log.error("api %s %s failed: %s", request.method, request.path, error)
        messages = (getattr(error, "data", None) or {}).get("messages")
        if status in (400, 422) and messages:
            field, message = first_problem(messages)
            return envelope(400, "invalid", message, field)
        headers = {name: value for name, value in error.get_headers() if name.lower() not in ("content-type",)}
        return envelope(status, CODES.get(status, "error"), error.description or error.name, None, headers)


def on_api_error(error: ApiError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return envelope(error.status, error.code, str(error), error.field, headers)
