"""Micro-campaigns as scripted dialogues on fakes: SHARE opens one, GIVE promises shares (bad input in three
languages), progress at most every ten minutes, the threshold asks the kitchen, shares are paid and a late
one covered, NOTIFY NEAR, expiry and cancelling. Every reply is compared whole."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.giving.campaigns import CampaignStatus as C
from domain.giving.ledger import Balance
from domain.orders import OrderStatus as S
from tests.support.dialogue import DONOR, KITCHEN, Dialogue, Photo
from tests.support.giving import LANGUAGES, T_NAGAR, said
from tests.support.texts import request

FRIEND = "whatsapp:+919800000041"  # onboarded
STRANGER = "whatsapp:+919800000042"  # never wrote before: came by the forwarded link
SMS_FRIEND = "+919800000043"
OPENED = (
    "Campaign {campaign} is open for order {ref}: ₹60 for a meal at Amma Mess, until 26 Nov, 14:00. "
    "Forward this link to friends and groups: https://wa.me/14155238886?text=GIVE%20{campaign}%2020\n"
    "Each gives at least ₹10 with GIVE {campaign} and an amount. We ask Amma Mess to cook once it is all "
    "promised; then each pays their share to the kitchen."
)
PROMISED = (
    "Thank you. You promise ₹20 toward campaign {campaign}: {promised} of ₹60 so far (givers: {people}). "
    "When it is all promised and the kitchen accepts, we send you the kitchen's UPI link for your ₹20."
)
MET = "Campaign {campaign} has all it needs: ₹60 (givers: 3). We asked Amma Mess to cook."
PAY_SHARE = (
    "Campaign {campaign} is met, and Amma Mess will cook order {ref}. Please pay your ₹20 directly to the kitchen "
    "by UPI within 30 minutes: upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=20.00&cu=INR&tn=Ketpaar%20{campaign}-{n}"
    "\nKetpaar never holds your money."
)


def opened() -> tuple[Dialogue, str]:
    """The donor at the kitchen list opens a campaign with SHARE 1; returns it and its reference."""
    d = Dialogue()
    d.kitchen()
    d.through_the_checks()
    d.told(DONOR)
    d.send(DONOR, "SHARE 1")
    campaign = d.uow.campaigns.all()[0].reference
    d.onboarded_donor(FRIEND)
    d.send(SMS_FRIEND, "hi")
    d.told(SMS_FRIEND)
    return d, campaign


def c(text: str, campaign: str, **values: object) -> str:
    """A text with the campaign's reference (and other values) in; {ref} stays for the order's."""
    for name, value in {"campaign": campaign, **values}.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def test_three_strangers_meet_a_campaign_pay_their_shares_and_get_receipts_when_the_meal_is_delivered():
    d = Dialogue()
    d.kitchen()
    d.through_the_checks()
    d.told(DONOR)
    replies = d.send(DONOR, "SHARE 1")
    campaign = d.uow.campaigns.all()[0]
    ref = campaign.reference
    assert replies == [c(OPENED, ref).replace("{ref}", d.newest_order().reference)]
    d.onboarded_donor(FRIEND)
    d.send(SMS_FRIEND, "hi")
    d.told(SMS_FRIEND)
    d.verify(FRIEND, [(f"GIVE {ref} 20", c(PROMISED, ref, promised="₹20", people=1))])
    d.verify(STRANGER, [(f"GIVE {ref.lower()} 20", c(PROMISED, ref, promised="₹40", people=2))])
    progress = c("Campaign {campaign}: ₹40 of ₹60 promised (givers: 2); ₹20 still needed, until 26 Nov, 14:00.", ref)
    d.campaigns_sweep()
    for address in (DONOR, FRIEND, STRANGER):
        d.expect(address, progress)
    met = c(MET, ref)
    d.verify(
        SMS_FRIEND,
        [(f"GIVE {ref} 20", [c("Thank you: Rs.20 toward campaign {campaign}, Rs.60 of Rs.60 so far. We send the UPI ID "
                              "later.", ref), met.replace("₹", "Rs.")],
          {DONOR: met, FRIEND: met, STRANGER: met, KITCHEN: request()})],
    )  # fmt: skip
    assert (campaign.state, d.newest_order().kitchen_id) == (C.THRESHOLD_MET, 1)
    d.campaigns_sweep()  # no longer open: no progress told
    assert all(d.told(address) == [] for address in (DONOR, FRIEND, STRANGER))

    shares = f"{ref}-1, {ref}-2, {ref}-3"
    d.verify(
        KITCHEN,
        [("ACCEPT", c("Order {ref} is paid in 3 shares by campaign {campaign}, ₹60 in all. Reply RECEIVED and each "
                      "share's reference as it comes ({shares}), or PAID {ref} once all of it is there.", ref,
                      shares=shares),
          {DONOR: "Amma Mess accepted order {ref}. The campaign's contributors now pay their shares to the kitchen.",
           FRIEND: c(PAY_SHARE, ref, n=1), STRANGER: c(PAY_SHARE, ref, n=2),
           SMS_FRIEND: c("Campaign {campaign} is met. Pay your Rs.20 by UPI in 30 min to:\namma@okaxis\nNote: "
                         "{campaign}-3\nNo smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any "
                         "phone.", ref)})],
    )  # fmt: skip
    thanks = c("Amma Mess has your ₹20 for campaign {campaign}. Thank you!", ref)
    d.verify(
        KITCHEN,
        [(f"RECEIVED {ref}-1", c("Share {campaign}-1 noted: ₹20 of ₹60 for order {ref}.", ref), {FRIEND: thanks}),
         (f"RECEIVED {ref}-1", c("Share {campaign}-1 is already noted. Thank you.", ref)),
         (f"RECEIVED {ref}-2", c("Share {campaign}-2 noted: ₹40 of ₹60 for order {ref}.", ref), {STRANGER: thanks}),
         (f"RECEIVED {ref}-3", c("Share {campaign}-3 noted: ₹60 of ₹60 for order {ref}.\n"
                               "All shares of order {ref} are paid. Once the meal is handed over, send DELIVERED {ref} "
                               "with a photo.", ref),
          {SMS_FRIEND: thanks.replace("₹", "Rs."),
           DONOR: "All the shares for order {ref} reached Amma Mess. The meal is being cooked."})],
    )  # fmt: skip
    assert d.newest_order().state == S.PAYMENT_CONFIRMED
    assert d.uow.ledger.balance(campaign.id) == Balance()

    d.send(KITCHEN, "READY")
    d.told(DONOR)
    receipt = c("Receipt: your ₹20 toward campaign {campaign} fed a hungry person today: order {ref}, from Amma "
                "Mess. Thank you.", ref)  # fmt: skip
    d.send(KITCHEN, "DELIVERED")  # with no photo from a WhatsApp kitchen: asked for one
    d.told(KITCHEN)
    d.verify(
        KITCHEN,
        [(Photo("DELIVERED"), [],  # the donor hears of it with the photo
          {FRIEND: receipt, STRANGER: receipt, SMS_FRIEND: receipt.replace("₹", "Rs.")})],
    )  # fmt: skip
    assert campaign.state == C.DELIVERED
    d.process_delivery_photos()
    order = d.newest_order()
    assert d.told(DONOR) == [
        f"The meal for order {order.reference} was delivered: https://ketpaar.test/photos/{order.delivery_photo_id}\n"
        "How was Amma Mess? Reply with a number from 1 to 5."
    ]
    assert campaign.state == C.COMPLETED


@pytest.mark.parametrize("language", LANGUAGES)
def test_give_with_bad_input_is_answered_and_promises_nothing(language):
    d, ref = opened()
    d.uow.people.by_address(FRIEND).language = language
    d.verify(
        FRIEND,
        [
            ("GIVE", said(language, "Please write the campaign and an amount in rupees, like GIVE C7QXK 20.")),
            ("GIVE CQQQQ 20", said(language, "There is no campaign {campaign}. Please check the reference.",
                                   campaign="CQQQQ")),
            (f"GIVE {ref}", said(language, "Please write the amount in rupees, like GIVE {campaign} 20.",
                                 campaign=ref)),
            (f"GIVE {ref} twenty", said(language, "Please write the amount in rupees, like GIVE {campaign} 20.",
                                        campaign=ref)),
            (f"GIVE {ref} 5", said(language, "Please give at least {least}.", least="₹10")),
            (f"GIVE {ref} 100", said(language, "Campaign {campaign} needs only {needed} more. Send GIVE {campaign} "
                                               "{rupees}.", campaign=ref, needed="₹60", rupees=60)),
        ],
    )  # fmt: skip
    assert d.uow.campaigns.shares(d.uow.campaigns.all()[0].id) == []
    d.now += timedelta(minutes=121)
    ended = said(language, "Campaign {campaign} has ended ({state}). Nothing was taken from anyone.", campaign=ref,
                 state=said(language, "expired"))  # fmt: skip
    d.verify(FRIEND, [(f"GIVE {ref} 20", ended)])


def test_a_campaign_not_met_in_two_hours_expires_its_promises_lapse_and_everyone_is_told():
    d, ref = opened()
    d.send(FRIEND, f"GIVE {ref} 20")
    d.send(SMS_FRIEND, f"GIVE {ref} 10")
    d.now += timedelta(minutes=119)
    d.campaigns_sweep()
    for address in (DONOR, FRIEND, SMS_FRIEND):
        d.told(address)  # the progress
    d.now += timedelta(minutes=1)
    d.campaigns_sweep()
    ended = c("Campaign {campaign} ended: ₹30 of ₹60 was promised in 2 hours, not enough for the meal. Nobody paid "
              "anything, so nothing is owed. Thank you.", ref)  # fmt: skip
    d.expect(DONOR, ended + "\n" + c("Campaign {campaign} ended without enough promised, so order {ref} is closed. "
                                     "Send a new photo when you want to try again.", ref))  # fmt: skip
    d.expect(FRIEND, ended)
    d.expect(SMS_FRIEND, c("Campaign {campaign} ended: Rs.30 of Rs.60 in 2 hours is not enough. Nothing is owed.", ref))
    campaign = d.uow.campaigns.all()[0]
    assert (campaign.state, d.newest_order().state) == (C.EXPIRED, S.CANCELLED)
    assert d.uow.ledger.balance(campaign.id) == Balance()
    assert [e.kind for e in d.uow.ledger.entries(campaign.id)] == ["opened", "committed", "committed", "lapsed",
                                                                   "lapsed", "lapsed"]  # fmt: skip
    assert [share.status for share in d.uow.campaigns.shares(campaign.id)] == ["lapsed", "lapsed"]


def test_everyone_hears_the_progress_at_most_every_ten_minutes():
    d, ref = opened()
    d.send(FRIEND, f"GIVE {ref} 10")
    d.campaigns_sweep()
    d.told(DONOR)
    d.told(FRIEND)
    d.send(SMS_FRIEND, f"GIVE {ref} 10")
    d.told(SMS_FRIEND)
    d.now += timedelta(minutes=9)
    d.campaigns_sweep()
    assert d.told(DONOR) == [] and d.told(FRIEND) == []
    d.now += timedelta(minutes=1)
    d.campaigns_sweep()
    line = c("Campaign {campaign}: ₹20 of ₹60 promised (givers: 2); ₹40 still needed, until 26 Nov, 14:00.", ref)
    d.expect(DONOR, line)
    d.expect(FRIEND, line)
    d.now += timedelta(minutes=10)
    d.campaigns_sweep()  # nothing new promised: nothing told
    assert d.told(DONOR) == []


def test_notify_near_tells_donors_near_of_a_new_campaign_three_times_a_day_at_most():
    d = Dialogue()
    d.kitchen()
    d.places.add("", "600017", T_NAGAR)
    d.onboarded_donor(FRIEND)
    d.verify(
        FRIEND,
        [
            ("NOTIFY NEAR", "Now share the place: tap + (or the clip), then Location, then Send."),
            ("NOTIFY NEAR T Nagar", "Please write a 6-digit PIN code after NOTIFY NEAR, like NOTIFY NEAR 600017."),
            ("NOTIFY NEAR 600017", "We will tell you of campaigns within 3 km of 600017, at most 3 times a day. Send "
                                   "NOTIFY OFF to stop."),
        ],
    )  # fmt: skip
    d.through_the_checks()
    told = []
    for number in range(4):
        donor = DONOR if number == 0 else f"whatsapp:+9198000005{number}"
        if number:
            d.through_the_checks(donor)
        d.told(donor)
        d.send(donor, "SHARE 1")
        told.append(d.told(FRIEND))
    assert [len(notices) for notices in told] == [1, 1, 1, 0]
    assert told[0] == [
        c("Someone near you needs a meal: campaign {campaign} needs ₹60 for a meal at Amma Mess, until 26 Nov, "
          "14:00. To give, reply GIVE {campaign} 20 (at least ₹10).", d.uow.campaigns.all()[0].reference)
    ]  # fmt: skip
    d.verify(FRIEND, [("NOTIFY OFF", "You will hear of no more campaigns.")])
    assert d.uow.campaigns.alerts == {}


def met(d: Dialogue, ref: str) -> None:
    """Three shares of ₹20, then the kitchen's ACCEPT; every reply looked at."""
    for address in (FRIEND, STRANGER, SMS_FRIEND):
        d.send(address, f"GIVE {ref} 20")
    d.send(KITCHEN, "ACCEPT")
    for address in (DONOR, FRIEND, STRANGER, SMS_FRIEND, KITCHEN):
        d.told(address)


def test_a_share_unpaid_in_thirty_minutes_is_covered_by_a_pledge_else_the_creator_is_asked_to_cover_it():
    d, ref = opened()
    pledger = "whatsapp:+919800000061"
    d.onboarded_donor(pledger)
    d.send(pledger, "PLEDGE 20")
    d.told(pledger)
    met(d, ref)
    d.send(KITCHEN, f"RECEIVED {ref}-1")
    d.told(KITCHEN)
    d.told(FRIEND)
    d.now += timedelta(minutes=31)
    d.shares_sweep()
    late = c("Your ₹20 for campaign {campaign} did not reach Amma Mess in 30 minutes, so it is covered another way. "
             "Please do not pay it now.", ref)  # fmt: skip
    d.expect(STRANGER, late)
    d.expect(SMS_FRIEND, c("Your Rs.20 for campaign {campaign} did not come in 30 min. Do not pay it now.", ref))
    pledge = d.uow.pledges.all()[0]
    d.expect(
        pledger,
        c("Your pledge {pledge} covers a share of a meal near you: ₹20 for order {ref} at Amma Mess. Please pay it "
          "directly to the kitchen by UPI within 15 minutes: upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=20.00&cu=INR"
          "&tn=Ketpaar%20{campaign}-4\nKetpaar never holds your money.", ref, pledge=pledge.reference),
    )  # fmt: skip
    d.expect(KITCHEN, c("Order {ref}: share {campaign}-4 (₹20) now comes from another donor. Reply RECEIVED "
                        "{campaign}-4 when it comes.", ref))  # fmt: skip
    d.expect(DONOR, c("₹20 of the shares for order {ref} did not reach Amma Mess in 30 minutes. Reply COVER "
                      "{campaign} to pay it yourself, or CANCEL to end the campaign.", ref))  # fmt: skip
    d.verify(DONOR, [(f"COVER {ref}", c("Please pay ₹20 directly to Amma Mess by UPI within 30 minutes for order "
                                        "{ref}: upi://pay?pa=amma@okaxis&pn=Amma%20Mess&am=20.00&cu=INR&tn=Ketpaar%20"
                                        "{campaign}-5\nKetpaar never holds your money.", ref),
                       {KITCHEN: c("Order {ref}: share {campaign}-5 (₹20) now comes from another donor. Reply "
                                   "RECEIVED {campaign}-5 when it comes.", ref)})])  # fmt: skip
    d.send(KITCHEN, "PAID")
    d.expect(pledger, c("Amma Mess has your ₹20 for campaign {campaign}. Thank you!", ref))
    campaign = d.uow.campaigns.all()[0]
    assert d.uow.ledger.balance(campaign.id) == Balance() and d.uow.ledger.balance(pledge.id) == Balance()
    assert [share.status for share in d.uow.campaigns.shares(campaign.id)] == ["paid", "lapsed", "lapsed", "paid",
                                                                               "paid"]  # fmt: skip


def test_the_creator_cancelling_after_the_threshold_tells_contributors_to_ask_for_any_money_back():
    d, ref = opened()
    met(d, ref)
    d.send(DONOR, "CANCEL")
    cancelled = c("Campaign {campaign} is cancelled, so order {ref} will not be cooked. Please do not pay now; if you "
                  "already paid Amma Mess, ask them to send it back.", ref)  # fmt: skip
    d.expect(FRIEND, cancelled)
    d.expect(STRANGER, cancelled)
    campaign = d.uow.campaigns.all()[0]
    assert (campaign.state, d.uow.ledger.balance(campaign.id)) == (C.CANCELLED, Balance())


def test_the_creator_cancelling_before_the_threshold_lapses_the_promises():
    d, ref = opened()
    d.send(FRIEND, f"GIVE {ref} 20")
    d.told(FRIEND)
    d.send(DONOR, "CANCEL")
    d.expect(FRIEND, c("Campaign {campaign} was cancelled. Nobody paid anything, so nothing is owed.", ref))
    campaign = d.uow.campaigns.all()[0]
    assert (campaign.state, d.uow.ledger.balance(campaign.id)) == (C.CANCELLED, Balance())


def test_share_is_for_the_kitchen_list_and_names_a_kitchen_on_it():
    d = Dialogue()
    d.kitchen()
    d.onboarded_donor()
    d.verify(DONOR, [("SHARE 1", "SHARE works on the list of kitchens, instead of a kitchen's number.")])
    d.photographed()
    d.process_photos()
    d.send(DONOR, "hello")
    d.told(DONOR)
    d.through_the_checks("whatsapp:+919800000077")
    d.told("whatsapp:+919800000077")
    d.verify(
        "whatsapp:+919800000077", [("SHARE 9", "Please reply SHARE and a kitchen's number from 1 to 1, like SHARE 1.")]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_share_notify_and_cover_with_bad_input_are_answered_in_the_donors_language(language):
    d, ref = opened()
    d.uow.people.by_address(FRIEND).language = language
    d.verify(
        FRIEND,
        [
            ("SHARE 1", said(language, "SHARE works on the list of kitchens, instead of a kitchen's number.")),
            ("NOTIFY NEAR 12", said(language, "Please write a 6-digit PIN code after NOTIFY NEAR, like NOTIFY NEAR "
                                              "600017.")),
            ("NOTIFY NEAR 999999", said(language, "We do not know the PIN code {pincode}. Please check it.",
                                        pincode="999999")),
            (f"COVER {ref}", said(language, "COVER works when shares of your campaign were not paid in time.")),
            ("NOTIFY OFF", said(language, "You will hear of no more campaigns.")),
        ],
    )  # fmt: skip
    d.uow.people.by_address(DONOR).language = language
    d.verify(DONOR, [(f"COVER {ref}", said(language, "COVER works when shares of your campaign were not paid in "
                                                     "time."))])  # fmt: skip
    campaign = d.uow.campaigns.all()[0]
    promised = said(language, "Order {ref} waits for campaign {campaign}: {promised} of {target} promised; {needed} "
                              "still needed, until {until}. Send CANCEL to end it.", ref=d.newest_order().reference,
                    campaign=ref, promised="₹0", target="₹60", needed="₹60",
                    until=d.conversation(DONOR).when(campaign.expires_at))  # fmt: skip
    d.verify(DONOR, [("hello", promised), ("2", promised)])


def test_a_creator_who_neither_covers_nor_cancels_in_thirty_minutes_sees_the_order_cancelled():
    d, ref = opened()
    met(d, ref)
    d.now += timedelta(minutes=31)
    d.shares_sweep()
    for address in (DONOR, FRIEND, STRANGER, SMS_FRIEND):
        d.told(address)  # late, and the creator asked to cover
    d.now += timedelta(minutes=29)
    d.shares_sweep()
    assert d.told(DONOR) == []
    d.now += timedelta(minutes=1)
    d.shares_sweep()
    d.expect(DONOR, "Order {ref} is cancelled: the rest of its shares did not reach Amma Mess in 30 minutes. Anyone "
                    "who paid Amma Mess was asked to send it back.")  # fmt: skip
    d.expect(KITCHEN, "Order {ref} was cancelled by the donor before you confirmed payment. Please do not cook it. "
                      "If the donor's money reached you, please send it back.")  # fmt: skip
    d.expect(FRIEND, [])  # their share lapsed half an hour ago, and they were told not to pay it
    campaign = d.uow.campaigns.all()[0]
    assert (campaign.state, d.newest_order().state, d.uow.ledger.balance(campaign.id)) == (
        C.CANCELLED, S.CANCELLED, Balance()
    )  # fmt: skip
