"""Staff commands: `flask --app wsgi admin create-user EMAIL --role admin|operator`, `admin create-token`."""

from __future__ import annotations

import getpass
import os

import click
from flask import Flask
from flask.cli import AppGroup

from bot.adapters import ScryptPasswords
from bot.web.context import services
from domain.staff import Actor, Role, StaffError, normalise_email
from flows import staff

ROLES = [role.value for role in Role]
group = AppGroup("admin", help="Staff of the dashboard and the API.")


def cli_actor() -> Actor:
    """The audit log's "who" for a command: the operating-system user who ran it."""
    return Actor(f"cli:{getpass.getuser()}", "cli")


@group.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="An operator reads; an admin also acts.")
def create_user(email: str, role: str) -> None:
    """Make a dashboard login. The password is asked for, or read from ADMIN_PASSWORD (for scripts)."""
    password = os.environ.get("ADMIN_PASSWORD") or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with services().uow() as uow:
            member = staff.add_member(uow, email, role, password, ScryptPasswords(), cli_actor(), services().clock())
    except StaffError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{member.role} {member.email} can log in at /admin/login")


@group.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, to tell it apart later.")
def create_token(email: str, name: str) -> None:
    """Make an API token for an admin and print it: it is shown this once, and kept only as a hash."""
    try:
        with services().uow() as uow:
            member = uow.staff.by_email(normalise_email(email))
            if member is None:
                raise StaffError(f"no login {email}")
            secret = staff.make_token(uow, member, name, cli_actor(), services().clock())
    except StaffError as error:
        raise click.ClickException(str(error)) from error
    click.echo(secret)


def register(app: Flask) -> None:
    app.cli.add_command(group)
