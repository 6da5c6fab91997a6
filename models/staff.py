"""Staff members, their API tokens, and the audit log of what they did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.staff import Actor, ApiToken, StaffMember
from models import tables

staff = tables.staff.c
tokens = tables.api_tokens.c
audit = tables.audit_log.c


class StaffRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, staff_id: int) -> StaffMember | None:
        return self.session.get(StaffMember, staff_id)

    def by_email(self, email: str) -> StaffMember | None:
        """Locked until commit: two logins at once must not both read the old count of wrong passwords."""
        query = select(StaffMember).where(staff.email == email).with_for_update()
        return self.session.scalars(query.execution_options(populate_existing=True)).first()

    def add(self, member: StaffMember) -> StaffMember:
        self.session.add(member)
        self.session.flush()
        return member

    def all(self) -> list[StaffMember]:
        return list(self.session.scalars(select(StaffMember).order_by(staff.email)))


class ApiTokens:
    def __init__(self, session: Session):
        self.session = session

    def add(self, token: ApiToken) -> ApiToken:
        self.session.add(token)
        self.session.flush()
        return token

    def get(self, token_id: int) -> ApiToken | None:
        return self.session.get(ApiToken, token_id, with_for_update=True)

    def active_by_digest(self, digest: str) -> ApiToken | None:
        query = select(ApiToken).where(tokens.digest == digest, tokens.revoked_at.is_(None))
        return self.session.scalars(query).first()

    def used(self, token_id: int, at: datetime) -> None:
        self.session.execute(update(tables.api_tokens).where(tokens.id == token_id).values(last_used_at=at))

    def of_staff(self, staff_id: int) -> list[ApiToken]:
        query = select(ApiToken).where(tokens.staff_id == staff_id).order_by(tokens.id.desc())
        return list(self.session.scalars(query))


class AuditLog:
    def __init__(self, session: Session, clock: Callable[[], datetime]):
        self.session = session
        self.clock = clock

    def record(self, actor: Actor, action: str, target: str = "", reason: str = "", **detail: object) -> None:
        """Written in the action's own transaction: an action is never kept without its entry, nor the reverse."""
        self.session.execute(
            insert(tables.audit_log).values(
                at=self.clock(),
                actor=actor.name,
                via=actor.via,
                staff_id=actor.staff_id,
                action=action,
                target=target,
                reason=reason,
                detail=detail,
            )
        )

    def about(self, target: str, limit: int = 50) -> list[Row]:
        """The latest entries about one thing, e.g. "kitchen 12 " (its id, then its name)."""
        query = select(tables.audit_log).where(audit.target.startswith(target, autoescape=True))
        return list(self.session.execute(query.order_by(audit.id.desc()).limit(limit)))
