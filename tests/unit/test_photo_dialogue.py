"""The donor's photo: consent for the person, what the photo job found, and the duplicate nudge."""

from __future__ import annotations

from domain.duplicates import DuplicateMatch, FaceVerdict
from domain.orders import OrderStatus
from domain.people import Person
from tests.unit.dialogue import SPOT, Dialogue, Photo, PinAt
from tests.unit.test_donor_flow import DONOR, order_of, run_safety_check


def checked(d: Dialogue, verdict: FaceVerdict = FaceVerdict.ONE_FACE) -> list[str]:
    d.send(DONOR, Photo())
    heard = d.process_photos(verdict)
    d.send(DONOR, PinAt(*SPOT))
    run_safety_check(d)
    return heard


def test_the_first_photo_asks_whether_the_person_agreed():
    d = Dialogue()
    person = Person(DONOR, d.now, language_chosen=True, consent_at=d.now)
    d.uow.people.add(person)
    d.verify(
        DONOR, [(Photo(), "agree to be photographed"), ("maybe", "Reply YES or NO"), ("YES", "share the location")]
    )
    assert person.subject_consent_at == d.now
    d.send(DONOR, "CANCEL")
    assert "agree to be photographed" not in " ".join(d.send(DONOR, Photo()))


def test_when_the_person_declined_the_photo_is_dropped_and_the_order_goes_on():
    d = Dialogue()
    d.kitchen()
    d.uow.people.add(Person(DONOR, d.now, language_chosen=True, consent_at=d.now))
    d.send(DONOR, Photo())
    d.verify(DONOR, [("no", "photo is deleted")])
    order = order_of(d)
    assert ("discard_photo", (100,)) in d.uow.jobs
    assert order.photo_id is None and order.face_verdict == FaceVerdict.DECLINED
    d.send(DONOR, PinAt(*SPOT))
    run_safety_check(d)
    assert "1. Amma Mess" in d.heard(DONOR)


def test_a_group_photo_waits_for_a_photo_of_just_the_person():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor()
    heard = checked(d, FaceVerdict.MANY_FACES)
    assert "more than one person" in heard[0]
    assert order_of(d).state == OrderStatus.SAFETY_CHECK
    d.verify(DONOR, [("hello?", "needs a photo of just the person"), (Photo(), "checking the new photo")])
    d.process_photos(FaceVerdict.ONE_FACE)
    assert "1. Amma Mess" in d.heard(DONOR)


def test_no_face_is_no_verdict_and_the_order_goes_on():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor()
    heard = checked(d, FaceVerdict.NO_FACE)
    assert "could not see a face" in heard[0]
    assert "1. Amma Mess" in d.heard(DONOR)


def test_a_match_nudges_and_continue_goes_on_to_the_kitchens():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor()
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48.4, minutes=25, distance=0.31, delivered=True)
    checked(d)
    nudge = d.heard(DONOR)
    assert "may have received a meal 25 minutes ago, about 48 m from here" in nudge and "AB23" not in nudge
    d.verify(DONOR, [("what", "Reply CONTINUE"), ("continue", "1. Amma Mess")])
    order = order_of(d)
    assert (order.duplicate_of, order.duplicate_answer, order.duplicate_distance) == ("AB23", "continued", 0.31)


def test_a_new_photo_after_a_nudge_is_checked_afresh():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor()
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48, minutes=25, distance=0.31)
    checked(d)
    d.verify(DONOR, [(Photo(), "checking the new photo")])
    order = order_of(d)
    assert order.duplicate_of is None and d.uow.faces.forgotten == [order.id]
    assert ("discard_photo", (100,)) in d.uow.jobs
    d.process_photos(FaceVerdict.ONE_FACE)
    assert "1. Amma Mess" in d.heard(DONOR)


def test_a_stale_photo_result_changes_nothing():
    d = Dialogue()
    d.onboarded_donor()
    d.send(DONOR, Photo())
    order = order_of(d)
    order.photo_id = 555  # replaced meanwhile
    d.process_photos(FaceVerdict.MANY_FACES)
    assert order.face_verdict == "" and order.photo_id == 555


def test_a_cancelled_order_lets_go_of_the_photo_and_face_at_once():
    d = Dialogue()
    d.onboarded_donor()
    d.send(DONOR, Photo())
    order = order_of(d)
    d.send(DONOR, "CANCEL")
    assert ("discard_photo", (100,)) in d.uow.jobs
    assert order.photo_id is None and d.uow.faces.forgotten == [order.id]
