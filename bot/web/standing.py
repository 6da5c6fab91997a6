"""A kitchen's standing changed by an admin, from the dashboard or the API: the same use cases the CLI calls."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Change:
    kitchen: Kitchen
    moved: list[str] = field(default_factory=list)  # a suspended kitchen's unpaid orders, offered elsewhere
    kept: list[str] = field(default_factory=list)  # its paid orders, still to deliver


def change_standing(kitchen_id: int, action: str, reason: str, actor: Actor) -> Change:
    """The kitchen after the move, and for a suspension the orders it lost and kept.

    Raises AdminError when the kitchen cannot make that move, or there is no reason: the dashboard and
    the API ask one for every move (the CLI's `vendor verify` may go without)."""
    if not reason.strip():
        raise admin.AdminError("a reason is required")
    built = services()
    with built.uow() as uow:
        if action == "suspend":
            now, deadlines = built.clock(), built.settings.deadlines()
            done = admin.suspend_kitchen(uow, built.links, kitchen_id, reason, actor, now, deadlines)
            return Change(done.kitchen, done.moved, done.kept)
        if action == "verify":
            return Change(admin.verify_kitchen(uow, kitchen_id, actor, reason))
        if action == "reject":
            return Change(admin.reject_kitchen(uow, kitchen_id, reason, actor))
        if action == "reinstate":
            return Change(admin.reinstate_kitchen(uow, kitchen_id, reason, actor))
    raise admin.AdminError(f"no action {action}")
