"""How a campaign ends before its meal is paid: its promises lapse in the ledger (nothing was paid, so
nothing is refunded) and the people in it are told. Kept free of the kitchen search, so that the order's
own cancelling (flows/ordering.py) can call it without importing what calls ordering.
"""

from __future__ import annotations

from domain.channels import MessageKind
from domain.giving.campaigns import Campaign, CampaignStatus, ShareStatus
from domain.giving.ledger import EntryKind, lapsed, promise_lapsed
from domain.money import format_rupees
from domain.orders import Funding, Order
from flows.conversation import Conversation
from flows.giving.texts import CAMPAIGN_STATES
from flows.i18n import N_

CANCELLED_AFTER = N_(
    "Campaign {campaign} is cancelled, so order {ref} will not be cooked. Please do not pay now; "
    "if you already paid {kitchen}, ask them to send it back."
)
CANCELLED_BEFORE = N_("Campaign {campaign} was cancelled. Nobody paid anything, so nothing is owed.")
DO_NOT_PAY = N_(
    "{kitchen} can no longer cook the meal of campaign {campaign}. Please do not pay {kitchen}; if you already "
    "did, ask them to send it back. We ask another kitchen, and send you its link."
)


def price_cap(convo: Conversation, order: Order) -> int | None:
    """What a campaign's order may cost at most: the price of the kitchen it was opened for."""
    if order.funding != Funding.CAMPAIGN:
        return None
    campaign = convo.uow.campaigns.for_order(order.id)
    return campaign.target_paise if campaign is not None else None


def lapse_promises(convo: Conversation, campaign: Campaign, note: str) -> None:
    """Every promise not yet paid lapses, and what the campaign still needed is closed: its balance ends at zero
    (paid shares stay paid: that money is with the kitchen)."""
    for promise in convo.uow.ledger.unsettled(campaign.order_id, EntryKind.COMMITTED):
        if promise.account_id == campaign.id:
            convo.uow.ledger.record(promise_lapsed(promise, convo.now, note))
    for share in convo.uow.campaigns.shares(campaign.id):
        if share.open:
            share.lapse()
    left = convo.uow.ledger.locked_balance(campaign.id)
    if left.paise:
        convo.uow.ledger.record(lapsed(campaign.id, left, convo.now, note))


def released(convo: Conversation, order: Order, kitchen_name: str) -> None:
    """The kitchen let a campaign's order go before it was paid: the shares asked become promises again, for
    the next kitchen, and their contributors are told not to pay this one."""
    campaign = convo.uow.campaigns.for_order(order.id)
    if campaign is None or campaign.state != CampaignStatus.ORDER_PLACED:
        return
    campaign.move_to(CampaignStatus.THRESHOLD_MET, convo.now)
    for share in convo.uow.campaigns.shares(campaign.id):
        if share.status != ShareStatus.ASKED:
            continue
        share.unask()
        person = convo.uow.people.get(share.person_id) if share.person_id else None
        convo.notify(
            person,
            DO_NOT_PAY,
            kind=MessageKind.CAMPAIGN,
            campaign=campaign.reference,
            kitchen=kitchen_name,
            status=convo.words(person, CAMPAIGN_STATES[campaign.state]) if person else "",
        )


def order_cancelled(convo: Conversation, order: Order) -> None:
    """The order of a campaign was cancelled (by its creator, or because no kitchen could cook): the campaign
    ends with it, and its contributors hear how it concerns them."""
    if order.funding != Funding.CAMPAIGN:
        return
    campaign = convo.uow.campaigns.for_order(order.id)
    if campaign is None or campaign.ended:
        return
    before = campaign.state in (CampaignStatus.ACTIVE, CampaignStatus.FUNDING, CampaignStatus.CREATED)
    shares = [share for share in convo.uow.campaigns.shares(campaign.id) if share.status != ShareStatus.LAPSED]
    lapse_promises(convo, campaign, "order cancelled")
    campaign.move_to(CampaignStatus.CANCELLED, convo.now)
    kitchen = convo.uow.kitchens.get(order.kitchen_id or campaign.kitchen_id)
    told = set()
    for share in shares:
        person = convo.uow.people.get(share.person_id) if share.person_id else None
        if person is None or person.id in told or person.id == campaign.creator_id:
            continue
        told.add(person.id)
        convo.notify(
            person,
            CANCELLED_BEFORE if before else CANCELLED_AFTER,
            kind=MessageKind.CAMPAIGN,
            campaign=campaign.reference,
            ref=order.reference,
            kitchen=kitchen.name,
            amount=format_rupees(share.amount_paise),
            status=convo.words(person, CAMPAIGN_STATES[campaign.state]),
        )
