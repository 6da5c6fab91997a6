"""Receipts when a meal paid ahead is delivered (with its photo for whoever paid all of it), and IMPACT, as
scripted dialogues on fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows import data_export
from tests.support.dialogue import KITCHEN, Dialogue, Photo
from tests.support.giving import LANGUAGES, SMS_DONOR, fed, newest_credit, said, sms_dialogue

GIVER = "whatsapp:+919800000005"


def cooked_and_delivered(d: Dialogue, donor: str = SMS_DONOR, photo: bool = True) -> None:
    """The kitchen's READY, then DELIVERED (with a photo); every reply looked at but the funders'."""
    d.send(KITCHEN, "READY")
    d.send(KITCHEN, Photo("DELIVERED") if photo else "DELIVERED")
    for address in (donor, KITCHEN):
        d.told(address)


def test_the_donor_of_a_meal_credit_gets_a_receipt_and_the_photo_when_the_meal_it_paid_is_delivered():
    d = sms_dialogue()
    d.onboarded_donor(GIVER)
    d.send(GIVER, "CREDIT 2 AMMA")
    credit = newest_credit(d)
    d.send(KITCHEN, f"RECEIVED {credit.reference}")
    d.told(GIVER)
    fed(d)
    d.send(SMS_DONOR, "1")
    d.send(KITCHEN, "ACCEPT")
    d.send(SMS_DONOR, "USE PLEDGE")
    d.told(KITCHEN)
    cooked_and_delivered(d)
    d.expect(
        GIVER,
        f"Receipt: the meal you paid ahead at Amma Mess ({credit.reference}) was delivered to a hungry person today, "
        "order {ref}. Meals left: 1. Thank you.",
    )
    d.process_delivery_photos()
    d.expect(GIVER, "Photo of the meal you paid for, order {ref}: https://ketpaar.test/photos/100")
    assert d.uow.outbox.kinds[-1][1] == "delivery"
    d.expect(SMS_DONOR, [])  # a feature phone opens no link


def test_a_pledger_who_paid_gets_a_receipt_and_the_photo():
    d = sms_dialogue()
    d.onboarded_donor(GIVER)
    d.send(GIVER, "PLEDGE 600 MONTH")
    pledge = d.uow.pledges.all()[0].reference
    fed(d)
    d.send(SMS_DONOR, "1")
    d.send(KITCHEN, "ACCEPT")
    d.send(SMS_DONOR, "USE PLEDGE")
    d.send(KITCHEN, "PAID")
    d.told(GIVER)
    cooked_and_delivered(d)
    d.expect(GIVER, f"Receipt: your ₹60 from pledge {pledge} fed a hungry person today: order {{ref}}, from Amma "
                    "Mess. Thank you.")  # fmt: skip
    d.process_delivery_photos()
    d.expect(GIVER, "Photo of the meal you paid for, order {ref}: https://ketpaar.test/photos/100")


def sms_meal(d: Dialogue, donor: str) -> None:
    """An SMS donor's FEED at Amma Mess, paid by USE PLEDGE, cooked and delivered."""
    fed(d, donor)
    d.send(donor, "1")
    d.send(KITCHEN, "ACCEPT")
    d.send(donor, "USE PLEDGE")
    d.send(KITCHEN, f"PAID {d.order(donor).reference}")  # a pledge's meal; a credit's is paid already
    d.send(KITCHEN, "READY")
    d.send(KITCHEN, Photo("DELIVERED"))
    for address in (donor, KITCHEN):
        d.told(address)


@pytest.mark.parametrize("language", LANGUAGES)
def test_impact_counts_the_meals_a_donor_paid_for_by_kitchen_this_month_and_in_all(language):
    d = sms_dialogue()
    d.onboarded_donor(GIVER, language)
    d.verify(GIVER, [("IMPACT", said(language, "No meal you paid for has been delivered yet. When one is, IMPACT "
                                               "counts it."))])  # fmt: skip
    d.send(GIVER, "CREDIT 1 AMMA")
    d.send(KITCHEN, f"RECEIVED {newest_credit(d).reference}")
    d.send(GIVER, "PLEDGE 600 MONTH")
    d.now -= timedelta(days=40)
    sms_meal(d, SMS_DONOR)  # last month, by the credit
    d.now += timedelta(days=40)
    sms_meal(d, "+919800000008")  # this month, by the pledge
    d.told(GIVER)
    line = said(language, "{kitchen}: {total} ({month} this month)", kitchen="Amma Mess", total=2, month=1)
    d.verify(GIVER, [("IMPACT", said(language, "Meals you paid for, delivered: {total} in all, {month} this month.\n"
                                               "{kitchens}", total=2, month=1, kitchens=line))])  # fmt: skip


def test_my_data_lists_the_credits_pledges_and_shares_a_person_gave():
    d = sms_dialogue()
    d.onboarded_donor(GIVER)
    d.send(GIVER, "CREDIT 2 AMMA")
    d.send(GIVER, "PLEDGE 100")
    credit, pledge = newest_credit(d), d.uow.pledges.all()[0]
    giving = data_export.export(d.uow, d.uow.people.by_address(GIVER), d.now)["giving"]
    assert giving == {
        "meal_credits": [
            {"reference": credit.reference, "kitchen": "Amma Mess", "meals": 2, "amount_paise": 12000,
             "status": "pending", "bought_at": "2026-11-26T06:30:00+00:00", "meals_left": 0}
        ],
        "pledges": [
            {"reference": pledge.reference, "amount_paise": 10000, "monthly": False, "status": "active",
             "made_at": "2026-11-26T06:30:00+00:00", "left_paise": 10000}
        ],
        "campaign_shares": [],
    }  # fmt: skip
