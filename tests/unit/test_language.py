"""Choosing a language: the menu takes every way of naming one, and never traps anyone in it."""

from __future__ import annotations

import pytest

from tests.support.dialogue import DONOR, SPOT, Dialogue, Photo, PinAt
from tests.support.replies import lines
from tests.support.texts import (
    AGREE_THEN_SHARE,
    AGREED,
    ASKED_ABOUT_PHOTO,
    CONSENT,
    HELP,
    PHOTO_RECEIVED,
    READY,
    WELCOME,
    translated,
)

CHANGED = "Language changed."


@pytest.mark.parametrize(
    "naming, language",
    [
        ("1", "en"),
        ("EN", "en"),
        ("english", "en"),
        ("2", "ta"),
        ("ta", "ta"),
        ("Tamil", "ta"),
        ("தமிழ்", "ta"),
        ("LANG TA", "ta"),
        ("3", "hi"),
        ("HI", "hi"),
        ("hindi", "hi"),
        ("हिन्दी", "hi"),
        ("lang hi", "hi"),
    ],
)
def test_the_language_menu_takes_every_way_of_naming_a_language(naming, language):
    d = Dialogue()
    d.onboarded_donor(language="hi" if language == "en" else "en")
    d.verify(
        DONOR,
        [
            ("LANG", WELCOME),
            (naming, translated(language, CHANGED)),
            (Photo(), lines(translated(language, PHOTO_RECEIVED), translated(language, AGREE_THEN_SHARE))),
        ],
    )
    assert d.uow.people.by_address(DONOR).language == language


@pytest.mark.parametrize("naming", ["3", "hindi", "हिन्दी", "HI", "LANG HI"])
def test_a_first_contact_may_name_the_language_any_way_and_is_asked_consent_in_it(naming):
    d = Dialogue()
    d.verify(DONOR, [("hello", WELCOME), (naming, translated("hi", CONSENT))])
    person = d.uow.people.by_address(DONOR)
    assert (person.language, person.language_chosen) == ("hi", True)


def test_after_a_bare_lang_anything_else_is_handled_in_the_language_kept():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            ("LANG", WELCOME),
            ("lang en", CHANGED),
            (Photo(), ASKED_ABOUT_PHOTO),
            ("YES", AGREED),
            ("LANG", WELCOME),
            (PinAt(*SPOT), []),  # "we are checking the spot" is held, and the next answer makes it needless
            ("LANG", WELCOME),
            ("STATUS", "Order {ref}: checking the spot."),
            ("LANG", WELCOME),
            ("HELP", HELP),
            ("LANG", WELCOME),
            ("CANCEL", "Order {ref} is cancelled. No money was taken."),
        ],
    )
    assert d.uow.people.by_address(DONOR).language == "en"


def test_a_bare_lang_before_consent_lets_yes_through():
    d = Dialogue()
    d.verify(DONOR, [("hi", WELCOME), ("1", CONSENT), ("LANG", WELCOME), ("YES", READY)])
