"""What the privacy tests share: a whole meal to have data about, the translators' texts, every table's rows."""

from __future__ import annotations

from babel.messages.pofile import read_po
from sqlalchemy import text

from compose import Services
from flows.i18n import LOCALES_DIR
from models.tables import metadata
from tests.support.faces import face
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS
from tests.support.whatsapp import SPOT, Phone, jpeg


def fed_and_rated(donor: Phone, cook: Phone, clock) -> str:
    """A photographed person fed by Amma Mess at SPOT (labelled Gemini bus stop), then rated 5 half an hour later.

    Returns the order's reference; the replies a meal brings are checked in test_meal, and read here.
    """
    reference = donor.photograph(face("person_a_1.jpg"))
    donor.send(pin=SPOT, Label="Gemini bus stop")
    donor.expect([AMMA_MESS_FROM_SPOT])
    donor.send("1")
    donor.expect(ASKED_AMMA_MESS)
    for command in ("ACCEPT", "PAID", "READY"):
        cook.send(f"{command} {reference}")
    cook.send(f"DELIVERED {reference}", photo=jpeg(colour="green"))
    donor.replies()
    cook.replies()
    clock.advance(minutes=30)
    donor.send("5")
    donor.expect([])
    return reference


def translated(language: str, english: str, **values: object) -> str:
    """The translator's text, read from the .po file, not through the code that shows it."""
    with open(LOCALES_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        message = read_po(file)[english]
    assert message is not None and message.string, english
    return message.string.format(**values) if values else message.string


def every_row(services: Services) -> dict[str, list[str]]:
    """Each table's rows, each as PostgreSQL prints it: what a search of the whole database sees."""
    with services.engine.connect() as connection:
        return {
            table.name: list(connection.scalars(text(f"SELECT t::text FROM {table.name} t")))
            for table in metadata.sorted_tables
        }
