"""The people who run Ketpaar from the dashboard and the API: admins act, operators read.

A login is locked for a while after a few wrong passwords in a row, and every action is
written down with who did it and why.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

MAX_FAILED_LOGINS = 5
LOCKED_FOR = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "kp_"
# The first characters of a token, kept in clear so that an admin can tell their tokens apart.
TOKEN_SHOWN = 10

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Role(StrEnum):
    ADMIN = "admin"  # reads and acts
    OPERATOR = "operator"  # reads only


class StaffError(ValueError):
    """Input about a staff member that cannot be used; the message says why."""


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise StaffError(f"not an email address: {email}")
    return email


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


@dataclass(eq=False)
class StaffMember:
    email: str
    role: str
    password_hash: str
    created_at: datetime
    failed_logins: int = 0  # wrong passwords in a row since the last login or lock
    locked_until: datetime | None = None
    id: int | None = None

    @property
    def can_act(self) -> bool:
        return self.role == Role.ADMIN

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def login_failed(self, now: datetime) -> None:
        """One more wrong password; the fifth in a row locks the login. A try while locked is not counted,
        so nobody can keep an admin locked out for longer by trying on."""
        if self.locked_at(now):
            return
        self.failed_logins += 1
        if self.failed_logins >= MAX_FAILED_LOGINS:
            self.locked_until, self.failed_logins = now + LOCKED_FOR, 0

    def login_succeeded(self) -> None:
        self.failed_logins, self.locked_until = 0, None


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored of a token. A plain hash suffices: the token is 256 random bits, not a password."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(eq=False)
class ApiToken:
    staff_id: int
    name: str
    digest: str
    shown: str  # its first characters, for telling tokens apart
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Actor:
    """Who did something, as the audit log names them: a staff member (by the dashboard or the API) or the CLI."""

    name: str
    via: str  # dashboard, api, cli
    staff_id: int | None = None

    @classmethod
    def of(cls, member: StaffMember, via: str) -> Actor:
        return cls(member.email, via, member.id)


@dataclass(frozen=True)
class AuditEntry:
    """One action: who, what, on what, why, and when."""

    actor: Actor
    action: str
    target: str
    reason: str
    at: datetime
    detail: dict = field(default_factory=dict)
