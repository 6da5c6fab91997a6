"""Receipts: everyone who paid for a meal hears when it is delivered, and whoever paid for all of it gets
the delivery photo too (the donor who asked for it already does, as today)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.channels import MessageKind
from domain.giving.campaigns import CampaignStatus, ShareStatus
from domain.giving.ledger import EntryKind
from domain.money import format_rupees
from domain.orders import Funding, Order
from domain.people import Person
from flows.conversation import Conversation
from flows.giving.texts import CAMPAIGN_STATES, CREDIT_STATES, PLEDGE_STATES
from flows.i18n import N_

BY_CREDIT = N_(
    "Receipt: the meal you paid ahead at {kitchen} ({credit}) was delivered to a hungry person today, "
    "order {ref}. Meals left: {left}. Thank you."
)
BY_PLEDGE = N_(
    "Receipt: your {amount} from pledge {pledge} fed a hungry person today: order {ref}, from {kitchen}. Thank you."
)
BY_SHARE = N_(
    "Receipt: your {amount} toward campaign {campaign} fed a hungry person today: order {ref}, from {kitchen}. "
    "Thank you."
)
PHOTO = N_("Photo of the meal you paid for, order {ref}: {photo}")


@dataclass(frozen=True)
class Funder:
    person: Person
    amount_paise: int
    whole: bool  # paid for all of the meal: gets the delivery photo


def delivered(convo: Conversation, order: Order, photo_follows: bool) -> None:
    """The kitchen said DELIVERED: every funder gets a receipt; a campaign is delivered, and done when no photo
    follows (an SMS kitchen sends none)."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    if order.funding == Funding.CREDIT:
        credit_receipt(convo, order, kitchen.name)
    elif order.funding == Funding.PLEDGE:
        pledge_receipt(convo, order, kitchen.name)
    elif order.funding == Funding.CAMPAIGN:
        campaign_receipts(convo, order, kitchen.name, photo_follows)


def credit_receipt(convo: Conversation, order: Order, kitchen: str) -> None:
    for allocation in convo.uow.ledger.of_order(order.id):
        if allocation.kind != EntryKind.ALLOCATED:
            continue
        credit = convo.uow.credits.get(allocation.account_id)
        person = convo.uow.people.get(credit.donor_id) if credit.donor_id else None
        left = convo.uow.ledger.balance(credit.id).meals
        status = convo.words(person, CREDIT_STATES[credit.status]) if person else ""
        values = {"kitchen": kitchen, "credit": credit.reference, "ref": order.reference, "left": left}
        amount = format_rupees(credit.price_paise)
        convo.notify(person, BY_CREDIT, kind=MessageKind.PLEDGE, amount=amount, status=status, **values)


def pledge_receipt(convo: Conversation, order: Order, kitchen: str) -> None:
    for entry in convo.uow.ledger.of_order(order.id):
        if entry.kind != EntryKind.PAID:
            continue
        pledge = convo.uow.pledges.get(entry.account_id)
        person = convo.uow.people.get(pledge.donor_id) if pledge.donor_id else None
        status = convo.words(person, PLEDGE_STATES[pledge.status]) if person else ""
        convo.notify(
            person,
            BY_PLEDGE,
            kind=MessageKind.PLEDGE,
            amount=format_rupees(-entry.pending_paise),
            pledge=pledge.reference,
            ref=order.reference,
            kitchen=kitchen,
            status=status,
        )


def campaign_receipts(convo: Conversation, order: Order, kitchen: str, photo_follows: bool) -> None:
    campaign = convo.uow.campaigns.for_order(order.id)
    campaign.move_to(CampaignStatus.DELIVERED, convo.now)
    for funder in campaign_funders(convo, order):
        status = convo.words(funder.person, CAMPAIGN_STATES[campaign.state])
        convo.notify(
            funder.person,
            BY_SHARE,
            kind=MessageKind.CAMPAIGN,
            amount=format_rupees(funder.amount_paise),
            campaign=campaign.reference,
            ref=order.reference,
            kitchen=kitchen,
            status=status,
        )
    if not photo_follows:
        campaign.move_to(CampaignStatus.COMPLETED, convo.now)


def campaign_funders(convo: Conversation, order: Order) -> list[Funder]:
    """Each contributor who paid a share, with all they paid: one who paid all of the meal gets its photo."""
    campaign = convo.uow.campaigns.for_order(order.id)
    paid: dict[int, int] = {}
    for share in convo.uow.campaigns.shares(campaign.id):
        if share.status == ShareStatus.PAID and share.person_id is not None:
            paid[share.person_id] = paid.get(share.person_id, 0) + share.amount_paise
    funders = []
    for person_id, amount in paid.items():
        person = convo.uow.people.get(person_id)
        if person is not None:
            funders.append(Funder(person, amount, amount >= campaign.target_paise))
    return funders


def whole_funders(convo: Conversation, order: Order) -> list[Person]:
    """Who paid for all of this meal, apart from the donor who asked for it."""
    if order.funding == Funding.CAMPAIGN:
        return [funder.person for funder in campaign_funders(convo, order) if funder.whole]
    people = []
    for entry in convo.uow.ledger.of_order(order.id):
        if order.funding == Funding.CREDIT and entry.kind == EntryKind.ALLOCATED:
            owner = convo.uow.credits.get(entry.account_id).donor_id
        elif order.funding == Funding.PLEDGE and entry.kind == EntryKind.PAID:
            owner = convo.uow.pledges.get(entry.account_id).donor_id
        else:
            continue
        person = convo.uow.people.get(owner) if owner else None
        if person is not None and person.id != order.donor_id:
            people.append(person)
    return people


def photo_ready(convo: Conversation, order: Order, photo: str | None) -> None:
    """The delivery photo is stored (or could not be used: None): whoever paid for all of the meal sees it
    (not on SMS: no link opens there). A campaign's work is then done."""
    for person in whole_funders(convo, order):
        if photo is not None and person.channel != "sms":
            convo.notify(person, PHOTO, media=(photo,), kind=MessageKind.DELIVERY, ref=order.reference, photo=photo)
    if order.funding == Funding.CAMPAIGN:
        campaign = convo.uow.campaigns.for_order(order.id)
        if campaign.state == CampaignStatus.DELIVERED:
            campaign.move_to(CampaignStatus.COMPLETED, convo.now)
