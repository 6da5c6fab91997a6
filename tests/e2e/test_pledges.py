"""Pledges over the signed webhook, with real jobs and the real sweeps: an SMS FEED's meal paid by a pledge
whose first pledger does not pay in time, and monthly pledges renewed on the 1st in India."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.web.app import create_app
from jobs import sweeps
from tests.support.sms import SmsPhone
from tests.support.whatsapp import Phone, onboard, run_jobs


def reference_in(text: str) -> str:
    return text.split("Pledge ", 1)[1].split(":", 1)[0]


def test_an_sms_feed_is_paid_by_the_second_pledge_when_the_first_pledger_does_not_pay_in_time(
    services, client, kitchen, clock
):
    first = Phone(client, services, "+919800000021")
    onboard(first)
    first.send("PLEDGE 600 MONTH")
    first_ref = reference_in(first.replies()[0])
    second = SmsPhone(client, services, "+919800000022")
    second.send("hi")
    second.replies()
    second.send("PLEDGE 100")
    [made] = second.replies()
    second_ref = reference_in(made)
    assert made == (
        f"Thank you. Pledge {second_ref}: Rs.100 once.\n"
        "When a meal near needs it, we send you the kitchen's UPI ID; you pay it within 15 min."
    )
    cook = Phone(client, services, "+919800000101")

    donor = SmsPhone(client, services, "+919800000001")
    reference = donor.feed("600006 Greams Road")
    donor.replies()
    donor.send("1")
    donor.replies()
    cook.replies()
    cook.send(f"ACCEPT {reference}")
    cook.replies()
    assert donor.replies()[-1] == "Cannot pay? Reply USE PLEDGE: a meal given ahead will pay for it."
    donor.send("USE PLEDGE")
    donor.expect("A pledge pays for order {ref}: its donor pays Amma Mess in 15 min.")
    first.expect(
        f"Your pledge {first_ref} pays for a meal near you: order {reference} at Amma Mess. Please pay ₹60 directly "
        "to the kitchen by UPI within 15 minutes: "
        f"upi://pay?pa=ammamess@okaxis&pn=Amma%20Mess&am=60.00&cu=INR&tn=Ketpaar%20{reference}\n"
        "Ketpaar never holds your money."
    )
    cook.expect(
        f"A donor's pledge pays for order {reference}: ₹60 should reach you within 15 minutes. "
        f"Reply PAID {reference} when the money is there."
    )

    clock.advance(minutes=14)
    assert (sweeps.pledge_timeouts(), sweeps.payment_timeouts()) == (0, 0)
    clock.advance(minutes=2)
    assert sweeps.pledge_timeouts() == 1
    run_jobs(services)
    first.expect(
        f"No payment for order {reference} reached Amma Mess in 15 minutes, so another donor pays for it. "
        "Please do not pay now. Your pledge keeps its ₹60."
    )
    second.expect(
        [
            f"Pledge {second_ref}: a meal near you, order {reference}. Pay Rs.60 by UPI in 15 min to:\n"
            f"ammamess@okaxis\nNote: {reference}\n"
            "No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone.",
        ]
    )
    donor.expect(
        "No money for order {ref} came from the pledge in 15 minutes.\n"
        "A pledge pays for order {ref}: its donor pays Amma Mess in 15 min."
    )
    cook.replies()
    cook.send(f"PAID {reference}")
    second.expect(f"Amma Mess has your Rs.60 for order {reference}. Thank you: the meal is being cooked.")
    donor.expect("Amma Mess received the pledge's payment for order {ref}. The meal is being cooked.")

    runner = create_app(services).test_cli_runner()
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0
    with services.uow() as uow:
        balances = {pledge.reference: uow.ledger.balance(pledge.id).paise for pledge in uow.pledges.all()}
        order = uow.orders.by_reference(reference)
        assert (order.status, order.funding) == ("PAYMENT_CONFIRMED", "pledge")
    assert balances == {first_ref: 60000, second_ref: 4000}


def test_monthly_pledges_are_renewed_once_on_the_first_in_india_and_paused_ones_are_not(services, client, clock):
    pledger = Phone(client, services, "+919800000021")
    onboard(pledger)
    pledger.send("PLEDGE 600 MONTH")
    monthly = reference_in(pledger.replies()[0])
    pledger.send("PLEDGE 300 MONTH")
    paused = reference_in(pledger.replies()[0])
    pledger.send(f"PAUSE {paused}")
    pledger.replies()
    clock.now = datetime(2026, 11, 30, 18, 29, tzinfo=UTC)  # 23:59 on 30 November in Chennai
    assert sweeps.renew_pledges() == 0
    clock.now = datetime(2026, 11, 30, 18, 31, tzinfo=UTC)  # 00:01 on 1 December
    assert sweeps.renew_pledges() == 1
    run_jobs(services)
    pledger.expect(f"Pledge {monthly} is renewed for this month: ₹600 for meals. Send PAUSE {monthly} to stop it.")
    assert sweeps.renew_pledges() == 0
    pledger.send(f"RESUME {paused}")  # paused over the 1st: December's amount starts now, not November's
    pledger.expect(f"Pledge {paused} is on again: ₹300 left for meals.")
    with services.uow() as uow:
        kinds = {pledge.reference: [e.kind for e in uow.ledger.entries(pledge.id)] for pledge in uow.pledges.all()}
    assert kinds == {monthly: ["renewed", "lapsed", "renewed"], paused: ["renewed", "lapsed", "renewed"]}
    assert create_app(services).test_cli_runner().invoke(args=["ledger", "check"]).exit_code == 0


def test_pledges_list_json_shows_each_pledges_terms_and_what_is_left(services, client):
    pledger = Phone(client, services, "+919800000021")
    onboard(pledger)
    pledger.send("PLEDGE 600 MONTH HOURS LUNCH")
    ref = reference_in(pledger.replies()[0])
    result = create_app(services).test_cli_runner().invoke(args=["pledges", "list", "--json"])
    [listed] = json.loads(result.output)
    assert listed == {
        "id": listed["id"],
        "reference": ref,
        "donor": "whatsapp:+919800000021",
        "created_at": "2026-11-26T06:30:00+00:00",
        "status": "active",
        "amount_paise": 60000,
        "monthly": True,
        "month": "2026-11-01",
        "place": None,
        "radius_m": 3000,
        "window": "11-15",
        "renews_on": "2026-12-01",
        "left_paise": 60000,
        "pending_paise": 0,
        "meals_paid": 0,
        "paid_paise": 0,
    }
