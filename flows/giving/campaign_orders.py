"""Micro-campaigns, the kitchen's side: once all is promised a kitchen is asked (the campaign's own, else the
nearest that can cook at no more than its price); once it accepts each contributor gets a UPI link for their
own share, payable to the kitchen; the kitchen confirms each share (`RECEIVED C7QXK-2`) or the whole
(`PAID <ref>`). A share unpaid after SHARE_PAYMENT_MINUTES (30) is covered by a pledge if one fits, else the
creator is asked to `COVER` it or `CANCEL`.
"""

from __future__ import annotations

from datetime import timedelta

from domain.channels import MessageKind
from domain.commands import Command
from domain.giving.campaigns import Campaign, CampaignStatus, Share, ShareStatus, share_reference
from domain.giving.ledger import EntryKind, committed, lapsed, paid, promise_lapsed
from domain.kitchens import Kitchen
from domain.money import format_rupees, upi_link
from domain.orders import Order
from domain.orders import OrderStatus as S
from flows import kitchen_search, ordering
from flows.conversation import Conversation
from flows.giving import pledge_payments
from flows.giving.texts import CAMPAIGN_STATES
from flows.i18n import N_

PAY_SHARE = N_(
    "Campaign {campaign} is met, and {kitchen} will cook order {ref}. Please pay your {amount} directly to the "
    "kitchen by UPI within {minutes} minutes: {link}\nKetpaar never holds your money."
)
KITCHEN_SHARES = N_(
    "Order {ref} is paid in {count} shares by campaign {campaign}, {amount} in all. Reply RECEIVED and each "
    "share's reference as it comes ({shares}), or PAID {ref} once all of it is there."
)
CREATOR_ACCEPTED = N_(
    "{kitchen} accepted order {ref}. The campaign's contributors now pay their shares to the kitchen."
)
SHARE_NOTED = N_("Share {share} noted: {paid} of {amount} for order {ref}.")
SHARE_ALREADY = N_("Share {share} is already noted. Thank you.")
ALL_PAID = N_("All shares of order {ref} are paid. Once the meal is handed over, send DELIVERED {ref} with a photo.")
THANKS = N_("{kitchen} has your {amount} for campaign {campaign}. Thank you!")
DONOR_ALL_PAID = N_("All the shares for order {ref} reached {kitchen}. The meal is being cooked.")
LATE = N_(
    "Your {amount} for campaign {campaign} did not reach {kitchen} in {minutes} minutes, so it is covered "
    "another way. Please do not pay it now."
)
PLEDGE_COVERS = N_(
    "Your pledge {pledge} covers a share of a meal near you: {amount} for order {ref} at {kitchen}. Please pay it "
    "directly to the kitchen by UPI within {minutes} minutes: {link}\nKetpaar never holds your money."
)
KITCHEN_NEW_SHARE = N_(
    "Order {ref}: share {share} ({amount}) now comes from another donor. Reply RECEIVED {share} when it comes."
)
ASK_COVER = N_(
    "{amount} of the shares for order {ref} did not reach {kitchen} in {minutes} minutes. Reply COVER {campaign} "
    "to pay it yourself, or CANCEL to end the campaign."
)
NOT_COVERED = N_(
    "Order {ref} is cancelled: the rest of its shares did not reach {kitchen} in {minutes} minutes. Anyone who "
    "paid {kitchen} was asked to send it back."
)
COVER_NOT_NOW = N_("COVER works when shares of your campaign were not paid in time.")
PAY_COVER = N_(
    "Please pay {amount} directly to {kitchen} by UPI within {minutes} minutes for order {ref}: {link}\n"
    "Ketpaar never holds your money."
)
MET_WAITING = N_(
    "Campaign {campaign} has all it needs, but no kitchen near can cook just now. We ask the first that can, "
    "within {wait} minutes."
)


def ask_a_kitchen(convo: Conversation, campaign: Campaign, order: Order) -> Kitchen | None:
    """All is promised: the campaign's kitchen is asked, else the nearest that can cook at no more than its price;
    with none, the order waits for one as any order does. Returns the kitchen asked."""
    offers = kitchen_search.usable_offers(convo, order)
    own = [offer for offer in offers if offer.kitchen.id == campaign.kitchen_id]
    asked = kitchen_search.reserve_nearest(convo, order, own + [offer for offer in offers if offer not in own])
    if asked is None:
        order.wait_for_kitchen(convo.now)
        return None
    order.offered_kitchen_ids = []
    kitchen_search.ask_kitchen(convo, order, asked.kitchen)
    return asked.kitchen


def link_for(kitchen: Kitchen, share: Share, campaign: Campaign) -> str:
    return upi_link(kitchen.upi_vpa, kitchen.name, share.amount_paise, share.reference(campaign.reference))


def kitchen_accepted(convo: Conversation, kitchen: Kitchen, order: Order) -> None:
    """The kitchen's ACCEPT on a campaign's order: each promise becomes a UPI link for that share. `convo` is
    with the kitchen."""
    campaign = convo.uow.campaigns.for_order(order.id)
    order.amount_paise = campaign.target_paise  # what the shares add up to: at least this kitchen's price
    if campaign.state == CampaignStatus.THRESHOLD_MET:
        campaign.move_to(CampaignStatus.ORDER_PLACED, convo.now)
    shares = [share for share in convo.uow.campaigns.shares(campaign.id) if share.status == ShareStatus.PROMISED]
    for share in shares:
        ask_share(convo, campaign, order, kitchen, share, PAY_SHARE)
    refs = ", ".join(share.reference(campaign.reference) for share in shares)
    amount = format_rupees(campaign.target_paise)
    convo.say(
        KITCHEN_SHARES, ref=order.reference, count=len(shares), campaign=campaign.reference, amount=amount, shares=refs
    )
    donor = convo.uow.people.get(order.donor_id) if order.donor_id else None
    status = ordering.status_name(convo, donor, order)
    convo.notify(
        donor,
        CREATOR_ACCEPTED,
        kind=MessageKind.STATUS_CHANGE,
        kitchen=kitchen.name,
        ref=order.reference,
        status=status,
    )


def ask_share(
    convo: Conversation, campaign: Campaign, order: Order, kitchen: Kitchen, share: Share, text: str, **more: object
) -> None:
    share.ask(convo.now)
    person = convo.uow.people.get(share.person_id) if share.person_id else None
    minutes = convo.deadlines.pledge_payment_minutes if share.pledge_id else convo.deadlines.share_payment_minutes
    convo.notify(
        person,
        text,
        kind=MessageKind.UPI_LINK,
        campaign=campaign.reference,
        kitchen=kitchen.name,
        ref=order.reference,
        amount=format_rupees(share.amount_paise),
        minutes=minutes,
        link=link_for(kitchen, share, campaign),
        upi=kitchen.upi_vpa,
        share=share.reference(campaign.reference),
        **more,
    )


def promise_of(convo: Conversation, campaign: Campaign, share: Share):
    """The ledger's open promise for a share: the entry its payment or lapse settles."""
    return next(
        entry
        for entry in convo.uow.ledger.unsettled(campaign.order_id, EntryKind.COMMITTED)
        if entry.share_id == share.id
    )


def received(convo: Conversation, kitchen: Kitchen, reference: str) -> bool:
    """The kitchen's RECEIVED for a campaign's share (C7QXK-2) or for all of it (C7QXK); False when the reference
    is no campaign of this kitchen's order."""
    named = share_reference(reference)
    campaign = convo.uow.campaigns.by_reference(named[0] if named else reference)
    if campaign is None:
        return False
    order = convo.uow.orders.get(campaign.order_id)
    if order.kitchen_id != kitchen.id or order.state != S.PAYMENT_REDIRECT:
        return False
    if named is None:
        pay_all(convo, campaign, order, kitchen)
        order_paid(convo, order, kitchen)
        return True
    share = convo.uow.campaigns.share(campaign.id, named[1])
    if share is None:
        return False
    if share.status == ShareStatus.PAID:
        convo.say(SHARE_ALREADY, share=share.reference(campaign.reference))
        return True
    pay_share(convo, campaign, kitchen, share)
    paid_so_far = sum(s.amount_paise for s in convo.uow.campaigns.shares(campaign.id) if s.status == ShareStatus.PAID)
    convo.say(
        SHARE_NOTED,
        share=share.reference(campaign.reference),
        paid=format_rupees(paid_so_far),
        amount=format_rupees(campaign.target_paise),
        ref=order.reference,
    )
    if all_there(convo, campaign):
        order_paid(convo, order, kitchen)
    return True


def all_there(convo: Conversation, campaign: Campaign) -> bool:
    """Nothing still needed and nothing promised unpaid: the kitchen has the whole price."""
    balance = convo.uow.ledger.balance(campaign.id)
    return balance.paise == 0 and balance.pending_paise == 0


def pay_share(convo: Conversation, campaign: Campaign, kitchen: Kitchen, share: Share) -> None:
    convo.uow.ledger.record(paid(promise_of(convo, campaign, share), convo.now, "kitchen confirmed"))
    if share.pledge_id is not None:
        pledge_payments.settle_share(convo, share)
    share.pay(convo.now)
    person = convo.uow.people.get(share.person_id) if share.person_id else None
    status = convo.words(person, CAMPAIGN_STATES[campaign.state]) if person else ""
    convo.notify(
        person,
        THANKS,
        kind=MessageKind.CAMPAIGN,
        kitchen=kitchen.name,
        campaign=campaign.reference,
        amount=format_rupees(share.amount_paise),
        status=status,
    )


def pay_all(convo: Conversation, campaign: Campaign, order: Order, kitchen: Kitchen) -> None:
    """The kitchen has all of it (its PAID, or RECEIVED for the campaign): every open share is paid."""
    for share in convo.uow.campaigns.shares(campaign.id):
        if share.status == ShareStatus.ASKED:
            pay_share(convo, campaign, kitchen, share)
    needed = convo.uow.ledger.locked_balance(campaign.id)
    if needed.paise:  # the kitchen has it all, though nobody promised the rest here: the need is closed
        convo.uow.ledger.record(lapsed(campaign.id, needed, convo.now, "the kitchen confirmed all of it"))


def order_paid(convo: Conversation, order: Order, kitchen: Kitchen) -> None:
    order.move_to(S.PAYMENT_CONFIRMED, convo.now, "every share paid")
    convo.say(ALL_PAID, ref=order.reference)
    donor = convo.uow.people.get(order.donor_id) if order.donor_id else None
    convo.notify(
        donor,
        DONOR_ALL_PAID,
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        kitchen=kitchen.name,
        status=ordering.status_name(convo, donor, order),
    )


def shares_overdue(convo: Conversation, order: Order) -> None:
    """A sweep's turn with a campaign's order: each share not paid in time lapses and is covered by a pledge, else
    the creator is asked to cover it or cancel. `convo` is with the order's donor (the creator)."""
    campaign = convo.uow.campaigns.for_order(order.id)
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    deadlines = convo.deadlines
    if cover_overdue(convo, campaign):
        cancel_unpaid(convo, campaign, order)
        return
    uncovered = 0
    for share in convo.uow.campaigns.shares(campaign.id):
        minutes = deadlines.pledge_payment_minutes if share.pledge_id else deadlines.share_payment_minutes
        if not share.overdue(convo.now - timedelta(minutes=minutes)):
            continue
        if share.person_id == campaign.creator_id and campaign.cover_asked_at is not None:
            cancel_unpaid(convo, campaign, order)
            return
        lapse_share(convo, campaign, kitchen, share, minutes)
        if not cover_by_pledge(convo, campaign, order, kitchen, share.amount_paise):
            uncovered += share.amount_paise
    if uncovered:
        campaign.cover_asked_at = convo.now
        convo.say(
            ASK_COVER,
            amount=format_rupees(uncovered),
            ref=order.reference,
            kitchen=kitchen.name,
            minutes=deadlines.share_payment_minutes,
            campaign=campaign.reference,
        )


def lapse_share(convo: Conversation, campaign: Campaign, kitchen: Kitchen, share: Share, minutes: int) -> None:
    convo.uow.ledger.record(
        promise_lapsed(promise_of(convo, campaign, share), convo.now, f"not paid in {minutes} minutes")
    )
    if share.pledge_id is not None:
        pledge_payments.release_share(convo, share)
    share.lapse()
    person = convo.uow.people.get(share.person_id) if share.person_id else None
    status = convo.words(person, CAMPAIGN_STATES[campaign.state]) if person else ""
    convo.notify(
        person,
        LATE,
        kind=MessageKind.CAMPAIGN,
        amount=format_rupees(share.amount_paise),
        campaign=campaign.reference,
        kitchen=kitchen.name,
        minutes=minutes,
        status=status,
    )


def new_share(
    convo: Conversation, campaign: Campaign, person_id: int | None, amount: int, pledge_id: int | None
) -> Share:
    number = len(convo.uow.campaigns.shares(campaign.id)) + 1
    share = convo.uow.campaigns.add_share(Share(campaign.id, number, person_id, amount, convo.now, pledge_id=pledge_id))
    taken = convo.uow.ledger.take(committed(campaign.id, amount, share.id, convo.now, campaign.order_id))
    assert taken is not None, "a lapsed share's amount is needed again"
    return share


def cover_by_pledge(convo: Conversation, campaign: Campaign, order: Order, kitchen: Kitchen, amount: int) -> bool:
    tried = {share.pledge_id for share in convo.uow.campaigns.shares(campaign.id) if share.pledge_id}
    taken = pledge_payments.take_pledge(convo.uow, order.point, convo.now, amount, order.id, tried)
    if taken is None:
        return False
    pledge, _ = taken
    share = new_share(convo, campaign, pledge.donor_id, amount, pledge.id)
    ask_share(convo, campaign, order, kitchen, share, PLEDGE_COVERS, pledge=pledge.reference)
    tell_kitchen_of(convo, kitchen, campaign, order, share)
    return True


def tell_kitchen_of(convo: Conversation, kitchen: Kitchen, campaign: Campaign, order: Order, share: Share) -> None:
    contact = convo.uow.people.get(kitchen.person_id)
    convo.notify(
        contact,
        KITCHEN_NEW_SHARE,
        ref=order.reference,
        share=share.reference(campaign.reference),
        amount=format_rupees(share.amount_paise),
    )


def cover_command(convo: Conversation, command: Command, order: Order | None) -> None:
    """The creator's COVER: they pay what the late shares left, by one UPI link."""
    campaign = convo.uow.campaigns.for_order(order.id) if order is not None else None
    if campaign is None or campaign.creator_id != convo.person.id or campaign.cover_asked_at is None:
        convo.say(COVER_NOT_NOW)
        return
    needed = convo.uow.ledger.balance(campaign.id).paise
    if not needed or order.state != S.PAYMENT_REDIRECT:
        convo.say(COVER_NOT_NOW)
        return
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    share = new_share(convo, campaign, convo.person.id, needed, None)
    ask_share(convo, campaign, order, kitchen, share, PAY_COVER)
    tell_kitchen_of(convo, kitchen, campaign, order, share)


def cover_overdue(convo: Conversation, campaign: Campaign) -> bool:
    """The creator was asked to cover late shares, neither covered nor cancelled, and their time is up."""
    asked = campaign.cover_asked_at
    cutoff = convo.now - timedelta(minutes=convo.deadlines.share_payment_minutes)
    creator_paying = any(
        share.person_id == campaign.creator_id and share.status == ShareStatus.ASKED
        for share in convo.uow.campaigns.shares(campaign.id)
    )
    needed = convo.uow.ledger.balance(campaign.id).paise
    return asked is not None and asked <= cutoff and needed > 0 and not creator_paying


def cancel_unpaid(convo: Conversation, campaign: Campaign, order: Order) -> None:
    """Nobody covered the late shares (the creator's own cover unpaid too): the order is cancelled as the
    creator's CANCEL would, and the creator hears why. `convo` is with the creator."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    ordering.cancel_order(convo, order)
    if convo.person.active_order_id == order.id:
        convo.person.active_order_id = None
    convo.say(NOT_COVERED, ref=order.reference, minutes=convo.deadlines.share_payment_minutes, kitchen=kitchen.name)
