"""A kitchen's conversation: commands on an order (in kitchen_orders), and capacity, hours, status and language."""

from __future__ import annotations

from collections.abc import Callable

from domain.commands import (
    KITCHEN_ORDER_VERBS,
    KITCHEN_VERBS,
    Command,
    parse_command,
    read_number,
)
from domain.hours import BadHours, format_hours, india_day, parse_hours
from domain.kitchens import Kitchen
from domain.people import parse_language
from flows import kitchen_orders, registration
from flows.conversation import Conversation
from flows.giving import credits
from flows.i18n import N_
from flows.messages import Inbound
from flows.texts import NOT_UNDERSTOOD, STANDING_NAMES

MAX_DAILY_MEALS = 1000


KITCHEN_HELP = N_(
    "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, "
    "DELIVERED <ref> (with a photo), FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, "
    "HOURS 11-14,18-21, STATUS, LANG."
)


GIVING_HELP = N_("Money given ahead: RECEIVED <ref> when it reaches you (meals or a share), CREDITS to see them.")


def kitchen_help(convo: Conversation, *, understood: bool = True) -> None:
    """The command list; after a message that is no command, first a line saying so."""
    convo.say_lines(*([] if understood else [NOT_UNDERSTOOD]), KITCHEN_HELP, GIVING_HELP)


def capacity(convo: Conversation, kitchen: Kitchen, command: Command) -> None:
    meals = read_number(command.rest)
    if meals is None or meals > MAX_DAILY_MEALS:
        convo.say("Please write the meals you can give each day, like CAPACITY 20.")
        return
    day = india_day(convo.now)
    convo.uow.kitchens.set_capacity(kitchen, meals, day)
    convo.say(
        "Capacity set: {meals} meals a day. Left today: {left}.",
        meals=meals,
        left=convo.uow.kitchens.meals_left(kitchen, day),
    )


def hours(convo: Conversation, kitchen: Kitchen, command: Command) -> None:
    try:
        kitchen.hours = format_hours(parse_hours(command.rest))
    except BadHours:
        convo.say("Please write your hours like HOURS 11-14,18-21 (24-hour clock).")
        return
    convo.say("Hours set: {hours}.", hours=kitchen.hours)


def kitchen_status(convo: Conversation, kitchen: Kitchen, command: Command) -> None:
    open_orders = convo.uow.orders.open_for_kitchen(kitchen.id)
    lines = [
        N_("{name}: {verified}. Meals left today: {left} of {capacity}. Hours: {hours}."),
        *([N_("Open orders:\n{orders}")] if open_orders else []),
    ]
    convo.say_lines(
        *lines,
        name=kitchen.name,
        verified=convo.phrase(STANDING_NAMES[kitchen.standing]),
        left=convo.uow.kitchens.meals_left(kitchen, india_day(convo.now)),
        capacity=kitchen.daily_capacity,
        hours=kitchen.hours,
        orders=kitchen_orders.order_lines(convo, open_orders),
    )


def language(convo: Conversation, kitchen: Kitchen, command: Command) -> None:
    wanted = parse_language(command.rest)
    if wanted is None:
        convo.say("Write LANG EN, LANG TA or LANG HI.")
        return
    convo.person.language = wanted
    convo.say("Language changed.")


KITCHEN_SETTINGS: dict[str, Callable[[Conversation, Kitchen, Command], None]] = {
    "CAPACITY": capacity,
    "HOURS": hours,
    "STATUS": kitchen_status,
    "LANG": language,
    "HELP": lambda convo, kitchen, command: kitchen_help(convo),
    "VENDOR": lambda convo, kitchen, command: registration.start(convo),
    "RECEIVED": lambda convo, kitchen, command: credits.received(convo, kitchen, command.reference),
    "CREDITS": credits.credits_command,
}


def handle(convo: Conversation, kitchen: Kitchen, msg: Inbound) -> None:
    command = parse_command(msg.text, KITCHEN_VERBS)
    if command is None:
        kitchen_help(convo, understood=False)
        return
    if command.verb in KITCHEN_ORDER_VERBS:
        order = kitchen_orders.order_for(convo, kitchen, command)
        if order is not None:
            kitchen_orders.ORDER_ACTIONS[command.verb](convo, kitchen, order, msg)
        return
    KITCHEN_SETTINGS[command.verb](convo, kitchen, command)
