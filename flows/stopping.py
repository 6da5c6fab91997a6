"""STOP and START, on WhatsApp or SMS, whatever the person was doing.

STOP gets one confirmation, then nothing at all goes to that address until START (the send job
holds every other message back). What was open is wound down first: a donor's order is cancelled
if it still can be, a kitchen is paused and its unpaid orders go to other kitchens. While stopped,
a person's messages are kept but not answered, so START picks up where they were.
"""

from __future__ import annotations

from dataclasses import replace

from domain.capacity import CapacityReason
from domain.channels import MessageKind, is_start, is_stop
from domain.kitchens import Kitchen
from domain.orders import CANCELLABLE, Order
from domain.orders import OrderStatus as S
from flows import kitchen_search, ordering
from flows.conversation import Conversation
from flows.i18n import N_
from flows.messages import Inbound

BY_PERSON = "STOP"
BY_TWILIO = "twilio 21610"
# A paid order stays with its kitchen: the donor paid the kitchen directly and Ketpaar holds nothing.
PAID = frozenset({S.PAYMENT_CONFIRMED, S.IN_TRANSIT})


def handle(convo: Conversation, msg: Inbound) -> bool:
    """True when nothing else should handle this message: STOP, START, or anything from someone stopped."""
    stopped = convo.uow.channels.stopped(convo.person.address)
    if is_stop(msg.text) and not msg.has_photo:
        if not stopped:  # a second STOP gets no second confirmation
            stop(convo)
        return True
    if stopped and is_start(msg.text):
        restart(convo)
    return stopped


def stop(convo: Conversation) -> None:
    convo.uow.channels.stop(convo.person.address, convo.now, BY_PERSON)
    lines = wind_down(convo)
    kitchen = convo.uow.kitchens.for_person(convo.person.id)
    if kitchen is not None:
        lines.append(
            convo.phrase(
                "{name} is paused: you will get no new orders and no more messages from Ketpaar. "
                "Send START to get them again.",
                name=kitchen.name,
            )
        )
    else:
        lines.append(convo.phrase("You will get no more messages from Ketpaar. Send START to get them again."))
    text = "\n".join(lines)
    convo.uow.outbox.send(
        convo.person.address, text, kind=MessageKind.STOP_CONFIRMATION, language=convo.person.language
    )


def opted_out(convo: Conversation) -> None:
    """Twilio says the person opted out (21610): as a STOP, without the confirmation that cannot reach them."""
    if convo.uow.channels.stop(convo.person.address, convo.now, BY_TWILIO):
        wind_down(convo)


def wind_down(convo: Conversation) -> list[str]:
    """Ends what would need more messages; returns what the person should read about it."""
    lines = _donor_order(convo)
    kitchen = convo.uow.kitchens.for_person(convo.person.id)
    if kitchen is not None:
        lines += _pause_kitchen(convo, kitchen)
    return lines


def _donor_order(convo: Conversation) -> list[str]:
    order_id = convo.person.active_order_id
    order = convo.uow.orders.get(order_id) if order_id else None
    if order is None or not order.is_open:
        return []
    if order.state in CANCELLABLE:
        return [_cancel(convo, order)]
    if order.state in PAID:
        paid = N_("Order {ref} is already paid, so the kitchen will still bring the meal.")
        return [convo.phrase(paid, ref=order.reference)]
    return []


def _cancel(convo: Conversation, order: Order) -> str:
    """As the donor's CANCEL: the kitchen, if one was asked, is told not to cook."""
    kitchen = convo.uow.kitchens.get(order.kitchen_id) if order.state == S.PAYMENT_REDIRECT else None
    ordering.cancel_order(convo, order)
    convo.person.active_order_id = None
    if kitchen is None:
        return convo.phrase("Order {ref} is cancelled. No money was taken.", ref=order.reference)
    return convo.phrase(
        "Order {ref} is cancelled. If you already paid {kitchen}, they have been asked to send the money back.",
        ref=order.reference,
        kitchen=kitchen.name,
    )


def _pause_kitchen(convo: Conversation, kitchen: Kitchen) -> list[str]:
    """No new orders; unpaid ones go to other kitchens, as when an admin suspends it; paid ones stay."""
    kitchen.pause(convo.now)
    moved, kept = [], []
    for order in convo.uow.orders.open_for_kitchen(kitchen.id):
        if order.holds_meal:
            donor = replace(convo, person=convo.uow.people.get(order.donor_id))
            kitchen_search.kitchen_suspended(donor, order, kitchen, CapacityReason.PAUSED)
            moved.append(order.reference)
        else:
            kept.append(order.reference)
    lines = []
    if moved:
        went = N_("Orders {refs} went to other kitchens. Please do not cook them.")
        lines.append(convo.phrase(went, refs=", ".join(moved)))
    if kept:
        lines.append(convo.phrase("Orders {refs} are already paid. Please still deliver them.", refs=", ".join(kept)))
    return lines


def restart(convo: Conversation) -> None:
    """START: messages flow again, a paused kitchen is offered orders again, and nothing else changed."""
    convo.uow.channels.start(convo.person.address)
    kitchen = convo.uow.kitchens.for_person(convo.person.id)
    if kitchen is not None:
        kitchen.unpause()
    if kitchen is not None and kitchen.takes_orders:
        convo.say(
            "Welcome back: {name} can take new orders again. Send HELP to see the kitchen commands.",
            name=kitchen.name,
        )
        return
    convo.say("Welcome back: you will get messages from Ketpaar again. Send HELP to see what you can do.")
