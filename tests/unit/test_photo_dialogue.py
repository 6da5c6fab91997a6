"""The donor's photo: consent for the person, what the photo job found, and the duplicate nudge."""

from __future__ import annotations

from datetime import timedelta

from domain.duplicates import DuplicateMatch, FaceVerdict
from domain.orders import OrderStatus
from tests.support.dialogue import AMMA_MESS, DONOR, KITCHEN, SPOT, Dialogue, Photo, PinAt
from tests.support.replies import lines
from tests.support.texts import (
    AGREE_THEN_SHARE,
    AGREED,
    ASKED_ABOUT_PHOTO,
    ASKED_AMMA_MESS,
    CHECKING_SPOT,
    DID_THEY_AGREE,
    PHOTO_DELETED,
    SHARE_LOCATION,
    kitchens,
    request,
)

NUDGE = (
    "Order {ref}: this person may have received a meal nearby within the last hour. "
    "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else."
)
LISTED = kitchens("1. " + AMMA_MESS)


def photographed(d: Dialogue) -> None:
    d.onboarded_donor()
    d.photographed()


def test_every_photo_asks_whether_the_person_agreed_and_each_answer_is_recorded():
    d = Dialogue()
    person = d.onboarded_donor()
    d.verify(
        DONOR,
        [
            (Photo(), ASKED_ABOUT_PHOTO),
            ("maybe", AGREE_THEN_SHARE),
            ("YES", AGREED),
            ("CANCEL", "Order {ref} is cancelled. No money was taken."),
            (Photo(), ASKED_ABOUT_PHOTO),
            ("1", AGREED),
        ],
    )
    answers = [(c.kind, c.agreed, c.order_id, c.at) for c in d.uow.consents.of_person(person.id)]
    assert answers == [("photo", True, 1, d.now), ("photo", True, 2, d.now)]


def test_another_photo_instead_of_an_answer_is_the_one_asked_about():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [(Photo(), ASKED_ABOUT_PHOTO), (Photo(), AGREE_THEN_SHARE)])
    assert d.order().photo_id == 101 and ("discard_photo", (100,)) in d.uow.jobs


def test_when_the_person_declined_the_photo_is_dropped_and_the_donors_words_go_to_the_kitchen():
    d = Dialogue()
    d.kitchen()
    person = d.onboarded_donor()
    d.verify(
        DONOR,
        [
            (Photo(), ASKED_ABOUT_PHOTO),
            ("2", lines(PHOTO_DELETED, SHARE_LOCATION)),
            ("old man,  blue shirt", lines("Noted for the kitchen: old man, blue shirt", SHARE_LOCATION)),
        ],
    )
    order = d.order()
    assert ("discard_photo", (100,)) in d.uow.jobs
    assert order.photo_id is None and order.face_verdict == FaceVerdict.DECLINED
    assert [(c.kind, c.agreed) for c in d.uow.consents.of_person(person.id)] == [("photo", False)]
    d.verify(DONOR, [(PinAt(*SPOT), [])])
    d.run_safety_check()
    d.expect(DONOR, LISTED)
    about = "About the person: old man, blue shirt"
    d.verify(DONOR, [("1", ASKED_AMMA_MESS, {KITCHEN: lines(request(photo=""), about)})])


def test_a_new_photo_the_person_did_not_agree_to_is_deleted_and_the_order_goes_on_without_it():
    d = Dialogue()
    d.kitchen()
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48, minutes=25, distance=0.31, delivered=True)
    d.through_the_checks()
    d.expect(DONOR, NUDGE)
    d.verify(DONOR, [(Photo(), DID_THEY_AGREE), ("no", lines(PHOTO_DELETED, LISTED))])
    assert d.order().face_verdict == FaceVerdict.DECLINED and d.order().photo_id is None


def test_a_group_photo_waits_for_a_photo_of_just_the_person():
    d = Dialogue()
    d.kitchen()
    photographed(d)
    d.process_photos(FaceVerdict.MANY_FACES)
    d.expect(
        DONOR,
        "We see more than one person in the photo for order {ref}. "
        "Please send a photo of just the person you are helping.",
    )
    d.verify(DONOR, [(PinAt(*SPOT), [])])
    d.run_safety_check()
    d.expect(DONOR, [])  # the spot is fine; the photo is not
    d.hold_passes()
    d.expect(DONOR, CHECKING_SPOT)
    assert d.order().state == OrderStatus.SAFETY_CHECK
    d.verify(
        DONOR,
        [
            ("hello?", "Order {ref} needs a photo of just the person you are helping."),
            (Photo(), DID_THEY_AGREE),
            ("yes", []),  # "we are checking the new photo" is held: the photo job says more at once
        ],
    )
    d.process_photos(FaceVerdict.ONE_FACE)
    d.expect(DONOR, LISTED)
    assert d.order().state == OrderStatus.VENDOR_SELECTION


def test_no_face_is_no_verdict_and_the_order_goes_on():
    d = Dialogue()
    d.kitchen()
    photographed(d)
    d.process_photos(FaceVerdict.NO_FACE)
    d.expect(
        DONOR,
        "We could not see a face in the photo for order {ref}. The order goes on; "
        "a clear photo of the face helps next time.",
    )
    d.verify(DONOR, [(PinAt(*SPOT), [])])
    d.run_safety_check()
    d.expect(DONOR, LISTED)
    assert d.order().face_verdict == FaceVerdict.NO_FACE


def test_a_match_nudges_without_naming_the_earlier_order_and_continue_goes_on_to_the_kitchens():
    d = Dialogue()
    d.kitchen()
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48.4, minutes=25, distance=0.31, delivered=True)
    d.through_the_checks()
    d.expect(DONOR, NUDGE)
    d.verify(DONOR, [("what", NUDGE), ("continue", LISTED)])
    order = d.order()
    assert (order.duplicate_of, order.duplicate_answer, order.duplicate_distance) == ("AB23", "continued", 0.31)


def test_a_new_photo_after_a_nudge_is_checked_afresh():
    d = Dialogue()
    d.kitchen()
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48, minutes=25, distance=0.31, delivered=True)
    d.through_the_checks()
    d.expect(DONOR, NUDGE)
    d.verify(DONOR, [(Photo(), DID_THEY_AGREE), ("yes", [])])
    order = d.order()
    assert order.duplicate_of is None and d.uow.faces.forgotten == [order.id]
    assert ("discard_photo", (100,)) in d.uow.jobs
    d.hold_passes()  # the photo job is slow today: the donor hears why nothing comes yet
    d.expect(DONOR, "Thank you. We are checking the new photo for order {ref}.")
    d.process_photos(FaceVerdict.ONE_FACE)
    d.expect(DONOR, LISTED)


def test_a_stale_photo_result_changes_nothing_and_says_nothing():
    d = Dialogue()
    photographed(d)
    order = d.order()
    order.photo_id = 555  # replaced meanwhile
    d.process_photos(FaceVerdict.MANY_FACES)
    d.expect(DONOR, [])
    assert order.face_verdict == "" and order.photo_id == 555


def test_a_cancelled_order_lets_go_of_the_photo_and_face_at_once():
    d = Dialogue()
    photographed(d)
    order = d.order()
    d.verify(DONOR, [("CANCEL", "Order {ref} is cancelled. No money was taken.")])
    assert ("discard_photo", (100,)) in d.uow.jobs
    assert order.photo_id is None and d.uow.faces.forgotten == [order.id]


def test_a_meal_more_than_an_hour_ago_is_earlier_today_without_minutes_or_metres():
    d = Dialogue()
    d.kitchen()
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48, minutes=95, distance=0.31, delivered=True)
    d.through_the_checks()
    d.expect(
        DONOR,
        "Order {ref}: this person may have received a meal nearby earlier today. "
        "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else.",
    )
    assert (d.order().duplicate_minutes, d.order().duplicate_metres) == (95, 48)  # for the operator


def test_past_ten_face_checks_in_an_hour_no_check_is_made_and_the_order_goes_on():
    d = Dialogue()
    d.kitchen()
    donor = d.onboarded_donor()
    d.uow.faces.checks = [(donor.id, 99, d.now - timedelta(minutes=minutes)) for minutes in range(0, 50, 5)]
    d.uow.faces.checks.append((donor.id, 98, d.now - timedelta(minutes=61)))  # over an hour ago: not counted
    d.uow.faces.matches[1] = DuplicateMatch("AB23", metres=48, minutes=25, distance=0.31)
    d.photographed()
    d.process_photos()
    d.verify(DONOR, [(PinAt(*SPOT), [])])
    d.run_safety_check()
    d.expect(DONOR, LISTED)  # no nudge: the lookup was not made
    assert d.order().duplicate_of is None and len(d.uow.faces.checks) == 11


def test_each_face_check_is_counted_for_its_donor():
    d = Dialogue()
    d.kitchen()
    d.through_the_checks()
    d.expect(DONOR, LISTED)
    assert d.uow.faces.checks == [(d.order().donor_id, d.order().id, d.now)]
