"""A kitchen's standing changed by an admin, from the dashboard or the API: the same use cases the CLI calls."""

from __future__ import annotations

from bot.web.context import services
from domain.kitchens import Kitchen, KitchenStanding
from domain.staff import Actor
from flows import admin

ACTIONS = ("verify", "reject", "suspend", "reinstate")


def allowed_actions(kitchen: Kitchen) -> list[str]:
    """What an admin may do to this kitchen now, by the standings it may move to.

    Becoming verified is "verify" the first time and "reinstate" after a suspension or refusal."""
    first_time = kitchen.standing == KitchenStanding.PENDING
    wanted = {
        "verify": KitchenStanding.VERIFIED if first_time else None,
        "reject": KitchenStanding.REJECTED,
        "suspend": KitchenStanding.SUSPENDED,
        "reinstate": None if first_time else KitchenStanding.VERIFIED,
    }
    return [action for action in ACTIONS if wanted[action] and kitchen.can_become(wanted[action])]


def change_standing(kitchen_id: int, action: str, reason: str, actor: Actor) -> Kitchen:
    """Raises AdminError when the kitchen cannot make that move, or there is no reason."""
    built = services()
    with built.uow() as uow:
        if action == "verify":
            if not reason.strip():
                raise admin.AdminError("a reason is required")
            return admin.verify_kitchen(uow, kitchen_id, actor, reason)
        if action == "suspend":
            now, deadlines = built.clock(), built.settings.deadlines()
            return admin.suspend_kitchen(uow, built.links, kitchen_id, reason, actor, now, deadlines).kitchen
        if action == "reject":
            return admin.reject_kitchen(uow, kitchen_id, reason, actor)
        if action == "reinstate":
            return admin.reinstate_kitchen(uow, kitchen_id, reason, actor)
    raise admin.AdminError(f"no action {action}")
