"""Every text a person reads exists in Tamil and Hindi, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from flows.i18n import LOCALES_DIR, t
from tests.support.dialogue import Dialogue

PLACEHOLDER = re.compile(r"\{\w+\}")


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


def test_a_donor_who_chooses_tamil_is_answered_in_tamil():
    d = Dialogue()
    d.send("whatsapp:+919800000009", "hi")
    consent = d.send("whatsapp:+919800000009", "2")[0]
    assert consent == t("ta", catalog("ta")[_consent_id()].id)
    assert re.search("[\u0b80-\u0bff]", consent) and "YES" in consent


def _consent_id() -> str:
    return next(message_id for message_id in template_ids() if message_id.startswith("Before we start"))
