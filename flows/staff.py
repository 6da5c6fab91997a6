"""Staff accounts: made from the CLI, logging in to the dashboard (locked after too many wrong passwords),
and the API tokens an admin makes for themself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.staff import (
    MAX_FAILED_LOGINS,
    TOKEN_SHOWN,
    Actor,
    ApiToken,
    Role,
    StaffError,
    StaffMember,
    check_password,
    new_token,
    normalise_email,
    token_digest,
)
from flows.ports import PasswordHasher, UnitOfWork


@dataclass(frozen=True)
class Login:
    """Who logged in, or nobody; `locked_until` says when a locked login may try again."""

    member: StaffMember | None
    locked_until: datetime | None = None


def add_member(
    uow: UnitOfWork, email: str, role: str, password: str, hasher: PasswordHasher, actor: Actor, now: datetime
) -> StaffMember:
    email = normalise_email(email)
    if role not in tuple(Role):
        raise StaffError(f"the role must be one of {', '.join(Role)}")
    check_password(password)
    if uow.staff.by_email(email) is not None:
        raise StaffError(f"{email} already has a login")
    member = uow.staff.add(StaffMember(email, role, hasher.hash(password), now))
    uow.audit.record(actor, "staff.create", email, role=role)
    uow.commit()
    return member


def log_in(uow: UnitOfWork, email: str, password: str, hasher: PasswordHasher, now: datetime) -> Login:
    """The fifth wrong password in a row locks the login for a while; while locked, even the right one fails."""
    try:
        member = uow.staff.by_email(normalise_email(email))
    except StaffError:
        member = None
    if member is None:
        hasher.hash(password)  # as slow as a wrong password, so a reply's time does not tell who has a login
        return Login(None)
    if member.locked_at(now):
        return Login(None, member.locked_until)
    actor = Actor.of(member, "dashboard")
    if not hasher.matches(member.password_hash, password):
        member.login_failed(now)
        if member.locked_at(now):
            uow.audit.record(actor, "login.locked", member.email, f"{MAX_FAILED_LOGINS} wrong passwords in a row")
        uow.commit()
        return Login(None, member.locked_until if member.locked_at(now) else None)
    member.login_succeeded()
    uow.audit.record(actor, "login", member.email)
    uow.commit()
    return Login(member)


def make_token(uow: UnitOfWork, member: StaffMember, name: str, actor: Actor, now: datetime) -> str:
    """A new API token for an admin: returned once, stored only as a hash."""
    name = name.strip()
    if not name:
        raise StaffError("a token needs a name, to tell it apart later")
    if not member.can_act:
        raise StaffError("only an admin may have API tokens")
    secret = new_token()
    token = uow.tokens.add(ApiToken(member.id, name[:80], token_digest(secret), secret[:TOKEN_SHOWN], now))
    uow.audit.record(actor, "token.create", f"token {token.id} {token.name}")
    uow.commit()
    return secret


def revoke_token(uow: UnitOfWork, member: StaffMember, token_id: int, actor: Actor, now: datetime) -> ApiToken:
    """A member revokes their own tokens; a revoked token is refused from the next request on."""
    token = uow.tokens.get(token_id)
    if token is None or token.staff_id != member.id:
        raise StaffError(f"no token {token_id} of yours")
    if token.active:
        token.revoked_at = now
        uow.audit.record(actor, "token.revoke", f"token {token.id} {token.name}")
    uow.commit()
    return token


def token_owner(uow: UnitOfWork, secret: str, now: datetime) -> tuple[StaffMember, ApiToken] | None:
    """The member an API token belongs to, while it is not revoked; its last use is kept."""
    token = uow.tokens.active_by_digest(token_digest(secret)) if secret else None
    member = uow.staff.get(token.staff_id) if token else None
    if member is None:
        return None
    uow.tokens.used(token.id, now)
    uow.commit()
    return member, token
