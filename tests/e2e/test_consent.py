"""Consent for every photo over the signed webhook, in Tamil and Hindi: NO deletes the photo at once,
and the donor's words about the person reach the kitchen instead."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import tables
from tests.support.faces import face
from tests.support.privacy import translated
from tests.support.texts import AGREE_THEN_SHARE, CONSENT, PHOTO_DELETED, PHOTO_RECEIVED, READY, SHARE_LOCATION, WELCOME
from tests.support.whatsapp import SPOT, Phone


def newest_reference(services) -> str:
    with services.engine.connect() as connection:
        return connection.scalar(select(tables.orders.c.reference).order_by(tables.orders.c.id.desc()).limit(1))


@pytest.mark.parametrize(
    ("choice", "language", "words"), [("2", "ta", "பச்சைச் சட்டை, முதியவர்"), ("3", "hi", "हरी कमीज़, बूढ़े आदमी")]
)
def test_a_person_who_did_not_agree_is_described_in_words_instead(
    services, client, media, kitchen, choice, language, words
):
    donor = Phone(client, services, "+919800000001", media)
    for sent, reply in (("hi", WELCOME), (choice, translated(language, CONSENT)), ("YES", translated(language, READY))):
        donor.send(sent)
        donor.expect(reply)
    donor.send(photo=face("person_a_1.jpg"))
    reference = newest_reference(services)
    donor.expect(translated(language, PHOTO_RECEIVED, ref=reference) + "\n" + translated(language, AGREE_THEN_SHARE))
    donor.send("2")
    share = translated(language, SHARE_LOCATION)
    donor.expect(translated(language, PHOTO_DELETED) + "\n" + share)
    with services.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tables.photos)) == 0  # deleted at once
    donor.send(words)
    donor.expect(translated(language, "Noted for the kitchen: {description}", description=words) + "\n" + share)
    donor.send(pin=SPOT)
    donor.send("1")
    cook = Phone(client, services, "+919800000101", media)
    # One message, in the kitchen's English: the request without a photo, and the donor's words.
    assert cook.replies()[-1].endswith(f"Reply ACCEPT {reference} or DECLINE {reference} within 5 minutes.\n"
                                       f"About the person: {words}")  # fmt: skip
