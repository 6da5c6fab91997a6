"""A meal whose donor cannot pay: `USE PLEDGE` when asked to pay. What was given ahead pays for it.

First a meal credit at the order's kitchen (it costs nobody anything now: the kitchen has the money);
else a pledge, by the pledges' priority (flows/giving/pledges.py). An allocation is one guarded
INSERT in the ledger: two meals racing for a credit's last meal cannot both get it.
"""

from __future__ import annotations

from datetime import datetime

from domain.channels import MessageKind
from domain.commands import Command
from domain.geo import Point
from domain.giving.credits import Credit, usable_in_order
from domain.giving.ledger import Entry, credit_meal_allocated
from domain.giving.pledges import by_priority
from domain.money import format_rupees
from domain.orders import Funding, Order
from domain.orders import OrderStatus as S
from flows import ordering
from flows.conversation import Conversation
from flows.giving import pledge_payments
from flows.i18n import N_
from flows.ports import UnitOfWork

NOT_NOW = N_("USE PLEDGE works when you are asked to pay for a meal.")
PAID_BY_CREDIT = N_("A meal given ahead at {kitchen} pays for order {ref}. The meal is being cooked.")
COOK_IT = N_(
    "Order {ref} is paid from the meals given ahead at your kitchen ({credit}, {left} left). "
    "Please cook it; once it is handed over, send DELIVERED {ref} with a photo."
)
NOTHING_TO_USE = N_(
    "No meal given ahead or pledge can pay for order {ref} now. Please pay {amount} to {kitchen} yourself, "
    "or send CANCEL."
)
OFFER = N_("Cannot pay? Reply USE PLEDGE: a meal given ahead will pay for it.")


def take_credit_meal(
    uow: UnitOfWork, kitchen_id: int, at: datetime, by_sms: bool, order_id: int | None, wait: bool = True
) -> tuple[Credit, Entry] | None:
    """One meal of the oldest credit at the kitchen that may be used now, or None when none has one left."""
    for credit in usable_in_order(uow.credits.usable_at(kitchen_id), at, by_sms):
        taken = uow.ledger.take(credit_meal_allocated(credit.id, credit.price_paise, order_id, at), wait=wait)
        if taken is not None:
            return credit, taken
    return None


def take_meal_funding(
    uow: UnitOfWork, kitchen_id: int, point: Point, at: datetime, by_sms: bool, order_id: int | None, price_paise: int
) -> Entry | None:
    """What a meal at `point` cooked by that kitchen is paid from: a credit's meal there, else the best pledge's
    `price_paise`; None when nothing given ahead can pay it. The allocation, as USE PLEDGE makes it."""
    taken = take_credit_meal(uow, kitchen_id, at, by_sms, order_id, wait=False) or take_credit_meal(
        uow, kitchen_id, at, by_sms, order_id
    )
    if taken is None:
        taken = pledge_payments.take_pledge(uow, point, at, price_paise, order_id, set())
    return taken[1] if taken is not None else None


def can_fund(convo: Conversation, order: Order) -> bool:
    """Whether USE PLEDGE would find something for this order now (so the donor is told of it)."""
    by_sms = convo.uow.people.get(order.donor_id).channel == "sms"
    if usable_in_order(convo.uow.credits.usable_at(order.kitchen_id), convo.now, by_sms):
        return True
    pledges = convo.uow.pledges.candidates(order.point, order.amount_paise)
    asked = pledge_payments.asked_before(convo, order)
    return any(pledge.id not in asked for pledge in by_priority(pledges, order.point, convo.now))


def offer(convo: Conversation, order: Order) -> None:
    """After the UPI link: a donor who cannot pay learns that USE PLEDGE would pay, when it would."""
    if order.funding == Funding.DONOR and can_fund(convo, order):
        convo.notify(convo.uow.people.get(order.donor_id), OFFER)


def use_pledge(convo: Conversation, command: Command, order: Order | None) -> None:
    if order is None or order.state != S.PAYMENT_REDIRECT or order.funding != Funding.DONOR:
        convo.say(NOT_NOW)
        return
    if pay_by_credit(convo, order) or pledge_payments.ask_pledge(convo, order):
        return
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    convo.say(NOTHING_TO_USE, ref=order.reference, amount=format_rupees(order.amount_paise), kitchen=kitchen.name)


def pay_by_credit(convo: Conversation, order: Order) -> bool:
    """A credit's meal at the order's kitchen: the kitchen has the money already, so the meal is paid now."""
    taken = take_credit_meal(convo.uow, order.kitchen_id, convo.now, convo.person.channel == "sms", order.id)
    if taken is None:
        return False
    credit, _ = taken
    order.funding = Funding.CREDIT.value
    order.move_to(S.PAYMENT_CONFIRMED, convo.now, f"paid from meal credit {credit.reference}")
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    convo.notify(
        convo.person,
        PAID_BY_CREDIT,
        kind=MessageKind.STATUS_CHANGE,
        kitchen=kitchen.name,
        ref=order.reference,
        status=ordering.status_name(convo, convo.person, order),
    )
    contact = convo.uow.people.get(kitchen.person_id)
    convo.notify(
        contact,
        COOK_IT,
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        credit=credit.reference,
        left=convo.uow.ledger.balance(credit.id).meals,
        status=ordering.status_name(convo, contact, order),
    )
    return True
