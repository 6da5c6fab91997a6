"""What was set aside for an order goes back when the order stops going ahead with its kitchen before it
was paid (cancelled, declined, timed out, the kitchen suspended): a pledge's amount returns to it.

Kept apart from flows/ordering.py, which calls it, so that neither imports the other's callers.
"""

from __future__ import annotations

from domain.channels import MessageKind
from domain.giving.ledger import Balance, Entry, EntryKind, lapsed, released
from domain.giving.pledges import PledgeStatus, month_of
from domain.money import format_rupees
from domain.orders import Funding, Order
from domain.people import Person
from flows.conversation import Conversation
from flows.giving import campaign_end
from flows.giving.texts import PLEDGE_STATES
from flows.i18n import N_

NOT_NEEDED = N_(
    "Order {ref} no longer needs your pledge: please do not pay {kitchen}; if you already did, "
    "ask them to send it back."
)


def release_funding(convo: Conversation, order: Order, note: str) -> None:
    """The order's pledge allocation, if any, is given back, and the order's donor is its payer again; a
    campaign's shares asked of this kitchen become promises again."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    if order.funding == Funding.CAMPAIGN:
        campaign_end.released(convo, order, kitchen.name)
        return
    if order.funding != Funding.PLEDGE:
        return
    for allocation in convo.uow.ledger.unsettled(order.id, EntryKind.ALLOCATED):
        pledger = give_back(convo, allocation, note)
        convo.notify(
            pledger,
            NOT_NEEDED,
            kind=MessageKind.PLEDGE,
            ref=order.reference,
            kitchen=kitchen.name,
            amount=format_rupees(allocation.pending_paise),
            status=convo.words(pledger, PLEDGE_STATES[PledgeStatus.ACTIVE]) if pledger else "",
        )
    order.funding = Funding.DONOR.value


def give_back(convo: Conversation, allocation: Entry, note: str) -> Person | None:
    """A pledge's allocation released; one made in an earlier month lapses at once, since that month's
    amount is over, and so does one of a pledge that ended. Returns the pledger, if they are still known."""
    pledge = convo.uow.pledges.get(allocation.account_id)
    convo.uow.ledger.record(released(allocation, convo.now, note))
    if month_of(allocation.at) < pledge.period or pledge.status == PledgeStatus.ENDED:
        left = convo.uow.ledger.locked_balance(pledge.id)
        back = min(left.paise, allocation.pending_paise)
        if back:
            convo.uow.ledger.record(lapsed(pledge.id, Balance(paise=back), convo.now, "released after its month"))
    return convo.uow.people.get(pledge.donor_id) if pledge.donor_id else None
