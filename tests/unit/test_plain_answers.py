"""Answers said plainly: what was not understood is said to be, a refusal is told why it matters,
and yes or no typed in Roman letters is read."""

from __future__ import annotations

import pytest

from tests.support.dialogue import DONOR, KITCHEN, Dialogue, Photo
from tests.support.replies import lines
from tests.support.texts import (
    AGREED,
    ASKED_ABOUT_PHOTO,
    CONSENT,
    HELP,
    NOT_UNDERSTOOD,
    PHOTO_DELETED,
    READY,
    SHARE_LOCATION,
    WELCOME,
)

CONSENT_NEEDED = "We need your agreement to go on: without it we cannot use a photo or a location."
KITCHEN_HELP = (
    "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, DELIVERED <ref> (with a photo), "
    "FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, HOURS 11-14,18-21, STATUS, LANG.\n"
    "Money given ahead: RECEIVED <ref> when it reaches you (meals or a share), CREDITS to see them."
)


def test_gibberish_is_said_to_be_not_understood_before_the_help_and_help_itself_is_not():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [("blah blah", f"{NOT_UNDERSTOOD}\n{HELP}"), ("HELP", HELP)])


def test_a_kitchen_writing_something_else_is_told_it_was_not_understood():
    d = Dialogue()
    d.kitchen()
    d.verify(KITCHEN, [("hello", f"{NOT_UNDERSTOOD}\n{KITCHEN_HELP}"), ("HELP", KITCHEN_HELP)])


def test_no_to_the_consent_says_it_is_needed_and_anything_else_that_it_was_not_understood():
    d = Dialogue()
    d.verify(
        DONOR,
        [
            ("hi", WELCOME),
            ("1", CONSENT),
            ("no", f"{CONSENT_NEEDED}\n{CONSENT}"),
            ("nahi", f"{CONSENT_NEEDED}\n{CONSENT}"),
            ("what?", f"{NOT_UNDERSTOOD}\n{CONSENT}"),
            ("YES", READY),
        ],
    )


@pytest.mark.parametrize("yes", ["haan", "Ha", "ji", "haan ji", "aam", "Sari", "ok."])
def test_yes_typed_in_roman_letters_gives_consent(yes):
    d = Dialogue()
    d.verify(DONOR, [("hi", WELCOME), ("1", CONSENT), (yes, READY)])


@pytest.mark.parametrize("no", ["nahi", "illai", "No"])
def test_no_typed_in_roman_letters_deletes_the_persons_photo(no):
    d = Dialogue()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            (Photo(), ASKED_ABOUT_PHOTO),
            (no, lines(PHOTO_DELETED, SHARE_LOCATION)),
        ],
    )


@pytest.mark.parametrize("yes", ["haan", "aam"])
def test_yes_typed_in_roman_letters_keeps_the_persons_photo(yes):
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [(Photo(), ASKED_ABOUT_PHOTO), (yes, AGREED)])


def test_a_photo_sent_at_the_consent_is_said_to_be_kept_and_is_used_after_yes():
    d = Dialogue()
    kept = "We keep your photo and use it once you agree."
    d.verify(
        DONOR,
        [("hi", WELCOME), ("1", CONSENT), (Photo(), f"{kept}\n{CONSENT}"), ("haan", ASKED_ABOUT_PHOTO)],
    )
