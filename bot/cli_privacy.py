"""Operator commands for people's data: `flask --app wsgi people export|erase PHONE`, `privacy report|apply`."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup

from bot.web.context import services
from domain.people import Person, channel_of
from flows import admin, data_export
from flows.ports import UnitOfWork
from jobs import privacy as privacy_jobs
from jobs import retention, runtime

people = AppGroup("people", help="People's data: export or erase it, as they may ask by chat.")
privacy = AppGroup("privacy", help="Retention: what is past its time, per kind of data.")


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


@people.command("erase")
@click.argument("phone")
@click.option("--tell", is_flag=True, help="Send the person the last confirmation, as DELETE MY DATA does.")
@click.confirmation_option(prompt="Erase everything about this number? This cannot be undone.")
def people_erase(phone: str, tell: bool) -> None:
    """Erase the person with this number, as DELETE MY DATA does (silently, unless --tell)."""
    runtime.use(services())
    with services().uow() as uow:
        found = [(person.id, person.address) for person in people_with(uow, phone)]
    for person_id, address in found:
        busy = privacy_jobs.erase_person(person_id, tell)
        if busy:
            raise click.ClickException(f"{address} runs a kitchen with open orders: {', '.join(busy)}")
        click.echo(f"erased person {person_id} ({channel_of(address)})")


@privacy.command("report")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def privacy_report(as_json: bool) -> None:
    """Per kind of data, its retention and how many rows are past it (0 after the daily job)."""
    runtime.use(services())
    report = retention.privacy_report()
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for kind, figures in report.items():
        click.echo(f"{kind:<20} {figures['past_retention']:>8}  keep {figures['keep']}")


@privacy.command("apply")
def privacy_apply() -> None:
    """Apply every retention rule now, as the daily job does; print what it removed."""
    runtime.use(services())
    click.echo(json.dumps(retention.apply_retention(), indent=2))


def register(app: Flask) -> None:
    app.cli.add_command(privacy)
    app.cli.add_command(people)
