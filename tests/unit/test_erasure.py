"""DELETE MY DATA by chat: confirmed with YES, then everything about the person goes, and one last word."""

from __future__ import annotations

from datetime import timedelta

from domain.orders import OrderStatus
from tests.support.dialogue import DONOR, KITCHEN, Dialogue, Photo
from tests.support.texts import HELP, NOT_UNDERSTOOD, WELCOME

ASKED = (
    "This deletes what we keep about you: your number, messages, photos and places. Open orders are "
    "cancelled where they still can be. Reply YES to delete."
)
DELETED = "Your data is deleted: your number, messages, photos and places. Thank you for using Ketpaar."
NOTHING_DELETED = "Nothing was deleted."


def test_a_donor_who_confirms_is_erased_their_open_order_cancelled_and_its_kitchen_told():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    order = d.order()
    donor_id = order.donor_id
    d.verify(DONOR, [("DELETE MY DATA", ASKED), ("yes", [])])
    assert d.uow.jobs[-1] == ("erase_person", (donor_id,))
    d.run_erasure()
    d.expect(DONOR, DELETED)
    d.expect(KITCHEN, "Order {ref} was cancelled by the donor. Please do not cook it.")
    assert d.uow.people.by_address(DONOR) is None
    assert order.state == OrderStatus.CANCELLED and order.donor_id is None
    assert (order.lat, order.lng, order.place_label, order.photo_id) == (13.06, 80.25, "", None)
    assert ("discard_photo", (100,)) in d.uow.jobs and order.id in d.uow.faces.forgotten
    assert d.uow.privacy.forgotten == [(donor_id, [order.id])]
    assert d.uow.kitchens.meals_left(d.uow.kitchens.get(order.kitchen_id), d.now.date()) == 5


def test_a_meal_being_cooked_goes_on_without_the_donor_and_the_kitchen_finishes_it():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    order = d.order()
    order.move_to(OrderStatus.PAYMENT_REDIRECT, d.now)
    order.move_to(OrderStatus.PAYMENT_CONFIRMED, d.now)
    d.verify(DONOR, [("DELETE MY DATA", ASKED), ("YES", [])])
    d.run_erasure()
    cooking = "Order {ref} is being cooked and will still be delivered, without your name."
    d.expect(DONOR, DELETED + "\n" + cooking)
    d.expect(KITCHEN, [])  # it cooks on
    assert order.state == OrderStatus.PAYMENT_CONFIRMED and order.donor_id is None
    d.verify(KITCHEN, [("READY", [])])
    d.verify(KITCHEN, [(Photo("DELIVERED"), [])])  # and nobody else is told
    assert order.state == OrderStatus.DELIVERED and order.amount_paise == 6000 and order.kitchen_id is not None


def test_a_delivered_meal_not_yet_rated_is_completed_when_its_donor_leaves():
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    order = d.order()
    for status in (OrderStatus.PAYMENT_REDIRECT, OrderStatus.PAYMENT_CONFIRMED, OrderStatus.DELIVERED):
        order.move_to(status, d.now)
    d.verify(DONOR, [("DELETE MY DATA", ASKED), ("YES", [])])
    d.run_erasure()
    d.expect(DONOR, DELETED)
    assert order.state == OrderStatus.COMPLETED and order.events[-1].note == "not rated: the donor erased their data"


def test_no_or_anything_else_deletes_nothing_and_anything_else_is_then_answered():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            ("DELETE MY DATA", ASKED),
            ("no", NOTHING_DELETED),
            ("delete my data", ASKED),
            ("what?", "\n".join([NOTHING_DELETED, NOT_UNDERSTOOD, HELP])),
            ("YES", NOT_UNDERSTOOD + "\n" + HELP),  # no longer an answer to the question
        ],
    )
    assert d.uow.jobs == [] and d.uow.people.by_address(DONOR) is not None


def test_a_yes_long_after_the_question_is_not_taken_as_an_answer():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [("DELETE MY DATA", ASKED)])
    d.now += timedelta(minutes=11)
    d.verify(DONOR, [("YES", NOT_UNDERSTOOD + "\n" + HELP)])
    assert d.uow.jobs == []


def test_a_returning_number_starts_fresh_and_a_second_erasure_is_recognised():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [("DELETE MY DATA", ASKED), ("YES", [])])
    d.run_erasure()
    d.expect(DONOR, DELETED)
    d.now += timedelta(days=2)
    d.verify(DONOR, [("DELETE MY DATA", [])])  # nothing to confirm: only this chat is stored
    d.run_erasure()
    d.expect(DONOR, "Your data was already deleted on 26-11-2026. We keep nothing else about you.")
    d.verify(DONOR, [("hello", WELCOME)])


def test_a_kitchen_finishes_its_open_orders_first_then_leaves():
    d = Dialogue()
    kitchen = d.kitchen()
    d.chose_amma_mess()
    d.verify(KITCHEN, [("DELETE MY DATA", "First finish your open orders: {ref}. Then send DELETE MY DATA again.")])
    d.verify(
        KITCHEN,
        [
            (
                "DECLINE",
                "Noted: you declined order {ref}.",
                {
                    DONOR: "Amma Mess cannot cook order {ref}.\nNo other kitchen near you can cook now. We keep the "
                    "order and will tell you when one can, within 30 minutes. You may also share another location, "
                    "or send CANCEL."
                },
            )
        ],
    )
    asked = (
        "This deletes what we keep about you: your number, messages and consents. Your kitchen leaves "
        "Ketpaar; its past orders stay for its accounts, without its name or UPI ID. Reply YES to delete."
    )
    d.verify(KITCHEN, [("DELETE MY DATA", asked), ("YES", [])])
    d.run_erasure()
    d.expect(KITCHEN, DELETED + "\nYour kitchen has left Ketpaar.")
    assert (kitchen.person_id, kitchen.name, kitchen.upi_vpa, kitchen.verified) == (None, "-", "", False)
    assert d.uow.people.by_address(KITCHEN) is None


def test_the_question_and_the_last_word_come_in_tamil():
    d = Dialogue()
    d.onboarded_donor(language="ta")
    d.verify(
        DONOR,
        [
            (
                "என் தரவை அழி",
                "இது உங்களைப் பற்றி நாங்கள் வைத்திருப்பதை அழிக்கும்: உங்கள் எண், மெசேஜ்கள், போட்டோக்கள், "
                "இடங்கள். முடிந்தால் நடந்துகொண்டிருக்கும் ஆர்டர்கள் ரத்து செய்யப்படும். அழிக்க YES அனுப்புங்கள்.",
            ),
            ("ஆம்", []),
        ],
    )
    d.run_erasure()
    d.expect(
        DONOR,
        "உங்கள் தரவு அழிக்கப்பட்டது: உங்கள் எண், மெசேஜ்கள், போட்டோக்கள், இடங்கள். Ketpaar-ஐப் பயன்படுத்தியதற்கு நன்றி.",
    )
