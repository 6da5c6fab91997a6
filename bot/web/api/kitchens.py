"""Kitchens: GET /api/v1/kitchens, GET /api/v1/kitchens/{id}, and POST …/verify or …/suspend with a reason."""

from __future__ import annotations

from bot.web.api import schemas
from bot.web.api.auth import acting_admin, api_blueprint
from bot.web.api.errors import ApiError
from bot.web.context import services
from bot.web.standing import change_standing
from flows import admin

bp = api_blueprint("kitchens", __name__, "Kitchens: listed, one, verified or suspended.")


@bp.get("/kitchens")
@bp.response(200, schemas.KitchenList)
def kitchens() -> dict:
    """Every kitchen, as `flask --app wsgi vendor list --json` prints it."""
    with services().uow() as uow:
        return {"kitchens": admin.kitchen_list(uow, services().clock())}


@bp.get("/kitchens/<int:kitchen_id>")
@bp.response(200, schemas.Kitchen)
def kitchen(kitchen_id: int) -> dict:
    with services().uow() as uow:
        found = uow.kitchens.get(kitchen_id)
        if found is None:
            raise ApiError(404, "not_found", f"no kitchen {kitchen_id}")
        return admin.kitchen_summary(uow, found, services().clock())


@bp.post("/kitchens/<int:kitchen_id>/verify")
@bp.arguments(schemas.Reason)
@bp.response(200, schemas.StandingChange)
def verify(body: dict, kitchen_id: int) -> dict:
    """Verify a kitchen waiting for it; the kitchen is told in its language. 409 if it is not waiting."""
    return _change(kitchen_id, "verify", body["reason"])


@bp.post("/kitchens/<int:kitchen_id>/suspend")
@bp.arguments(schemas.Reason)
@bp.response(200, schemas.StandingChange)
def suspend(body: dict, kitchen_id: int) -> dict:
    """Suspend a verified kitchen, telling it why: its unpaid orders go to other kitchens, paid ones stay."""
    return _change(kitchen_id, "suspend", body["reason"])


def _change(kitchen_id: int, action: str, reason: str) -> dict:
    actor = acting_admin()
    with services().uow() as uow:
        if uow.kitchens.get(kitchen_id) is None:
            raise ApiError(404, "not_found", f"no kitchen {kitchen_id}")
    try:
        done = change_standing(kitchen_id, action, reason, actor)
    except admin.AdminError as error:
        raise ApiError(409, "conflict", str(error)) from error
    with services().uow() as uow:
        summary = admin.kitchen_summary(uow, uow.kitchens.get(kitchen_id), services().clock())
    return {"kitchen": summary, "moved": done.moved, "kept": done.kept}
