"""The donor chooses one of the kitchens offered: a meal is reserved and the kitchen is asked.

While a kitchen decides, the donor may still choose another from the last list shown: that one is
asked instead, and the first is told not to cook.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.capacity import CapacityReason
from domain.commands import parse_choice
from domain.hours import india_day
from domain.kitchens import Kitchen
from domain.money import format_rupees
from domain.orders import Order
from flows import kitchen_search, ordering
from flows.conversation import Conversation
from flows.donor import commands, meal
from flows.messages import Inbound


def chosen(convo: Conversation, msg: Inbound, order: Order) -> Kitchen | None:
    """The kitchen a number names in the last list the donor was shown, if it names one."""
    choice = parse_choice(msg.text, len(order.offered_kitchen_ids)) if not msg.has_photo else None
    return convo.uow.kitchens.get(order.offered_kitchen_ids[choice - 1]) if choice else None


def reserved(convo: Conversation, order: Order, kitchen: Kitchen) -> bool:
    """A meal of `kitchen` is now held for the order; False (and the donor told) when it has none left."""
    usable = kitchen.takes_orders and kitchen.is_open_at(convo.now)
    if usable and convo.uow.kitchens.reserve_meal(kitchen, india_day(convo.now), order.id):
        return True
    convo.say("Sorry, {kitchen} has no meal left just now.", kitchen=kitchen.name)
    return False


def ask(convo: Conversation, order: Order, kitchen: Kitchen) -> None:
    order.assign_kitchen(kitchen.id, kitchen.price_paise, india_day(convo.now), convo.now)
    kitchen_search.ask_kitchen(convo, order, kitchen)
    # The answer to the donor's choice from the list that named the order: the reference is not said again.
    convo.say(
        "We asked {kitchen} to cook the meal ({price}). They have {minutes} minutes to answer.",
        kitchen=kitchen.name,
        price=format_rupees(kitchen.price_paise),
        minutes=convo.deadlines.kitchen_answer_minutes,
    )


def choose_kitchen(convo: Conversation, msg: Inbound, order: Order) -> None:
    kitchen = chosen(convo, msg, order)
    if kitchen is None:
        convo.say(
            "Please reply with a number from 1 to {count} to choose a kitchen, or send CANCEL.",
            count=len(order.offered_kitchen_ids),
        )
        return
    if not reserved(convo, order, kitchen):
        kitchen_search.offer_kitchens(convo, order, convo.person)
        return
    ask(convo, order, kitchen)


def await_answer(
    convo: Conversation, msg: Inbound, order: Order, otherwise: Callable[..., None] = meal.waiting
) -> None:
    """A kitchen is deciding: another kitchen's number asks that one instead; anything else is `otherwise`'s
    (the status, on WhatsApp and by SMS alike)."""
    kitchen = chosen(convo, msg, order)
    if kitchen is None or kitchen.id == order.kitchen_id:
        otherwise(convo, msg, order)
        return
    if not reserved(convo, order, kitchen):
        commands.status(convo, order)  # the kitchen deciding keeps the order
        return
    previous = convo.uow.kitchens.get(order.kitchen_id)
    ordering.release_meal(convo, order, CapacityReason.SWITCHED)
    order.drop_kitchen()
    convo.notify(
        convo.uow.people.get(previous.person_id),
        "The donor chose another kitchen for order {ref}. Please do not cook it.",
        ref=order.reference,
    )
    ask(convo, order, kitchen)
