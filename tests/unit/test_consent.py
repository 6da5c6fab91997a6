"""The donor's own consent: recorded with its time and the text version agreed to; a changed text is asked again."""

from __future__ import annotations

from domain.privacy import ConsentKind
from flows.donor.onboarding import CONSENT_VERSION
from tests.support.dialogue import DONOR, Dialogue
from tests.support.texts import CONSENT, HELP, NOT_UNDERSTOOD, READY, WELCOME


def test_the_consent_is_recorded_with_its_time_and_the_version_of_its_text():
    d = Dialogue()
    d.verify(DONOR, [("hello", WELCOME), ("1", CONSENT), ("YES", READY)])
    person = d.uow.people.by_address(DONOR)
    assert (person.consent_at, person.consent_version) == (d.now, CONSENT_VERSION)
    consent = d.uow.consents.of_person(person.id)[0]
    assert (consent.kind, consent.agreed, consent.version, consent.at) == (
        ConsentKind.SERVICE,
        True,
        CONSENT_VERSION,
        d.now,
    )


def test_a_donor_who_agreed_to_an_earlier_text_is_asked_again_before_anything_else():
    d = Dialogue()
    person = d.onboarded_donor()
    person.consent_version = "0ld7ext"
    again = NOT_UNDERSTOOD + "\n" + CONSENT  # commands wait until the new text is agreed to
    d.verify(DONOR, [("HELP", again), ("HISTORY", again), ("yes", READY), ("HELP", HELP)])
    assert person.consent_version == CONSENT_VERSION
    assert [consent.version for consent in d.uow.consents.of_person(person.id)] == [CONSENT_VERSION]


def test_agreeing_again_with_an_order_on_its_way_tells_where_it_stands():
    d = Dialogue()
    person = d.onboarded_donor()
    d.photographed()
    person.consent_version = "0ld7ext"
    again = NOT_UNDERSTOOD + "\n" + CONSENT
    d.verify(DONOR, [("hi", again), ("YES", "Thank you.\nOrder {ref}: waiting for the location.")])
