"""The donor's conversation, as scripted dialogues on fakes: every reply compared whole."""

from __future__ import annotations

from domain.orders import OrderStatus
from flows.messages import MediaProblem
from tests.support.dialogue import (
    AMMA_MESS,
    DONOR,
    KITCHEN,
    SECOND_KITCHEN,
    SECOND_MESS,
    SPOT,
    BadMedia,
    Dialogue,
    Photo,
    PinAt,
)
from tests.support.replies import lines
from tests.support.texts import (
    AGREED,
    ASKED_ABOUT_PHOTO,
    ASKED_AMMA_MESS,
    CHECKING_SPOT,
    CONSENT,
    HELP,
    NOT_UNDERSTOOD,
    READY,
    WELCOME,
    kitchens,
    request,
)


def test_first_contact_welcomes_in_three_languages_then_asks_consent():
    d = Dialogue()
    d.verify(
        DONOR,
        [("hello", WELCOME), ("7", WELCOME), ("1", CONSENT), ("what?", f"{NOT_UNDERSTOOD}\n{CONSENT}"), ("YES", READY)],
    )
    assert d.uow.people.by_address(DONOR).consent_at == d.now


def test_a_photo_sent_before_consent_is_kept_and_used_after_it():
    d = Dialogue()
    d.verify(
        DONOR,
        [
            (Photo(), WELCOME),
            ("1", CONSENT),
            ("yes", ASKED_ABOUT_PHOTO),
            ("yes", AGREED),
        ],
    )
    assert d.order().photo_id == 100
    assert d.uow.jobs == [("process_photo", (100, d.order().id, "seeker"))]


def test_photo_then_pin_starts_the_safety_check():
    d = Dialogue()
    d.onboarded_donor()
    d.photographed()
    d.verify(DONOR, [(PinAt(*SPOT, label="Bus stop"), [])])  # held: the check's result usually follows at once
    d.hold_passes()
    d.expect(DONOR, CHECKING_SPOT)  # it did not: the donor hears the spot is being checked
    order = d.order()
    assert order.state == OrderStatus.SAFETY_CHECK
    assert order.place_label == "Bus stop"
    assert d.uow.jobs == [("process_photo", (100, order.id, "seeker")), ("assess_safety", (order.id,))]
    assert [event.to_status for event in order.events] == ["CREATED", "SAFETY_CHECK"]


def test_each_kind_of_bad_input_gets_its_own_reply():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            ("blah", f"{NOT_UNDERSTOOD}\n{HELP}"),
            (PinAt(*SPOT), "Please send a photo of the person first, then the location."),
            (BadMedia(MediaProblem.NOT_AN_IMAGE), "That file is not a photo. Please send a JPEG, PNG or WebP photo."),
            (BadMedia(MediaProblem.TOO_LARGE), "That photo is too large. Please send a photo under 16 MB."),
            (Photo(), ASKED_ABOUT_PHOTO),
            ("1", AGREED),
            (
                Photo(),
                "We already have a photo for order {ref}. Now please share the location. To start again, send CANCEL.",
            ),
            (
                PinAt(51.5, -0.12),
                "That location is outside India. Ketpaar works only in India. Please share where you are.",
            ),
            (PinAt(999, 80), "That location could not be read. Please share your location pin again."),
            (PinAt("north", "east"), "That location could not be read. Please share your location pin again."),
            ("STATUS ZZZZ", "There is no order ZZZZ of yours. Please check the reference."),
        ],
    )
    assert d.order().state == OrderStatus.CREATED


def test_a_passed_check_lists_open_kitchens_with_meals_nearest_first():
    d = Dialogue()
    d.kitchen("Far Mess", "whatsapp:+919800000102", at=(13.075, 80.25))
    d.kitchen("Near Mess", "whatsapp:+919800000103", at=(13.0610, 80.2490))
    d.kitchen("Empty Mess", "whatsapp:+919800000104", at=(13.0605, 80.2497), meals=0)
    d.kitchen("Distant Mess", "whatsapp:+919800000105", at=(13.2, 80.3))
    closed = d.kitchen("Night Mess", "whatsapp:+919800000106", at=(13.0606, 80.2495))
    closed.hours = "19-23"
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. Near Mess: ₹60, 93 m", "2. Far Mess: ₹60, 1.6 km"))
    assert d.order().state == OrderStatus.VENDOR_SELECTION


def test_a_late_night_spot_is_rejected_naming_only_what_is_known_and_a_new_pin_rechecks():
    d = Dialogue(now=Dialogue().now.replace(hour=18, minute=0))  # 23:30 in Chennai
    d.kitchen()
    d.through_the_checks()
    d.expect(
        DONOR,
        lines(
            "Order {ref}: this spot does not look safe for a delivery now (after 10 pm).",
            "Please move to a busy, well-lit main road and share a new location, or send CANCEL.",
        ),
    )
    assert d.order().state == OrderStatus.SAFETY_REJECTED
    d.verify(DONOR, [(PinAt(*SPOT), [])])
    assert d.order().state == OrderStatus.SAFETY_CHECK


def test_choosing_a_kitchen_reserves_a_meal_and_asks_the_kitchen():
    d = Dialogue()
    kitchen = d.kitchen()
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. " + AMMA_MESS))
    d.verify(
        DONOR,
        [
            ("9", "Please reply with a number from 1 to 1 to choose a kitchen, or send CANCEL."),
            (
                "1",
                ASKED_AMMA_MESS,
                {KITCHEN: request()},
            ),
        ],
    )
    assert d.uow.kitchens.meals_left(kitchen, d.now.date()) == 4
    assert d.order().kitchen_id == kitchen.id


def test_the_last_meal_taken_meanwhile_sends_the_donor_back_to_the_list():
    d = Dialogue()
    kitchen = d.kitchen(meals=1)
    other = d.second_kitchen()
    d.through_the_checks()
    d.expect(DONOR, kitchens("1. " + AMMA_MESS, "2. " + SECOND_MESS))
    d.uow.kitchens.reserve_meal(kitchen, d.now.date(), order_id=999)  # another donor was quicker
    d.verify(DONOR, [("1", lines("Sorry, Amma Mess has no meal left just now.", kitchens("1. " + SECOND_MESS)))])
    assert d.order().offered_kitchen_ids == [other.id]
    assert d.order().kitchen_id is None


def test_cancel_releases_the_meal_and_tells_the_kitchen():
    d = Dialogue()
    kitchen = d.kitchen()
    d.chose_amma_mess()
    reference = d.order().reference
    d.verify(
        DONOR,
        [
            (
                "CANCEL",
                "Order {ref} is cancelled. No money was taken.",
                {KITCHEN: "Order {ref} was cancelled by the donor. Please do not cook it."},
            ),
            ("CANCEL", "You have no open order."),
            (f"STATUS {reference}", "Order {ref} (26 Nov, 12:00): cancelled. Kitchen: Amma Mess."),
        ],
    )
    assert d.uow.kitchens.meals_left(kitchen, d.now.date()) == 5
    assert [entry[3] for entry in d.uow.kitchens.log] == [1, -1]
    assert d.newest_order().state == OrderStatus.CANCELLED


def test_cancel_is_refused_once_the_kitchen_has_the_money():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    order = d.order()
    order.move_to(OrderStatus.PAYMENT_REDIRECT, d.now)
    order.move_to(OrderStatus.PAYMENT_CONFIRMED, d.now)
    d.verify(DONOR, [("cancel", "Order {ref} can no longer be cancelled: paid, being cooked.")])
    assert order.state == OrderStatus.PAYMENT_CONFIRMED


def test_a_donor_cannot_see_another_donors_order():
    d = Dialogue()
    d.onboarded_donor()
    d.photographed()
    reference = d.order().reference
    d.onboarded_donor("whatsapp:+919800000002")
    d.verify(
        "whatsapp:+919800000002",
        [
            (f"STATUS {reference}", "There is no order {ref} of yours. Please check the reference."),
            (f"CANCEL {reference}", "There is no order {ref} of yours. Please check the reference."),
        ],
    )
    assert d.order().state == OrderStatus.CREATED


def test_rating_completes_the_order_and_history_lists_it():
    d = Dialogue()
    kitchen = d.kitchen()
    d.chose_amma_mess()
    order = d.order()
    for status in (OrderStatus.PAYMENT_REDIRECT, OrderStatus.PAYMENT_CONFIRMED, OrderStatus.DELIVERED):
        order.move_to(status, d.now)
    d.verify(
        DONOR,
        [
            ("great", "How was the meal for order {ref}? Reply with a number from 1 to 5."),
            ("4", []),  # nothing back: a thank-you alone tells the donor nothing
            ("HISTORY", "Your last orders:\n{ref} · 26 Nov, 12:00 · completed"),
        ],
    )
    assert order.state == OrderStatus.COMPLETED and order.rating == 4
    assert (kitchen.rating_total, kitchen.rating_count) == (4, 1)


def test_lang_switches_language_at_any_time():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [("LANG", WELCOME)])
    assert d.uow.people.by_address(DONOR).language == "en"
    d.verify(DONOR, [("3", "भाषा बदल दी गई।")])
    assert d.uow.people.by_address(DONOR).language == "hi"
    d.verify(DONOR, [("LANG TA", "மொழி மாற்றப்பட்டது.")])
    assert d.uow.people.by_address(DONOR).language == "ta"


def test_a_kitchen_that_does_not_answer_in_time_is_replaced_and_both_are_told():
    d = Dialogue()
    kitchen = d.kitchen()
    d.second_kitchen()
    d.chose_amma_mess()
    d.kitchen_times_out()
    d.expect(
        KITCHEN, "We had no answer from you in 5 minutes, so order {ref} is no longer yours. Please do not cook it."
    )
    d.expect(
        DONOR,
        "Amma Mess did not answer order {ref} in 5 minutes.\n"
        "We asked Second Mess to cook it instead (₹60, 349 m away). They have 5 minutes to answer.",
    )
    d.expect(SECOND_KITCHEN, request())
    assert d.order().declined_kitchen_ids == [kitchen.id]
    assert d.uow.kitchens.meals_left(kitchen, d.now.date()) == 5
