"""Staff logins and API tokens on fakes: the lock after five wrong passwords, tokens kept only as hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.staff import Actor, StaffError, token_digest
from flows import staff
from tests.support.fakes import FakePasswords, FakeUnitOfWork

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
CLI = Actor("cli:asha", "cli")
PASSWORD = "a long enough password"


def with_member(role: str = "admin") -> tuple[FakeUnitOfWork, FakePasswords]:
    uow, passwords = FakeUnitOfWork(), FakePasswords()
    staff.add_member(uow, " Ravi@Ketpaar.test ", role, PASSWORD, passwords, CLI, NOW)
    return uow, passwords


def log_in(uow, passwords, password: str, at: datetime = NOW) -> staff.Login:
    return staff.log_in(uow, "ravi@ketpaar.test", password, passwords, at)


def test_a_new_member_is_kept_by_lowercased_email_with_a_hashed_password_and_the_audit_says_who_made_them():
    uow, _ = with_member("operator")
    member = uow.staff.by_email("ravi@ketpaar.test")
    assert (member.role, member.password_hash, member.can_act) == ("operator", f"fake${PASSWORD}", False)
    assert uow.audit.entries == [("cli:asha", "staff.create", "ravi@ketpaar.test", "", {"role": "operator"})]


@pytest.mark.parametrize(
    ("email", "role", "password", "problem"),
    [
        ("not-an-email", "admin", PASSWORD, "not an email address"),
        ("a@b.in", "boss", PASSWORD, "the role must be one of admin, operator"),
        ("a@b.in", "admin", "short", "at least 12 characters"),
        ("ravi@ketpaar.test", "admin", PASSWORD, "already has a login"),
    ],
)
def test_a_member_that_cannot_be_made_is_refused_saying_why(email, role, password, problem):
    uow, passwords = with_member()
    with pytest.raises(StaffError, match=problem):
        staff.add_member(uow, email, role, password, passwords, CLI, NOW)


def test_the_fifth_wrong_password_in_a_row_locks_the_login_for_15_minutes_even_for_the_right_one():
    uow, passwords = with_member()
    for attempt in range(4):
        assert log_in(uow, passwords, "wrong", NOW + timedelta(seconds=attempt)) == staff.Login(None)
    locked = log_in(uow, passwords, "wrong", NOW + timedelta(seconds=4))
    assert locked == staff.Login(None, NOW + timedelta(seconds=4, minutes=15))
    assert log_in(uow, passwords, PASSWORD, NOW + timedelta(minutes=15)).member is None
    assert uow.audit.entries[-1][1:4] == ("login.locked", "ravi@ketpaar.test", "5 wrong passwords in a row")
    assert log_in(uow, passwords, PASSWORD, NOW + timedelta(seconds=5, minutes=15)).member.email == "ravi@ketpaar.test"


def test_tries_while_locked_do_not_lengthen_the_lock_and_a_good_login_starts_the_count_again():
    uow, passwords = with_member()
    for _ in range(4):
        log_in(uow, passwords, "wrong")
    assert log_in(uow, passwords, PASSWORD).member is not None  # four wrong, then right: the count starts again
    for _ in range(4):
        log_in(uow, passwords, "wrong")
    assert uow.staff.by_email("ravi@ketpaar.test").locked_until is None
    log_in(uow, passwords, "wrong")
    for minute in range(1, 15):
        assert log_in(uow, passwords, "wrong", NOW + timedelta(minutes=minute)).locked_until == NOW + timedelta(
            minutes=15
        )
    assert log_in(uow, passwords, PASSWORD, NOW + timedelta(minutes=15)).member is not None


def test_an_unknown_email_costs_a_hash_like_a_wrong_password_and_locks_nothing():
    uow, passwords = with_member()
    calls = passwords.calls
    assert staff.log_in(uow, "nobody@ketpaar.test", PASSWORD, passwords, NOW) == staff.Login(None)
    assert staff.log_in(uow, "not an email", PASSWORD, passwords, NOW) == staff.Login(None)
    assert passwords.calls == calls + 2


def test_a_token_is_shown_once_kept_as_a_hash_and_refused_once_revoked():
    uow, _ = with_member()
    member = uow.staff.by_email("ravi@ketpaar.test")
    actor = Actor.of(member, "dashboard")
    secret = staff.make_token(uow, member, "reports", actor, NOW)
    stored = uow.tokens.get(1)
    assert secret.startswith("kp_") and len(secret) > 40
    assert (stored.digest, stored.shown) == (token_digest(secret), secret[:10])
    assert staff.token_owner(uow, secret, NOW + timedelta(hours=1)) == (member, stored)
    assert stored.last_used_at == NOW + timedelta(hours=1)
    assert staff.token_owner(uow, secret + "x", NOW) is None
    staff.revoke_token(uow, member, stored.id, actor, NOW)
    assert staff.token_owner(uow, secret, NOW) is None
    assert [entry[1:3] for entry in uow.audit.entries[-2:]] == [
        ("token.create", "token 1 reports"),
        ("token.revoke", "token 1 reports"),
    ]


def test_an_operator_may_have_no_token_and_nobody_revokes_another_members_token():
    uow, passwords = with_member("operator")
    operator = uow.staff.by_email("ravi@ketpaar.test")
    with pytest.raises(StaffError, match="only an admin"):
        staff.make_token(uow, operator, "reports", CLI, NOW)
    admin = staff.add_member(uow, "asha@ketpaar.test", "admin", PASSWORD, passwords, CLI, NOW)
    staff.make_token(uow, admin, "reports", CLI, NOW)
    with pytest.raises(StaffError, match="no token 1 of yours"):
        staff.revoke_token(uow, operator, 1, CLI, NOW)
