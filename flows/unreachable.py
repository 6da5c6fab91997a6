"""What happens when a message could not reach a person on any channel.

Only a kitchen's new order needs more than the record the send job keeps: the donor's meal must
not wait the whole answer time for a kitchen that never heard of it, so the next kitchen is asked now.
"""

from __future__ import annotations

from dataclasses import replace

from domain.capacity import CapacityReason
from flows import kitchen_search
from flows.conversation import Conversation


def new_order_not_delivered(convo: Conversation, reference: str) -> None:
    """`convo` is with the kitchen's contact. Nothing changes if the order has moved on meanwhile."""
    kitchen = convo.uow.kitchens.for_person(convo.person.id)
    order = convo.uow.orders.by_reference(reference)
    if kitchen is None or order is None or not order.awaits_kitchen_answer or order.kitchen_id != kitchen.id:
        return
    donor = replace(convo, person=convo.uow.people.get(order.donor_id))
    kitchen_search.kitchen_dropped_out(donor, order, CapacityReason.UNREACHABLE)
