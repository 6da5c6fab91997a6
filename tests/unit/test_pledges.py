"""Pledges as scripted dialogues on fakes, in English, Tamil and Hindi: PLEDGE, PLEDGES, PAUSE, RESUME,
CANCEL PLEDGE, bad input, and meals paid meal by meal, the next pledge asked when one does not pay in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.giving.ledger import Balance
from domain.orders import Funding
from domain.orders import OrderStatus as S
from tests.support.dialogue import KITCHEN, SPOT, Dialogue, PinAt
from tests.support.giving import LANGUAGES, SMS_DONOR, T_NAGAR, fed, said, sms_dialogue

PLEDGER = "whatsapp:+919800000021"
SECOND_PLEDGER = "+919800000022"  # on SMS
PLEDGED = (
    "Thank you. Pledge {ref}: {terms}.\nWhen a meal near needs it, we send you a UPI link for that meal, "
    "payable to the kitchen, and you have {minutes} minutes to pay. PLEDGES lists yours."
)
LINK = "upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{ref}"
PAY_FOR_MEAL = (
    "Your pledge {pledge} pays for a meal near you: order {ref} at Amma Mess. Please pay ₹60 directly to "
    "the kitchen by UPI within 15 minutes: " + LINK + "\nKetpaar never holds your money."
)


def newest_pledge(d: Dialogue):
    return max(d.uow.pledges.rows.values(), key=lambda pledge: pledge.id)


def terms(language: str, *parts: tuple[str, dict]) -> str:
    return ", ".join(said(language, text, **values) for text, values in parts)


def pledger(d: Dialogue, address: str = PLEDGER, language: str = "en") -> None:
    if address.startswith("whatsapp:"):
        d.onboarded_donor(address, language)
    else:
        d.send(address, "hi")
        d.uow.people.by_address(address).language = language
        d.told(address)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pledge_is_made_listed_paused_resumed_and_ended(language):
    d = sms_dialogue()
    d.places.add("", "600017", T_NAGAR)
    pledger(d, language=language)
    replies = d.send(PLEDGER, "PLEDGE 600 MONTH NEAR 600017 RADIUS 5 HOURS LUNCH")
    pledge = newest_pledge(d)
    ref = pledge.reference
    promised = terms(
        language, ("{amount} a month", {"amount": "₹600"}), ("within {km} km of {place}", {"km": 5, "place": "600017"}),
        ("only {window}", {"window": "11-15"}),
    )  # fmt: skip
    assert replies == [said(language, PLEDGED, ref=ref, terms=promised, minutes=15)]
    assert (pledge.lat, pledge.lng, pledge.radius_m, pledge.monthly) == (*SPOT, 5000, True)
    assert d.uow.ledger.balance(pledge.id) == Balance(paise=60000)
    line = said(language, "{ref}: {terms}; {left} left, {state}", ref=ref, terms=promised, left="₹600",
                state=said(language, "active"))  # fmt: skip
    paused_line = line.replace(said(language, "active"), said(language, "paused"))
    d.verify(
        PLEDGER,
        [
            ("PLEDGES", said(language, "Your pledges:\n{pledges}", pledges=line)),
            ("PAUSE", said(language, "Pledge {ref} is paused: no links and no renewal until you send RESUME {ref}.",
                           ref=ref)),
            (f"PAUSE {ref}", said(language, "Pledge {ref} is already paused.", ref=ref)),
            ("PLEDGES", said(language, "Your pledges:\n{pledges}", pledges=paused_line)),
            ("RESUME", said(language, "Pledge {ref} is on again: {left} left for meals.", ref=ref, left="₹600")),
            (f"RESUME {ref.lower()}", said(language, "Pledge {ref} is not paused.", ref=ref)),
            (f"CANCEL PLEDGE {ref}", said(language, "Pledge {ref} is ended: nothing more will be asked of it. "
                                                    "Thank you.", ref=ref)),
            (f"CANCEL PLEDGE {ref}", said(language, "Pledge {ref} has already ended.", ref=ref)),
            ("PLEDGES", said(language, "You have no pledges. To pledge, send PLEDGE 600 MONTH.")),
        ],
    )  # fmt: skip
    assert d.uow.ledger.balance(pledge.id) == Balance()
    assert [entry.kind for entry in d.uow.ledger.entries(pledge.id)] == ["renewed", "lapsed"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_pledges_are_answered_and_nothing_is_pledged(language):
    d = sms_dialogue()
    pledger(d, language=language)
    how = said(language, "Please write the amount after PLEDGE, like PLEDGE 600 MONTH.")
    like = said(language, "Please write a pledge like PLEDGE 600 MONTH NEAR 600017 RADIUS 3 HOURS 11-15.")
    d.verify(
        PLEDGER,
        [
            ("PLEDGE", how),
            ("PLEDGE six hundred", how),
            ("PLEDGE 0 MONTH", said(language, "A pledge is at least {least}.", least="₹10")),
            ("PLEDGE 200000", said(language, "A pledge is at most {most}.", most="₹100000")),
            ("PLEDGE 600 MONTH NEAR 999999", said(language, "We do not know the PIN code {pincode}. Please check it.",
                                                  pincode="999999")),
            ("PLEDGE 600 RADIUS 99", said(language, "Please write the distance in km, from 1 to {km}, like RADIUS 3.",
                                          km=25)),
            ("PLEDGE 600 HOURS soon", said(language, "Please write the hours like HOURS 11-15, or HOURS LUNCH.")),
            ("PLEDGE 600 WEEK", like),
            ("CANCEL PLEDGE PQQQQ", said(language, "You have no pledge {ref}. Send PLEDGES to see yours.",
                                         ref="PQQQQ")),
            ("PAUSE", said(language, "You have no pledges. To pledge, send PLEDGE 600 MONTH.")),
        ],
    )  # fmt: skip
    assert d.uow.pledges.rows == {} and d.uow.ledger.rows == []


def test_near_alone_asks_a_whatsapp_donor_for_a_pin_and_an_sms_donor_for_a_pin_code():
    d = sms_dialogue()
    pledger(d)
    pledger(d, SECOND_PLEDGER)
    d.verify(SECOND_PLEDGER, [("PLEDGE 100 NEAR", "Please write a 6-digit PIN code after NEAR, like PLEDGE 600 "
                                                  "MONTH NEAR 600017.")])  # fmt: skip
    share = "Now share the place your pledge is for: tap + (or the clip), then Location, then Send."
    d.verify(PLEDGER, [("PLEDGE 100 NEAR RADIUS 2", share)])
    replies = d.send(PLEDGER, PinAt(*SPOT))
    pledge = newest_pledge(d)
    promised = "₹100 once, within 2 km of your pin"
    assert replies == [said("en", PLEDGED, ref=pledge.reference, terms=promised, minutes=15)]
    assert (pledge.lat, pledge.lng, pledge.place_label) == (*SPOT, "")
    assert d.send(PLEDGER, PinAt(*SPOT)) == ["Please send a photo of the person first, then the location."]


def accepted(d: Dialogue) -> None:
    """The SMS donor's meal at Amma Mess accepted; every reply looked at."""
    fed(d)
    d.send(SMS_DONOR, "1")
    d.send(KITCHEN, "ACCEPT")
    for address in (SMS_DONOR, KITCHEN):
        d.told(address)


def test_a_meal_is_paid_by_the_next_pledge_when_the_first_pledger_does_not_pay_in_time():
    d = sms_dialogue()
    pledger(d)
    pledger(d, SECOND_PLEDGER)
    d.send(PLEDGER, "PLEDGE 600 MONTH")
    first = newest_pledge(d)
    d.send(SECOND_PLEDGER, "PLEDGE 100")
    second = newest_pledge(d)
    for address in (PLEDGER, SECOND_PLEDGER):
        d.told(address)
    accepted(d)
    kitchen_told = "A donor's pledge pays for order {ref}: ₹60 should reach you within 15 minutes. Reply PAID {ref} " \
                   "when the money is there."  # fmt: skip
    d.verify(
        SMS_DONOR,
        [("USE PLEDGE", "A pledge pays for order {ref}: its donor pays Amma Mess in 15 min.",
          {PLEDGER: PAY_FOR_MEAL.replace("{pledge}", first.reference), KITCHEN: kitchen_told})],
    )  # fmt: skip
    order = d.newest_order()
    assert (order.funding, d.uow.ledger.balance(first.id)) == (Funding.PLEDGE, Balance(paise=54000, pending_paise=6000))

    d.now += timedelta(minutes=16)
    d.pledge_times_out(SMS_DONOR)
    d.expect(
        SMS_DONOR,
        "No money for order {ref} came from the pledge in 15 minutes.\n"
        "A pledge pays for order {ref}: its donor pays Amma Mess in 15 min.",
    )
    d.expect(
        PLEDGER,
        "No payment for order {ref} reached Amma Mess in 15 minutes, so another donor pays for it. "
        "Please do not pay now. Your pledge keeps its ₹60.",
    )
    d.expect(
        SECOND_PLEDGER,
        [
            f"Pledge {second.reference}: a meal near you, order {{ref}}. Pay Rs.60 by UPI in 15 min to:\n"
            "amma@okaxis\nNote: {ref}\nNo smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone.",
        ],
    )
    d.expect(KITCHEN, "No money for order {ref} came from the pledge in 15 minutes; another donor pays now. "
                      "Reply PAID {ref} when the money is there.")  # fmt: skip
    assert d.uow.ledger.balance(first.id) == Balance(paise=60000)

    d.verify(
        KITCHEN,
        [("PAID", [],
          {SECOND_PLEDGER: "Amma Mess has your Rs.60 for order {ref}. Thank you: the meal is being cooked.",
           SMS_DONOR: "Amma Mess received the pledge's payment for order {ref}. The meal is being cooked."})],
    )  # fmt: skip
    assert order.state == S.PAYMENT_CONFIRMED
    assert d.uow.ledger.balance(second.id) == Balance(paise=4000)
    kinds = [(entry.account_id, entry.kind) for entry in d.uow.ledger.of_order(order.id)]
    assert kinds == [(first.id, "allocated"), (first.id, "released"), (second.id, "allocated"), (second.id, "paid")]


def test_with_no_pledge_left_the_donor_may_pay_and_has_the_whole_time_again():
    d = sms_dialogue()
    pledger(d)
    d.send(PLEDGER, "PLEDGE 60")
    d.told(PLEDGER)
    accepted(d)
    d.send(SMS_DONOR, "USE PLEDGE")
    d.told(SMS_DONOR)
    d.now += timedelta(minutes=16)
    d.pledge_times_out(SMS_DONOR)
    d.expect(SMS_DONOR, "No pledge paid for order {ref}. Pay Rs.60 by UPI to:\namma@okaxis\nNote: {ref}. Or CANCEL.")
    order = d.newest_order()
    assert (order.funding, order.payment_asked_at) == (Funding.DONOR, d.now)
    assert not order.payment_overdue(d.now + timedelta(minutes=29) - timedelta(minutes=30))  # 29 minutes on
    d.verify(SMS_DONOR, [("USE PLEDGE", "Nothing given ahead can pay for order {ref} now. Pay Rs.60 to Amma Mess, "
                                        "or CANCEL.")])  # fmt: skip


@pytest.mark.parametrize("how", ["DECLINE", "CANCEL"])
def test_a_meal_that_stops_before_it_is_paid_gives_the_pledge_back_and_tells_the_pledger(how):
    d = sms_dialogue()
    pledger(d)
    d.send(PLEDGER, "PLEDGE 600 MONTH")
    pledge = newest_pledge(d)
    d.told(PLEDGER)
    accepted(d)
    d.send(SMS_DONOR, "USE PLEDGE")
    d.told(PLEDGER)
    d.send(KITCHEN if how == "DECLINE" else SMS_DONOR, how)
    d.expect(
        PLEDGER,
        "Order {ref} no longer needs your pledge: please do not pay Amma Mess; if you already did, "
        "ask them to send it back.",
    )
    assert d.uow.ledger.balance(pledge.id) == Balance(paise=60000)
    assert d.newest_order().funding == Funding.DONOR


def test_the_pledge_that_fits_the_place_and_time_pays_before_older_general_ones():
    d = sms_dialogue()
    d.places.add("", "600017", T_NAGAR)
    for number, words in enumerate(["PLEDGE 600", "PLEDGE 600 HOURS LUNCH", "PLEDGE 600 NEAR 600017",
                                    "PLEDGE 600 NEAR 600017 HOURS 11-14", "PLEDGE 600 HOURS DINNER"]):  # fmt: skip
        address = f"whatsapp:+91980000003{number}"
        pledger(d, address)
        d.send(address, words)
        d.told(address)
    accepted(d)
    d.send(SMS_DONOR, "USE PLEDGE")
    asked = [entry.account_id for entry in d.uow.ledger.rows if entry.kind == "allocated"]
    place_and_time = d.uow.pledges.by_reference(d.uow.ledger.opened[asked[0]][1])
    assert (place_and_time.place_label, str(place_and_time.window)) == ("600017", "11-14")


def test_a_monthly_pledge_is_renewed_on_the_first_and_what_was_left_lapses():
    d = sms_dialogue()
    pledger(d)
    d.send(PLEDGER, "PLEDGE 600 MONTH")
    monthly = newest_pledge(d)
    d.send(PLEDGER, "PLEDGE 100")
    once = newest_pledge(d)
    d.told(PLEDGER)
    accepted(d)
    d.send(SMS_DONOR, "USE PLEDGE")
    d.send(KITCHEN, "PAID")
    d.told(PLEDGER)
    d.now = datetime(2026, 11, 30, 18, 31, tzinfo=UTC)  # 00:01 on 1 December in Chennai
    d.renew_pledges()
    ref = monthly.reference
    d.expect(PLEDGER, f"Pledge {ref} is renewed for this month: ₹600 for meals. Send PAUSE {ref} to stop it.")
    assert d.uow.ledger.balance(monthly.id) == Balance(paise=60000)
    assert [entry.kind for entry in d.uow.ledger.entries(monthly.id)][-2:] == ["lapsed", "renewed"]
    assert d.uow.ledger.entries(monthly.id)[-2].paise == -54000
    assert d.uow.ledger.balance(once.id) == Balance(paise=10000)
    d.renew_pledges()
    d.expect(PLEDGER, [])
