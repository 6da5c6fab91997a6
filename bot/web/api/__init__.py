"""The JSON API at /api/v1 for admins' integrations, documented by an OpenAPI 3.1 document generated from
these modules (flask-smorest) at /api/v1/openapi.json. Every request needs an admin's API token; every
error, whatever raised it, answers in one envelope (errors.py)."""

from flask import Flask

from bot.web.api import giving, kitchens, metrics, orders, safety
from bot.web.api.errors import KetpaarApi

SPEC = {
    "API_TITLE": "Ketpaar API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Orders, kitchens, pledges and campaigns, spot safety and the dashboard's numbers. Send "
            "an admin's API token (made in the dashboard at /admin/tokens) as `Authorization: Bearer <token>`. "
            'Every error answers `{"error": {"code", "message", "field"}}`.'
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    },
}


def init_app(app: Flask) -> None:
    app.config.update(SPEC)
    api = KetpaarApi(app)
    for module in (orders, kitchens, giving, safety, metrics):
        api.register_blueprint(module.bp)
