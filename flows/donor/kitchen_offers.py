"""The donor chooses one of the kitchens offered: a meal is reserved and the kitchen is asked."""

from __future__ import annotations

from domain.commands import parse_choice
from domain.hours import india_day
from domain.money import format_rupees
from domain.orders import KITCHEN_ANSWER_MINUTES, Order
from flows import ordering
from flows.conversation import Conversation
from flows.messages import Inbound


def choose_kitchen(convo: Conversation, msg: Inbound, order: Order) -> None:
    choice = parse_choice(msg.text, len(order.offered_kitchen_ids))
    if choice is None:
        convo.say(
            "Please reply with a number from 1 to {count} to choose a kitchen, or send CANCEL.",
            count=len(order.offered_kitchen_ids),
        )
        return
    kitchen = convo.uow.kitchens.get(order.offered_kitchen_ids[choice - 1])
    day = india_day(convo.now)
    usable = kitchen.takes_orders and kitchen.is_open_at(convo.now)
    if not (usable and convo.uow.kitchens.reserve_meal(kitchen, day, order.id)):
        convo.say("Sorry, {kitchen} has no meal left just now.", kitchen=kitchen.name)
        ordering.offer_kitchens(convo, order, convo.person)
        return
    order.assign_kitchen(kitchen.id, kitchen.price_paise, day, convo.now)
    ordering.ask_kitchen(convo, order, kitchen)
    convo.say(
        "We asked {kitchen} to cook order {ref} ({price}). They have {minutes} minutes to answer.",
        kitchen=kitchen.name,
        ref=order.reference,
        price=format_rupees(kitchen.price_paise),
        minutes=KITCHEN_ANSWER_MINUTES,
    )
