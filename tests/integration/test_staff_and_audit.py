"""Staff made from the CLI, the login lock held in PostgreSQL for every process, and the audit log of
actions from the CLI: who, what, on what, why, when."""

from __future__ import annotations

import getpass

from sqlalchemy import select

from bot.adapters import ScryptPasswords
from bot.web.app import create_app
from compose import build_services
from domain.staff import Actor
from flows import admin, staff
from models import tables

PASSWORD = "correct horse battery staple"
CLI = Actor("cli:test", "cli")


def audit(services) -> list[tuple]:
    with services.engine.connect() as connection:
        rows = connection.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()
    return [(row.actor, row.via, row.action, row.target, row.reason) for row in rows]


def test_create_user_takes_the_password_from_admin_password_and_keeps_only_its_scrypt_hash(services, monkeypatch):
    runner = create_app(services).test_cli_runner()
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    made = runner.invoke(args=["admin", "create-user", "Asha@Ketpaar.test", "--role", "admin"])
    assert made.exit_code == 0, made.output
    assert made.output == "admin asha@ketpaar.test can log in at /admin/login\n"
    again = runner.invoke(args=["admin", "create-user", "asha@ketpaar.test", "--role", "operator"])
    assert again.exit_code != 0 and "asha@ketpaar.test already has a login" in again.output
    with services.uow() as uow:
        member = uow.staff.by_email("asha@ketpaar.test")
        assert member.password_hash.startswith("scrypt:") and PASSWORD not in member.password_hash
        assert ScryptPasswords().matches(member.password_hash, PASSWORD)
    who = f"cli:{getpass.getuser()}"
    assert audit(services) == [(who, "cli", "staff.create", "asha@ketpaar.test", "")]


def test_create_user_asks_for_the_password_twice_without_admin_password(services, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    runner = create_app(services).test_cli_runner()
    made = runner.invoke(
        args=["admin", "create-user", "ravi@ketpaar.test", "--role", "operator"], input=f"{PASSWORD}\n" * 2
    )
    assert made.exit_code == 0, made.output
    with services.uow() as uow:
        assert uow.staff.by_email("ravi@ketpaar.test").role == "operator"


def test_the_lock_holds_across_processes_since_postgresql_keeps_the_count(services, settings, clock):
    """Two web processes are two pools: three wrong passwords on one and two on the other lock both."""
    with services.uow() as uow:
        staff.add_member(uow, "asha@ketpaar.test", "admin", PASSWORD, ScryptPasswords(), CLI, clock())
    other = build_services(settings, clock=clock)
    try:
        for built in (services, other, services, other):
            with built.uow() as uow:
                assert staff.log_in(uow, "asha@ketpaar.test", "wrong", ScryptPasswords(), clock()).member is None
        with services.uow() as uow:
            locked = staff.log_in(uow, "asha@ketpaar.test", "wrong", ScryptPasswords(), clock())
        assert locked.locked_until is not None
        with other.uow() as uow:
            assert staff.log_in(uow, "asha@ketpaar.test", PASSWORD, ScryptPasswords(), clock()) == locked
    finally:
        other.engine.dispose()


def test_kitchen_actions_from_the_cli_are_written_to_the_audit_log_with_the_reason(services):
    with services.uow() as uow:
        new = admin.NewKitchen("Selvi", "+919800000300", 13.05, 80.25, 8, 45, "selvi@okhdfc")
        kitchen = admin.add_kitchen(uow, new, services.clock())
    runner = create_app(services).test_cli_runner()
    assert runner.invoke(args=["vendor", "verify", "+919800000300", "--reason", "FSSAI checked"]).exit_code == 0
    assert runner.invoke(args=["vendor", "suspend", "+919800000300", "--reason", "late meals"]).exit_code == 0
    who = f"cli:{getpass.getuser()}"
    target = f"kitchen {kitchen.id} Selvi"
    assert audit(services) == [
        (who, "cli", "kitchen.verify", target, "FSSAI checked"),
        (who, "cli", "kitchen.suspend", target, "late meals"),
    ]


def test_promote_and_roll_back_choose_which_model_decides_and_say_so(services, tmp_path):
    with services.uow() as uow:
        for version, promoted in ((1, True), (2, True), (3, False)):
            uow.safety.add_model(version, str(tmp_path / f"v{version}.txt"), 300, ["x"], {"auc": 0.8}, promoted)
        uow.commit()
    runner = create_app(services).test_cli_runner()

    def deciding() -> int | None:
        with services.uow() as uow:
            current = uow.safety.current_model()
        return current.version if current else None

    assert runner.invoke(args=["safety", "rollback"]).exit_code != 0  # a reason is required
    assert runner.invoke(args=["safety", "rollback", "--reason", "v2 rejects safe spots"]).output == (
        "safety model v1 decides now\n"
    )
    assert deciding() == 1
    assert runner.invoke(args=["safety", "promote", "3", "--reason", "trained on more"]).exit_code == 0
    assert deciding() == 3
    assert runner.invoke(args=["safety", "promote", "1", "--reason", "back to the first"]).exit_code == 0
    assert deciding() == 1  # 3 and 2 set aside
    assert runner.invoke(args=["safety", "rollback", "--reason", "rules only"]).output == "the rules decide now\n"
    assert deciding() is None
    refused = runner.invoke(args=["safety", "rollback", "--reason", "again"])
    assert refused.exit_code != 0 and "the rules decide already" in refused.output
    assert runner.invoke(args=["safety", "promote", "9", "--reason", "x"]).exit_code != 0
    assert [entry[2:] for entry in audit(services)] == [
        ("model.rollback", "safety model v2", "v2 rejects safe spots"),
        ("model.promote", "safety model v3", "trained on more"),
        ("model.promote", "safety model v1", "back to the first"),
        ("model.rollback", "safety model v1", "rules only"),
    ]
