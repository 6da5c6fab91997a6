"""Giving ahead and together over the signed webhook, as people do it, for the pages and the API that show
it: a meal credit Amma Mess confirmed, a monthly pledge, and a campaign with one share promised."""

from __future__ import annotations

from dataclasses import dataclass

from compose import Services
from tests.support.media_host import MediaHost
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard

CREDIT_GIVER = "+919800000005"
PLEDGER = "+919800000021"
CAMPAIGNER = "+919800000001"
FRIEND = "+919800000041"
COOK = "+919800000101"  # Amma Mess, the `kitchen` fixture


@dataclass(frozen=True)
class Given:
    credit: str
    pledge: str
    campaign: str
    order: str  # the campaign's order


def word_after(text: str, word: str) -> str:
    return text.split(f"{word} ", 1)[1].split()[0].rstrip(":.,")


def give_ahead(client, services: Services, media: MediaHost) -> Given:
    giver = Phone(client, services, CREDIT_GIVER)
    onboard(giver)
    giver.send("CREDIT 2 AMMA")
    credit = word_after(giver.replies()[0], "Meal credit")
    Phone(client, services, COOK).send(f"RECEIVED {credit}")

    pledger = Phone(client, services, PLEDGER)
    onboard(pledger)
    pledger.send("PLEDGE 600 MONTH")
    pledge = word_after(pledger.replies()[0], "Pledge")

    donor = Phone(client, services, CAMPAIGNER, media)
    onboard(donor)
    donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("SHARE 1")
    campaign = word_after(donor.replies()[-1], "Campaign")
    friend = Phone(client, services, FRIEND)
    onboard(friend)
    friend.send(f"GIVE {campaign} 20")
    return Given(credit, pledge, campaign, donor.reference)
