"""Operator commands for people's data: `flask --app wsgi people export|erase PHONE`."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup

from bot.web.context import services
from domain.people import Person
from flows import admin, data_export
from flows.ports import UnitOfWork

people = AppGroup("people", help="People's data: export or erase it, as they may ask by chat.")


def people_with(uow: UnitOfWork, phone: str) -> list[Person]:
    """The person on WhatsApp and the person on SMS with this number: to Ketpaar they are two."""
    try:
        addresses = [admin.address_for(phone, channel) for channel in ("whatsapp", "sms")]
    except admin.AdminError as error:
        raise click.ClickException(str(error)) from error
    found = [person for address in addresses if (person := uow.people.by_address(address))]
    if not found:
        raise click.ClickException(f"nobody with phone {phone}")
    return found


@people.command("export")
@click.argument("phone")
def people_export(phone: str) -> None:
    """Print everything stored about the person with this number, as MY DATA gives it (a JSON list)."""
    with services().uow() as uow:
        exported = [data_export.export(uow, person, services().clock()) for person in people_with(uow, phone)]
    click.echo(json.dumps(exported, indent=2, ensure_ascii=False))


def register(app: Flask) -> None:
    app.cli.add_command(people)
