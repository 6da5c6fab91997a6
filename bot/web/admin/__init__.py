"""The admins' dashboard at /admin: server-rendered pages in English, Tamil and Hindi, usable on a phone.

Operators read; admins also act. Every POST carries a CSRF token, and every action is written to the
audit log by the use case it calls (the same one the CLI and the API call).
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")

# The views register themselves on bp.
from bot.web.admin import (  # noqa: E402, F401
    attention,
    giving,
    guard,
    kitchens,
    login,
    numbers,
    orders,
    pages,
    safety_models,
    tokens,
)
