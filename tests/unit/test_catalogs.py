"""Every text a person reads exists in Tamil and Hindi, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from flows.i18n import LOCALES_DIR
from tests.support.dialogue import Dialogue
from tests.support.texts import CONSENT, WELCOME

# {name} in the bot's texts; %(name)s in the dashboard's, as Flask-Babel and Jinja format them.
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def catalog(language: str):
    with open(LOCALES_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


def template_ids() -> set[str]:
    with open(LOCALES_DIR / "messages.pot", "rb") as file:
        return {message.id for message in read_po(file) if message.id}


@pytest.mark.parametrize("language", ["ta", "hi"])
def test_every_message_is_translated_with_its_placeholders(language):
    messages = {message.id: message for message in catalog(language) if message.id}
    assert template_ids() <= set(messages)
    for message_id, message in messages.items():
        assert message.string and not message.fuzzy, message_id
        assert set(PLACEHOLDER.findall(message_id)) == set(PLACEHOLDER.findall(message.string)), message_id
        assert not re.search(r"\b(the|your|please|order)\b", message.string, re.IGNORECASE), message.string


# Names the dashboard keeps as they are: file formats, the API and its header, a measure, a licence
# number's authority, and commands people type (CONTINUE after a nudge; STOP and START).
KEPT_LATIN = {"API", "AUC", "CSV", "FSSAI", "Authorization", "Bearer", "CONTINUE", "STOP", "START"}


@pytest.mark.parametrize("language", ["ta", "hi"])
def test_the_dashboards_texts_leave_no_english_word_in_tamil_or_hindi(language):
    dashboard = [m for m in catalog(language) if m.id and any("admin" in path for path, _ in m.locations)]
    assert len(dashboard) > 150
    for message in dashboard:
        words = set(re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", message.string).replace("/api/v1", "")))
        assert words <= KEPT_LATIN, (message.id, message.string)


def test_a_donor_who_chooses_tamil_is_answered_in_tamil():
    d = Dialogue()
    d.verify(
        "whatsapp:+919800000009",
        [
            ("hi", WELCOME),
            ("2", translation("ta", CONSENT)),
            (
                "YES",
                ("நன்றி. பசியோடு இருக்கும் ஒருவரைப் பார்த்தால், அவருடைய போட்டோவை அனுப்புங்கள், பிறகு உங்கள் இருப்பிடத்தை அனுப்புங்கள்."),
            ),
        ],
    )


def translation(language: str, english: str) -> str:
    """The translator's text, read from the .po file, not through the code that shows it."""
    translated = catalog(language)[english].string
    assert translated and re.search("[\u0b80-\u0bff]", translated), english
    return translated
