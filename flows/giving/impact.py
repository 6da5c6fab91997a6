"""IMPACT: how many meals a donor paid for that reached a hungry person, in which kitchens, this month and in all.

A meal counts once for each person who paid for any of it: the donor who paid the kitchen, the donor of the
meal credit it used, the pledger who paid it, each contributor who paid a share.
"""

from __future__ import annotations

from collections import Counter

from domain.commands import Command
from domain.giving.campaigns import ShareStatus
from domain.giving.ledger import EntryKind
from domain.giving.pledges import month_of
from domain.orders import DELIVERED_OK, Funding, Order
from domain.people import Person
from flows.conversation import Conversation
from flows.i18n import N_
from flows.ports import UnitOfWork
from flows.sms.texts import native

# A line per kitchen: on SMS a long list goes on in a second message, cut between lines.
IMPACT = native(N_("Meals you paid for, delivered: {total} in all, {month} this month.\n{kitchens}"))
LINE = N_("{kitchen}: {total} ({month} this month)")
NONE_YET = N_("No meal you paid for has been delivered yet. When one is, IMPACT counts it.")


def funded_order_ids(uow: UnitOfWork, person: Person) -> set[int]:
    """Every order the person paid for, in whole or in part, whatever became of it."""
    ids = {order.id for order in uow.orders.for_donor(person.id, limit=1000) if order.funding == Funding.DONOR}
    for credit in uow.credits.of_donor(person.id):
        ids |= {entry.order_id for entry in uow.ledger.entries(credit.id) if entry.kind == EntryKind.ALLOCATED}
    for pledge in uow.pledges.of_donor(person.id):
        ids |= {entry.order_id for entry in uow.ledger.entries(pledge.id) if entry.kind == EntryKind.PAID}
    for share in uow.campaigns.of_person(person.id):
        if share.status == ShareStatus.PAID:
            ids.add(uow.campaigns.get(share.campaign_id).order_id)
    return {order_id for order_id in ids if order_id is not None}


def delivered_for(uow: UnitOfWork, person: Person) -> list[Order]:
    return [order for order in uow.orders.among(sorted(funded_order_ids(uow, person))) if order.state in DELIVERED_OK]


def impact_command(convo: Conversation, command: Command, order: Order | None) -> None:
    delivered = delivered_for(convo.uow, convo.person)
    if not delivered:
        convo.say(NONE_YET)
        return
    this_month = month_of(convo.now)
    delivered_at = {order.id: delivery_time(order) for order in delivered}
    recent = [order for order in delivered if month_of(delivered_at[order.id]) == this_month]
    by_kitchen, recent_by_kitchen = Counter(o.kitchen_id for o in delivered), Counter(o.kitchen_id for o in recent)
    lines = [
        convo.phrase(
            LINE, kitchen=convo.uow.kitchens.get(kitchen_id).name, total=total, month=recent_by_kitchen[kitchen_id]
        )
        for kitchen_id, total in by_kitchen.most_common()
    ]
    convo.say(IMPACT, total=len(delivered), month=len(recent), kitchens="\n".join(lines))


def delivery_time(order: Order):
    """When the kitchen handed the meal over: its DELIVERED in the timeline."""
    return next((event.at for event in order.events if event.to_status == "DELIVERED"), order.created_at)
