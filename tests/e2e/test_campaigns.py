"""Micro-campaigns over the signed webhook, with real jobs and the real sweeps: three strangers meet a
campaign and the meal is delivered, with receipts; and a campaign that expires."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.web.app import create_app
from jobs import sweeps
from models import tables
from tests.support.sms import SmsPhone
from tests.support.texts import NO_FACE, kitchens
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs


def campaign_opened(services, client, media) -> tuple[Phone, str]:
    """A donor's photo and pin, then SHARE 1 on the kitchen list; returns the donor and the campaign's reference."""
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.expect([NO_FACE, kitchens("1. Amma Mess: ₹60, 215 m")])
    donor.send("SHARE 1")
    [opened] = donor.replies()
    campaign = opened.split()[1]
    assert opened == (
        f"Campaign {campaign} is open for order {donor.reference}: ₹60 for a meal at Amma Mess, until 26 Nov, 14:00. "
        f"Forward this link to friends and groups: https://wa.me/14155238886?text=GIVE%20{campaign}%2020\n"
        f"Each gives at least ₹10 with GIVE {campaign} and an amount. We ask Amma Mess to cook once it is all "
        "promised; then each pays their share to the kitchen."
    )
    return donor, campaign


def test_three_contributors_meet_a_campaign_pay_their_shares_and_the_meal_is_delivered(
    services, client, media, kitchen
):
    donor, campaign = campaign_opened(services, client, media)
    cook = Phone(client, services, "+919800000101", media)
    friend = Phone(client, services, "+919800000041")
    onboard(friend)
    stranger = Phone(client, services, "+919800000042")  # the forwarded link's first message
    feature_phone = SmsPhone(client, services, "+919800000043")
    friend.send(f"GIVE {campaign} 20")
    stranger.send(f"GIVE {campaign} 20")
    assert stranger.replies() == [
        f"Thank you. You promise ₹20 toward campaign {campaign}: ₹40 of ₹60 so far (givers: 2). When it is all "
        "promised and the kitchen accepts, we send you the kitchen's UPI link for your ₹20."
    ]
    feature_phone.send(f"GIVE {campaign} 20")
    assert feature_phone.replies()[-2:] == [
        f"Thank you: Rs.20 toward campaign {campaign}, Rs.60 of Rs.60 so far. We send the UPI ID later.",
        f"Campaign {campaign} has all it needs: Rs.60 (givers: 3). We asked Amma Mess to cook.",
    ]
    met = f"Campaign {campaign} has all it needs: ₹60 (givers: 3). We asked Amma Mess to cook."
    donor.expect(met)
    [asked] = cook.replies()  # the request as in test_meal, its photo link signed for this kitchen
    assert asked.startswith(f"New meal request {donor.reference}: 1 meal, ₹60.\n")

    cook.send(f"ACCEPT {donor.reference}")
    shares = f"{campaign}-1, {campaign}-2, {campaign}-3"
    cook.expect(
        f"Order {donor.reference} is paid in 3 shares by campaign {campaign}, ₹60 in all. Reply RECEIVED and each "
        f"share's reference as it comes ({shares}), or PAID {donor.reference} once all of it is there."
    )
    donor.expect("Amma Mess accepted order {ref}. The campaign's contributors now pay their shares to the kitchen.")
    assert stranger.replies()[-1].endswith(f"&tn=Ketpaar%20{campaign}-2\nKetpaar never holds your money.")
    for number in (1, 2, 3):
        cook.send(f"RECEIVED {campaign}-{number}")
    cook.replies()
    donor.expect("All the shares for order {ref} reached Amma Mess. The meal is being cooked.")
    assert stranger.replies() == [f"Amma Mess has your ₹20 for campaign {campaign}. Thank you!"]
    cook.send(f"READY {donor.reference}")
    cook.send(f"DELIVERED {donor.reference}", photo=jpeg(colour="green"))
    receipt = (
        f"Receipt: your ₹20 toward campaign {campaign} fed a hungry person today: order {donor.reference}, "
        "from Amma Mess. Thank you."
    )
    assert friend.replies()[-1] == receipt and stranger.replies() == [receipt]
    assert feature_phone.replies()[-1] == receipt.replace("₹", "Rs.")

    runner = create_app(services).test_cli_runner()
    shown = json.loads(runner.invoke(args=["campaigns", "show", campaign, "--json"]).output)
    assert (shown["status"], shown["order"]["status"]) == ("COMPLETED", "DELIVERED")  # the photo was shared
    assert (shown["promised_paise"], shown["needed_paise"], shown["pending_paise"]) == (6000, 0, 0)
    assert [(share["reference"], share["status"]) for share in shown["shares"]] == [
        (f"{campaign}-{number}", "paid") for number in (1, 2, 3)
    ]
    assert [entry["kind"] for entry in shown["ledger"]] == ["opened", *["committed"] * 3, *["paid"] * 3]
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0


def test_a_campaign_not_met_in_two_hours_expires_and_everyone_is_told(services, client, media, kitchen, clock):
    donor, campaign = campaign_opened(services, client, media)
    friend = Phone(client, services, "+919800000041")
    onboard(friend)
    friend.send(f"GIVE {campaign} 20")
    friend.replies()
    clock.advance(minutes=30)
    assert sweeps.campaigns_due() == 1
    run_jobs(services)
    progress = f"Campaign {campaign}: ₹20 of ₹60 promised (givers: 1); ₹40 still needed, until 26 Nov, 14:00."
    donor.expect(progress)
    friend.expect(progress)
    clock.advance(minutes=91)
    assert sweeps.campaigns_due() == 1
    run_jobs(services)
    ended = (
        f"Campaign {campaign} ended: ₹20 of ₹60 was promised in 2 hours, not enough for the meal. Nobody paid "
        "anything, so nothing is owed. Thank you."
    )
    friend.expect(ended)
    donor.expect(
        [
            f"{ended}\nCampaign {campaign} ended without enough promised, so order {{ref}} is closed. Send a new "
            "photo when you want to try again.",
        ]
    )
    friend.send(f"GIVE {campaign} 20")
    friend.expect(f"Campaign {campaign} has ended (expired). Nothing was taken from anyone.")
    assert sweeps.campaigns_due() == 0
    runner = create_app(services).test_cli_runner()
    shown = json.loads(runner.invoke(args=["campaigns", "show", campaign, "--json"]).output)
    assert (shown["status"], shown["order"]["status"], shown["needed_paise"]) == ("EXPIRED", "CANCELLED", 0)
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0


def test_shares_unpaid_in_thirty_minutes_are_covered_by_a_pledge_then_the_rest_asked_of_the_creator(
    services, client, media, kitchen, clock
):
    donor, campaign = campaign_opened(services, client, media)
    cook = Phone(client, services, "+919800000101", media)
    pledger = Phone(client, services, "+919800000061")
    onboard(pledger)
    pledger.send("PLEDGE 20")
    pledger.replies()
    givers = [Phone(client, services, f"+91980000004{number}") for number in (1, 2, 3)]
    for giver in givers:
        giver.send(f"GIVE {campaign} 20")
    cook.send(f"ACCEPT {donor.reference}")
    cook.send(f"RECEIVED {campaign}-1")
    for phone in (donor, cook, pledger, *givers):
        phone.replies()
    clock.advance(minutes=29)
    sweeps.share_timeouts()  # looks at the order (a pledge's share would be late by now), finds nothing late
    run_jobs(services)
    assert [phone.replies() for phone in (donor, *givers)] == [[], [], [], []]
    clock.advance(minutes=2)
    assert sweeps.share_timeouts() == 1
    run_jobs(services)
    assert pledger.replies()[0].startswith("Your pledge P")  # it covers one of the two late shares
    donor.expect(
        f"₹20 of the shares for order {{ref}} did not reach Amma Mess in 30 minutes. Reply COVER {campaign} to pay "
        "it yourself, or CANCEL to end the campaign."
    )
    assert [giver.replies() != [] for giver in givers] == [False, True, True]  # the two late ones told
    cook.send(f"RECEIVED {campaign}-4")  # the pledge's share
    donor.send(f"COVER {campaign}")
    assert donor.replies()[0].endswith(f"&tn=Ketpaar%20{campaign}-5\nKetpaar never holds your money.")
    cook.send(f"RECEIVED {campaign}-5")
    donor.expect(
        [
            f"Amma Mess has your ₹20 for campaign {campaign}. Thank you!",
            "All the shares for order {ref} reached Amma Mess. The meal is being cooked.",
        ]
    )
    runner = create_app(services).test_cli_runner()
    # A renewal holds the pledge's row meanwhile: the report reads the pledge's reference without waiting.
    with ThreadPoolExecutor(1) as reader, services.engine.begin() as renewal:
        renewal.execute(select(tables.pledges.c.id).with_for_update())
        reading = reader.submit(runner.invoke, args=["campaigns", "show", campaign, "--json"])
        shown = json.loads(reading.result(timeout=10).output)
    pledge = pledge_reference(services)
    assert [(share["status"], share["by_pledge"]) for share in shown["shares"]] == [
        ("paid", None), ("lapsed", None), ("lapsed", None), ("paid", pledge), ("paid", None)
    ]  # fmt: skip
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0


def pledge_reference(services) -> str:
    with services.engine.connect() as connection:
        return connection.scalar(select(tables.pledges.c.reference))
