"""The API's door: an admin's token on every request, and the admin's name on every action."""

from __future__ import annotations

from flask import g, request
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser

from bot.web.api.errors import ApiError
from bot.web.context import services
from domain.staff import Actor
from flows import staff


class Parser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400  # as the safety API always answered; documented so


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = Parser()


def api_blueprint(name: str, import_name: str, description: str) -> ApiBlueprint:
    bp = ApiBlueprint(name, import_name, url_prefix="/api/v1", description=description)
    bp.before_request(require_token)
    return bp


def require_token() -> None:
    """A token made in the dashboard and not revoked; it is looked up by its hash."""
    given = request.headers.get("Authorization", "")
    secret = given.removeprefix("Bearer ").strip() if given.startswith("Bearer ") else ""
    with services().uow() as uow:
        found = staff.token_owner(uow, secret, services().clock())
        if found is None:
            raise ApiError(401, "unauthorized", "a valid API token is required: Authorization: Bearer <token>")
        member, _ = found
        g.api_actor, g.api_can_act = Actor(member.email, "api", member.id), member.can_act


def acting_admin() -> Actor:
    """Who acts: only an admin's token may change anything (operators have no tokens, but a role may change)."""
    if not g.api_can_act:
        raise ApiError(403, "forbidden", "only an admin may do this")
    return g.api_actor
