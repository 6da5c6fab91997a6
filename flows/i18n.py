"""Every text a person reads comes through here, from the Babel catalogs under locales/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

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
