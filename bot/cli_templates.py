"""Operator commands for WhatsApp templates: `flask --app wsgi templates set|unset|list`.

A template is approved by WhatsApp in Twilio's Content Template Builder; its Content SID (HX…)
is set here per message kind and language. Outside the 24-hour window a message of that kind
goes as the template; without one it goes by SMS, or not at all.
"""

from __future__ import annotations

import json
import re

import click
from flask.cli import AppGroup

from bot.web.context import services
from domain.channels import TEMPLATE_CATEGORIES, TEMPLATE_KINDS, TEMPLATE_VARIABLES, MessageKind
from domain.people import LANGUAGES

templates = AppGroup("templates", help="Approved WhatsApp templates, per message kind and language.")

CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")
KIND = click.Choice([kind.value for kind in TEMPLATE_KINDS], case_sensitive=False)
LANGUAGE = click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)


def placeholders(kind: MessageKind) -> str:
    """How the template's variables must be numbered, e.g. `{{1}} ref, {{2}} status`."""
    return ", ".join(f"{{{{{number}}}}} {name}" for number, name in enumerate(TEMPLATE_VARIABLES[kind], start=1))


@templates.command("set")
@click.argument("kind", type=KIND)
@click.argument("content_sid")
@LANGUAGE
def templates_set(kind: str, content_sid: str, lang: str) -> None:
    """Use the template CONTENT_SID (HX…) for KIND outside the 24-hour window."""
    if not CONTENT_SID.match(content_sid):
        raise click.ClickException(f"not a Content SID (HX and 32 hex digits): {content_sid}")
    chosen = MessageKind(kind.lower())
    with services().uow() as uow:
        uow.templates.set(chosen, lang, content_sid, services().clock())
        uow.commit()
    category = TEMPLATE_CATEGORIES[chosen].value
    click.echo(
        f"{chosen.value} ({lang}): {content_sid}; its variables: {placeholders(chosen)}; submit it as {category}"
    )


@templates.command("unset")
@click.argument("kind", type=KIND)
@LANGUAGE
def templates_unset(kind: str, lang: str) -> None:
    """Stop using a template: outside the window KIND goes by SMS (or not at all)."""
    chosen = MessageKind(kind.lower())
    with services().uow() as uow:
        removed = uow.templates.remove(chosen, lang)
        uow.commit()
    click.echo(f"{chosen.value} ({lang}): {'removed' if removed else 'had no template'}")


@templates.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def templates_list(as_json: bool) -> None:
    """Every kind that may start a conversation, in each language, with its template or none, and the Meta
    category to submit it under (utility for all: each is about an order, pledge or campaign of the person's)."""
    with services().uow() as uow:
        chosen = {(row.kind, row.language): row for row in uow.templates.all()}
    listed = [
        {
            "kind": kind.value,
            "language": language,
            "content_sid": chosen[(kind.value, language)].content_sid if (kind.value, language) in chosen else None,
            "variables": list(TEMPLATE_VARIABLES[kind]),
            "category": TEMPLATE_CATEGORIES[kind].value,
        }
        for kind in TEMPLATE_KINDS
        for language in LANGUAGES
    ]
    if as_json:
        click.echo(json.dumps(listed, indent=2))
        return
    for entry in listed:
        sid = entry["content_sid"] or "- (SMS outside the window)"
        click.echo(f"{entry['kind']:<14} {entry['language']}  {entry['category']:<9} {sid}")
