"""Which learned safety model decides: an admin promotes a version or rolls back to the one before.

The model in use is the newest promoted one; with none promoted, the rules decide.
"""

from __future__ import annotations

from domain.staff import Actor
from flows.admin import AdminError
from flows.ports import UnitOfWork


def promote_model(uow: UnitOfWork, version: int, reason: str, actor: Actor) -> None:
    """That version decides from now on; later versions are set aside (they may be promoted again)."""
    if uow.safety.model(version) is None:
        raise AdminError(f"no safety model v{version}")
    if not reason.strip():
        raise AdminError("a reason is required")
    before = uow.safety.current_model()
    uow.safety.promote(version)
    uow.audit.record(actor, "model.promote", f"safety model v{version}", reason.strip(), before=_version(before))
    uow.commit()


def roll_back_model(uow: UnitOfWork, reason: str, actor: Actor) -> int | None:
    """The model in use is set aside; the one promoted before it decides again, or the rules if none was.

    Returns the version that decides now (None: the rules)."""
    current = uow.safety.current_model()
    if current is None:
        raise AdminError("no model is in use: the rules decide already")
    if not reason.strip():
        raise AdminError("a reason is required")
    # Held, then read again: of two roll-backs at once, the second finds this one set aside already.
    if not uow.safety.model(current.version).promoted:
        raise AdminError(f"safety model v{current.version} was just set aside")
    uow.safety.demote(current.version)
    now_deciding = _version(uow.safety.current_model())
    uow.audit.record(actor, "model.rollback", f"safety model v{current.version}", reason.strip(), now=now_deciding)
    uow.commit()
    return now_deciding


def _version(row: object | None) -> int | None:
    return row.version if row is not None else None
