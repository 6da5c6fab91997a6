"""Meals given ahead over the signed webhook, with real jobs: a WhatsApp donor buys meal credits at Amma
Mess, the kitchen confirms the money, and an SMS FEED's meal is paid by one of them."""

from __future__ import annotations

import json

from bot.web.app import create_app
from tests.support.sms import SmsPhone
from tests.support.whatsapp import Phone, onboard


def test_an_sms_feed_is_paid_by_a_meal_credit_and_the_ledger_adds_up(services, client, kitchen):
    giver = Phone(client, services, "+919800000005")
    onboard(giver)
    cook = Phone(client, services, "+919800000101")
    giver.send("CREDIT 2 AMMA")
    [credit] = json.loads(create_app(services).test_cli_runner().invoke(args=["ledger", "balances", "--json"]).output)
    ref = credit["reference"]
    giver.expect(
        f"Meal credit {ref}: 2 meals at Amma Mess. Please pay ₹120 directly to the kitchen by UPI: "
        f"upi://pay?pa=ammamess@okaxis&pn=Amma%20Mess&am=120.00&cu=INR&tn=Ketpaar%20{ref}\n"
        "The meals are ready for hungry people once Amma Mess confirms the money. Ketpaar never holds your money."
    )
    cook.expect(
        f"A donor is paying you ₹120 ahead for 2 meals ({ref}). When the money arrives, reply RECEIVED {ref}. "
        "Then we send you people who need a meal, already paid for."
    )
    cook.send(f"RECEIVED {ref}")
    cook.expect(f"Thank you. 2 meals given ahead are ready at your kitchen ({ref}). Reply CREDITS to see them.")
    giver.expect(
        f"Amma Mess received your ₹120: 2 meals given ahead ({ref}) are ready for hungry people. "
        "You get a receipt for each meal delivered."
    )

    donor = SmsPhone(client, services, "+919800000001")
    reference = donor.feed("600006 Greams Road")
    donor.replies()  # the welcome, the spot check and the kitchen list, as in test_sms_meal
    donor.send("1")
    donor.expect("We asked Amma Mess to cook the meal (Rs.60). They answer within 5 min.")
    cook.replies()
    cook.send(f"ACCEPT {reference}")
    cook.replies()
    donor.expect(
        [
            "Amma Mess accepted order {ref}. Pay Rs.60 by UPI to:\nammamess@okaxis\nWrite {ref} in the UPI note.\n"
            "No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone.",
            "Cannot pay? Reply USE PLEDGE: a meal given ahead will pay for it.",
        ]
    )
    donor.send("USE PLEDGE")
    donor.expect("A meal given ahead at Amma Mess pays for order {ref}. The meal is being cooked.")
    cook.expect(
        f"Order {reference} is paid from the meals given ahead at your kitchen ({ref}, 1 left). "
        f"Please cook it; once it is handed over, send DELIVERED {reference} with a photo."
    )
    cook.send(f"READY {reference}")
    donor.expect("The meal for order {ref} is on its way.")

    runner = create_app(services).test_cli_runner()
    [after] = json.loads(runner.invoke(args=["ledger", "balances", "--json"]).output)
    assert (after["meals"], after["paise"], after["pending_paise"], after["status"]) == (1, 6000, 0, "confirmed")
    checked = runner.invoke(args=["ledger", "check"])
    assert checked.exit_code == 0, checked.output
    with services.uow() as uow:
        order = uow.orders.by_reference(reference)
        assert (order.status, order.funding) == ("IN_TRANSIT", "credit")
        assert [entry.kind for entry in uow.ledger.of_order(order.id)] == ["allocated"]
