"""A meal paid by a pledge: the pledge that fits it best is asked, its donor gets a UPI link for that one
meal, payable to the kitchen, and has PLEDGE_PAYMENT_MINUTES (15) to pay. The kitchen's PAID settles it;
after the time the allocation goes back to the pledge and the next pledge is asked, then the donor.
"""

from __future__ import annotations

from datetime import datetime

from domain.channels import MessageKind
from domain.geo import Point
from domain.giving.campaigns import Share
from domain.giving.ledger import Entry, EntryKind, paid, pledge_allocated
from domain.giving.pledges import Pledge, PledgeStatus, by_priority
from domain.money import format_rupees
from domain.orders import Funding, Order
from flows import ordering
from flows.conversation import Conversation
from flows.giving import pledges
from flows.giving.release import give_back
from flows.giving.texts import PLEDGE_STATES
from flows.i18n import N_
from flows.ports import UnitOfWork

PAY_FOR_MEAL = N_(
    "Your pledge {pledge} pays for a meal near you: order {ref} at {kitchen}. Please pay {amount} directly to "
    "the kitchen by UPI within {minutes} minutes: {link}\nKetpaar never holds your money."
)
KITCHEN_TOLD = N_(
    "A donor's pledge pays for order {ref}: {amount} should reach you within {minutes} minutes. "
    "Reply PAID {ref} when the money is there."
)
DONOR_TOLD = N_(
    "A pledge pays for order {ref}: its donor has {minutes} minutes to pay {kitchen}. "
    "We tell you when the money is there."
)
THANKS = N_("{kitchen} has your {amount} for order {ref}. Thank you: the meal is being cooked.")
TOO_LATE = N_(
    "No payment for order {ref} reached {kitchen} in {minutes} minutes, so another donor pays for it. "
    "Please do not pay now. Your pledge keeps its {amount}."
)
NOT_FROM_PLEDGE = N_("No money for order {ref} came from the pledge in {minutes} minutes.")
NO_PLEDGE_LEFT = N_(
    "No pledge paid for order {ref} in time. You may pay {amount} to {kitchen} yourself by UPI: {link}\nOr send CANCEL."
)
KITCHEN_NEXT_PAYER = N_(
    "No money for order {ref} came from the pledge in {minutes} minutes; another donor pays now. "
    "Reply PAID {ref} when the money is there."
)
RENEWED = N_("Pledge {ref} is renewed for this month: {amount} for meals. Send PAUSE {ref} to stop it.")


def take_pledge(
    uow: UnitOfWork, point: Point, at: datetime, amount_paise: int, order_id: int | None, passed_over: set[int]
) -> tuple[Pledge, Entry] | None:
    """`amount_paise` of the best-fitting pledge that can give it now; pledges in `passed_over` are not asked."""
    for pledge in by_priority(uow.pledges.candidates(point, amount_paise), point, at):
        if pledge.id in passed_over:
            continue
        taken = uow.ledger.take(pledge_allocated(pledge.id, amount_paise, order_id, at))
        if taken is not None:
            return pledge, taken
    return None


def asked_before(convo: Conversation, order: Order) -> set[int]:
    """Pledges already asked for this order (one that let the time pass is not asked again), and the donor's own."""
    asked = {entry.account_id for entry in convo.uow.ledger.of_order(order.id) if entry.kind == EntryKind.ALLOCATED}
    return asked | {pledge.id for pledge in convo.uow.pledges.of_donor(order.donor_id)}


def ask_pledge(convo: Conversation, order: Order, *why: str) -> bool:
    """The best pledge for the order is asked to pay its kitchen; False when none can. The donor reads `why`
    first (a pledge that did not pay in time)."""
    taken = take_pledge(convo.uow, order.point, convo.now, order.amount_paise, order.id, asked_before(convo, order))
    if taken is None:
        return False
    pledge, _ = taken
    order.funding, order.payment_asked_at, order.donor_paid_at = Funding.PLEDGE.value, convo.now, None
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    minutes = convo.deadlines.pledge_payment_minutes
    amount = format_rupees(order.amount_paise)
    convo.notify(
        convo.uow.people.get(pledge.donor_id),
        PAY_FOR_MEAL,
        kind=MessageKind.UPI_LINK,
        pledge=pledge.reference,
        ref=order.reference,
        kitchen=kitchen.name,
        amount=amount,
        minutes=minutes,
        link=ordering.upi_for(order, kitchen),
        upi=kitchen.upi_vpa,
    )
    contact = convo.uow.people.get(kitchen.person_id)
    kitchen_text = KITCHEN_NEXT_PAYER if why else KITCHEN_TOLD
    status = ordering.status_name(convo, contact, order)
    values = {"ref": order.reference, "amount": amount, "minutes": minutes}
    convo.notify(contact, kitchen_text, kind=MessageKind.STATUS_CHANGE, status=status, **values)
    donor = convo.uow.people.get(order.donor_id)
    convo.notify_lines(
        donor,
        *why,
        DONOR_TOLD,
        kind=MessageKind.STATUS_CHANGE,
        kitchen=kitchen.name,
        **values,
        status=ordering.status_name(convo, donor, order),
    )
    return True


def pledge_paid(convo: Conversation, order: Order) -> None:
    """The kitchen's PAID on an order a pledge pays: the allocation is settled and the pledger thanked."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    for allocation in convo.uow.ledger.unsettled(order.id, EntryKind.ALLOCATED):
        convo.uow.ledger.record(paid(allocation, convo.now, "kitchen confirmed"))
        pledge = convo.uow.pledges.get(allocation.account_id)
        pledger = convo.uow.people.get(pledge.donor_id) if pledge.donor_id else None
        convo.notify(
            pledger,
            THANKS,
            kind=MessageKind.PLEDGE,
            kitchen=kitchen.name,
            amount=format_rupees(allocation.pending_paise),
            ref=order.reference,
            status=convo.words(pledger, PLEDGE_STATES[pledge.status]) if pledger else "",
        )


def pledge_timed_out(convo: Conversation, order: Order) -> None:
    """The pledger did not pay in time: the amount goes back to the pledge, the next pledge is asked, and
    with none left the donor may pay or cancel. `convo` is with the order's donor."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    minutes = convo.deadlines.pledge_payment_minutes
    for allocation in convo.uow.ledger.unsettled(order.id, EntryKind.ALLOCATED):
        pledger = give_back(convo, allocation, f"not paid in {minutes} minutes")
        amount = format_rupees(allocation.pending_paise)
        status = convo.words(pledger, PLEDGE_STATES[PledgeStatus.ACTIVE]) if pledger else ""
        values = {"ref": order.reference, "kitchen": kitchen.name, "minutes": minutes, "amount": amount}
        convo.notify(pledger, TOO_LATE, kind=MessageKind.PLEDGE, status=status, **values)
    order.funding = Funding.DONOR.value
    if ask_pledge(convo, order, NOT_FROM_PLEDGE):
        return
    order.payment_asked_at = convo.now  # the donor's own time to pay starts again
    amount = format_rupees(order.amount_paise)
    contact = convo.uow.people.get(kitchen.person_id)
    convo.notify(
        contact,
        KITCHEN_NEXT_PAYER,
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        minutes=minutes,
        status=ordering.status_name(convo, contact, order),
    )
    convo.say(
        NO_PLEDGE_LEFT,
        kind=MessageKind.UPI_LINK,
        ref=order.reference,
        kitchen=kitchen.name,
        amount=amount,
        link=ordering.upi_for(order, kitchen),
        upi=kitchen.upi_vpa,
    )


def renew(convo: Conversation, pledge: Pledge) -> None:
    """The 1st of the month, in India: the pledge's amount is there again, and its donor hears it.
    `convo` is with the pledger."""
    pledges.renew(convo, pledge)
    convo.say(
        RENEWED,
        kind=MessageKind.PLEDGE,
        ref=pledge.reference,
        amount=format_rupees(pledge.amount_paise),
        status=convo.phrase(PLEDGE_STATES[pledge.status]),
    )


def share_allocation(convo: Conversation, share: Share) -> Entry:
    """The pledge's open allocation for a campaign's share it covers."""
    campaign = convo.uow.campaigns.get(share.campaign_id)
    return next(
        entry
        for entry in convo.uow.ledger.unsettled(campaign.order_id, EntryKind.ALLOCATED)
        if entry.account_id == share.pledge_id
    )


def settle_share(convo: Conversation, share: Share) -> None:
    """The kitchen has a pledge's share of a campaign: its allocation is paid."""
    convo.uow.ledger.record(paid(share_allocation(convo, share), convo.now, "kitchen confirmed the share"))


def release_share(convo: Conversation, share: Share) -> None:
    """A pledge's share not paid in time: its amount goes back to the pledge."""
    give_back(convo, share_allocation(convo, share), "share not paid in time")
