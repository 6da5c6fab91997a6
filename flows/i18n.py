"""Every text a person reads comes through here, from the Babel catalogs under locales/."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from babel.dates import format_datetime
from babel.support import NullTranslations, Translations

from domain.hours import INDIA

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


@cache
def catalog(language: str) -> NullTranslations:
    return Translations.load(str(LOCALES_DIR), [language], domain="messages")


def t(lang: str, message: str, **values: object) -> str:
    text = catalog(lang).gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:
    """Marks a text for the catalog where it is defined; it is translated where it is shown."""
    return message


def when(lang: str, moment: datetime) -> str:
    """A date and time as read in India: month names in the person's language, India time, and the
    24-hour clock kitchens already write their hours in ("27 நவ., 01:30")."""
    return format_datetime(moment, "d MMM, HH:mm", tzinfo=INDIA, locale=f"{lang}_IN")
