"""Meal credits as scripted dialogues on fakes, in English, Tamil and Hindi: CREDIT, RECEIVED, CREDITS, and a
meal a credit pays for when its donor replies USE PLEDGE. Every reply is compared whole."""

from __future__ import annotations

import pytest

from domain.giving.ledger import Balance
from domain.orders import Funding
from domain.orders import OrderStatus as S
from tests.support.dialogue import DONOR, KITCHEN, Dialogue
from tests.support.giving import LANGUAGES, SMS_DONOR, fed, newest_credit, said, sms_dialogue

UPI = "upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am={amount}&cu=INR&tn=Ketpaar%20{ref}"
BUY = (
    "Meal credit {ref}: {meals} meals at {kitchen}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
    "The meals are ready for hungry people once {kitchen} confirms the money. Ketpaar never holds your money."
)
COMING = (
    "A donor is paying you {amount} ahead for {meals} meals ({ref}). When the money arrives, reply RECEIVED {ref}. "
    "Then we send you people who need a meal, already paid for."
)
READY = "Thank you. {meals} meals given ahead are ready at your kitchen ({ref}). Reply CREDITS to see them."
DONOR_TOLD = (
    "{kitchen} received your {amount}: {meals} meals given ahead ({ref}) are ready for hungry people. "
    "You get a receipt for each meal delivered."
)


def bought(d: Dialogue, text: str = "CREDIT 3 AMMA", donor: str = DONOR):
    """The donor's CREDIT and the kitchen's RECEIVED, the replies looked at; returns the credit."""
    d.send(donor, text)
    credit = newest_credit(d)
    d.send(KITCHEN, f"RECEIVED {credit.reference}")
    for address in (donor, KITCHEN):
        d.told(address)
    return credit


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_donor_buys_meals_ahead_at_the_kitchen_of_their_last_order_and_the_kitchen_confirms(language):
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    d.uow.people.by_address(DONOR).language = language
    replies = d.send(DONOR, "CREDIT 3")
    credit = newest_credit(d)
    ref = credit.reference
    link = UPI.format(amount="180.00", ref=ref)
    assert replies == [said(language, BUY, ref=ref, meals=3, kitchen="Amma Mess", amount="₹180", link=link)]
    d.expect(KITCHEN, said("en", COMING, amount="₹180", meals=3, ref=ref))
    assert d.uow.ledger.balance(credit.id) == Balance(pending_paise=18000)

    told = said(language, DONOR_TOLD, kitchen="Amma Mess", amount="₹180", meals=3, ref=ref)
    d.verify(KITCHEN, [(f"RECEIVED {ref.lower()}", said("en", READY, meals=3, ref=ref), {DONOR: told})])
    assert d.uow.ledger.balance(credit.id) == Balance(meals=3, paise=18000)
    assert [kind for _, kind, _ in d.uow.outbox.kinds[-2:]] == ["reply", "pledge"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_credits_by_short_name_with_a_window_and_for_sms_only_as_the_kitchen_lists_them(language):
    d = Dialogue()
    d.kitchen()
    d.uow.people.by_address(KITCHEN).language = language
    d.onboarded_donor()
    lunch = bought(d, "CREDIT 2 amma LUNCH SMS")
    d.send(DONOR, "CREDIT 4 AMMA 18-22")
    pending = newest_credit(d)
    d.told(DONOR)
    d.told(KITCHEN)
    lines = [
        ", ".join(
            [
                said(language, "{ref}: {left} of {meals} meals left", ref=lunch.reference, left=2, meals=2),
                said(language, "only {window}", window="11-15"),
                said(language, "only for SMS requests"),
            ]
        ),
        said(language, "{ref}: {amount} for {meals} meals, waiting for your RECEIVED", ref=pending.reference,
             amount="₹240", meals=4),
    ]  # fmt: skip
    d.verify(KITCHEN, [("CREDITS", said(language, "Meals given ahead at {name}:\n{credits}", name="Amma Mess",
                                        credits="\n".join(lines)))])  # fmt: skip
    assert (lunch.window_start, lunch.window_end, lunch.sms_only) == (660, 900, True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_credit_commands_are_answered_and_nothing_is_bought(language):
    d = Dialogue()
    d.kitchen()
    d.kitchen("Amma Tiffin", "whatsapp:+919800000109", at=(13.0615, 80.2480))
    d.onboarded_donor(language=language)
    d.verify(
        DONOR,
        [
            ("CREDIT", said(language, "Please write the number of meals after CREDIT, like CREDIT 10 AMMA.")),
            ("CREDIT ten AMMA", said(language, "Please write the number of meals after CREDIT, like CREDIT 10 AMMA.")),
            ("CREDIT 0 AMMA", said(language, "Please write the number of meals after CREDIT, like CREDIT 10 AMMA.")),
            ("CREDIT 500 AMMA", said(language, "At most {most} meals at a time, please.", most=100)),
            ("CREDIT 5", said(language, "Which kitchen? Add the first word of its name, like CREDIT {meals} AMMA.",
                              meals=5)),
            ("CREDIT 5 NOBODY", said(language, "We know no kitchen called {name}. Please check the name.",
                                     name="NOBODY")),
            ("CREDIT 5 AMMA", said(language, "Which kitchen do you mean: {names}? Please write more of its name.",
                                   names="Amma Mess, Amma Tiffin")),
        ],
    )  # fmt: skip
    assert d.uow.credits.rows == {} and d.uow.ledger.rows == []
    d.send(DONOR, "CREDIT 5 amma t")
    assert newest_credit(d).kitchen_id == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_kitchens_received_that_fits_no_credit_is_answered(language):
    d = Dialogue()
    d.kitchen()
    d.uow.people.by_address(KITCHEN).language = language
    d.onboarded_donor()
    d.verify(KITCHEN, [("RECEIVED", said(language, "No payment ahead is waiting for your RECEIVED."))])
    d.send(DONOR, "CREDIT 1 AMMA")
    d.send(DONOR, "CREDIT 2 AMMA")
    first, second = sorted(d.uow.credits.rows.values(), key=lambda credit: credit.id)
    d.told(KITCHEN)
    d.verify(
        KITCHEN,
        [
            ("RECEIVED", said(language, "Please add the reference, like RECEIVED {ref}.", ref=first.reference)),
            ("RECEIVED MQQQQ", said(language, "{ref} is not a payment to your kitchen. Please check the reference.",
                                    ref="MQQQQ")),
            (f"RECEIVED {first.reference}", said(language, READY, meals=1, ref=first.reference),
             {DONOR: said("en", DONOR_TOLD, kitchen="Amma Mess", amount="₹60", meals=1, ref=first.reference)}),
            (f"RECEIVED {first.reference}", said(language, "{ref} is already confirmed. Thank you.",
                                                 ref=first.reference)),
            ("RECEIVED", said(language, READY, meals=2, ref=second.reference),
             {DONOR: said("en", DONOR_TOLD, kitchen="Amma Mess", amount="₹120", meals=2, ref=second.reference)}),
        ],
    )  # fmt: skip
    d.verify(KITCHEN, [("CREDITS", said(language, "Meals given ahead at {name}:\n{credits}", name="Amma Mess",
        credits="\n".join(said(language, "{ref}: {left} of {meals} meals left", ref=credit.reference,
                                left=credit.meals, meals=credit.meals) for credit in (first, second))))])  # fmt: skip


def sms_meal_accepted(d: Dialogue) -> None:
    """An SMS donor's FEED, Amma Mess chosen and accepting; the replies looked at."""
    fed(d)
    d.send(SMS_DONOR, "1")
    d.send(KITCHEN, "ACCEPT")
    for address in (SMS_DONOR, KITCHEN):
        d.told(address)


def test_an_sms_meal_is_paid_by_a_meal_credit_when_its_donor_replies_use_pledge():
    d = sms_dialogue()
    d.onboarded_donor()
    credit = bought(d, "CREDIT 2 AMMA SMS")
    fed(d)
    d.send(SMS_DONOR, "1")  # the replies as in test_sms_dialogue
    pay = [
        "Amma Mess accepted order {ref}. Pay Rs.60 by UPI to:\namma@okaxis\nWrite {ref} in the UPI note.\n"
        "No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone.",
        "Cannot pay? Reply USE PLEDGE: a meal given ahead will pay for it.",
    ]
    d.told(KITCHEN)
    d.verify(KITCHEN, [("ACCEPT", "The donor will pay ₹60 to amma@okaxis. When it arrives, reply PAID {ref}. "
                                  "Once the meal is handed over, send DELIVERED {ref} with a photo.",
                        {SMS_DONOR: pay})])  # fmt: skip
    cook = (
        "Order {ref} is paid from the meals given ahead at your kitchen ({credit}, 1 left). "
        "Please cook it; once it is handed over, send DELIVERED {ref} with a photo."
    ).replace("{credit}", credit.reference)
    paid = "A meal given ahead at Amma Mess pays for order {ref}. The meal is being cooked."
    d.verify(SMS_DONOR, [("USE PLEDGE", paid, {KITCHEN: cook})])
    order = d.newest_order()
    assert (order.state, order.funding) == (S.PAYMENT_CONFIRMED, Funding.CREDIT)
    assert d.uow.ledger.balance(credit.id) == Balance(meals=1, paise=6000)
    assert [entry.order_id for entry in d.uow.ledger.rows if entry.kind == "allocated"] == [order.id]
    d.verify(KITCHEN, [("PAID", "Order {ref} is paid, waiting for your DELIVERED with a photo, so PAID does not "
                                "apply now.\nSend DELIVERED {ref} with a photo, or FAILED {ref} and the "
                                "reason.")])  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_use_pledge_with_nothing_to_use_asks_the_donor_to_pay_or_cancel(language):
    d = Dialogue()
    d.kitchen()
    d.chose_amma_mess()
    d.uow.people.by_address(DONOR).language = language
    not_now = said(language, "USE PLEDGE works when you are asked to pay for a meal.")
    d.verify(DONOR, [("USE PLEDGE", not_now)])
    d.send(KITCHEN, "ACCEPT")
    d.told(DONOR)
    nothing = said(
        language,
        "No meal given ahead or pledge can pay for order {ref} now. Please pay {amount} to {kitchen} yourself, "
        "or send CANCEL.",
        ref=d.newest_order().reference,
        amount="₹60",
        kitchen="Amma Mess",
    )
    d.verify(DONOR, [("use pledge", nothing)])
    assert d.newest_order().state == S.PAYMENT_REDIRECT


def test_a_credit_pays_only_inside_its_window_for_the_channel_it_allows_and_once_confirmed():
    d = sms_dialogue()
    d.onboarded_donor()
    d.send(DONOR, "CREDIT 1 AMMA")  # pending: never confirmed
    dinner = bought(d, "CREDIT 1 AMMA 18-22")  # dinner only: it is noon
    sms_meal_accepted(d)
    nothing = "Nothing given ahead can pay for order {ref} now. Pay Rs.60 to Amma Mess, or CANCEL."
    d.verify(SMS_DONOR, [("USE PLEDGE", nothing)])
    d.now = d.now.replace(hour=13)  # 18:30 in Chennai
    cook = (
        f"Order {{ref}} is paid from the meals given ahead at your kitchen ({dinner.reference}, 0 left). "
        "Please cook it; once it is handed over, send DELIVERED {ref} with a photo."
    )
    paid = "A meal given ahead at Amma Mess pays for order {ref}. The meal is being cooked."
    d.verify(SMS_DONOR, [("USE PLEDGE", paid, {KITCHEN: cook})])


def test_an_sms_only_credit_does_not_pay_for_a_whatsapp_donors_meal():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor("whatsapp:+919800000005")
    bought(d, "CREDIT 1 AMMA SMS", donor="whatsapp:+919800000005")
    d.chose_amma_mess()
    d.send(KITCHEN, "ACCEPT")
    d.told(DONOR)  # no offer of USE PLEDGE: nothing would pay
    d.send(DONOR, "USE PLEDGE")
    assert d.newest_order().funding == Funding.DONOR
