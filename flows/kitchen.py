"""A kitchen's conversation: answer meal requests, confirm payment and delivery, set capacity and hours."""

from __future__ import annotations

from collections.abc import Callable

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.commands import (
    FAILURE_REASONS,
    KITCHEN_ORDER_VERBS,
    KITCHEN_VERBS,
    Command,
    failure_report,
    parse_command,
    read_number,
)
from domain.hours import BadHours, format_hours, india_day, parse_hours
from domain.jobs import Job
from domain.kitchens import Kitchen
from domain.money import format_rupees
from domain.orders import Order
from domain.orders import OrderStatus as S
from domain.people import parse_language
from domain.photos import PhotoPurpose
from flows import ordering, registration
from flows.conversation import Conversation
from flows.messages import Inbound
from flows.texts import STANDING_NAMES

MAX_DAILY_MEALS = 1000


def kitchen_help(convo: Conversation) -> None:
    convo.say(
        "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, "
        "DELIVERED <ref> (with a photo), FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, "
        "HOURS 11-14,18-21, STATUS, LANG."
    )


def order_for(convo: Conversation, kitchen: Kitchen, command: Command) -> Order | None:
    """The order a kitchen's command is about; replies and returns None when it cannot tell."""
    reference = failure_report(command)[0] if command.verb == "FAILED" else command.reference
    if reference is None:
        open_orders = convo.uow.orders.open_for_kitchen(kitchen.id)
        if len(open_orders) == 1:
            return open_orders[0]
        if not open_orders:
            convo.say("You have no open order.")
        else:
            convo.say(
                "You have {count} open orders: {refs}. Please add the reference, like {verb} {first}.",
                count=len(open_orders),
                refs=", ".join(order.reference for order in open_orders),
                verb=command.verb,
                first=open_orders[0].reference,
            )
        return None
    order = convo.uow.orders.by_reference(reference)
    if order is None:
        convo.say("There is no order {ref}. Please check the reference.", ref=reference)
        return None
    if order.kitchen_id != kitchen.id:
        convo.say("Order {ref} is not one of yours.", ref=reference)
        return None
    return order


def not_now(convo: Conversation, order: Order, verb: str) -> None:
    convo.say(
        "Order {ref} is {status}, so {verb} does not apply now.",
        ref=order.reference,
        status=ordering.status_name(convo, convo.person, order),
        verb=verb,
    )


def donor_of(convo: Conversation, order: Order):
    return convo.uow.people.get(order.donor_id)


def accept(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not order.awaits_kitchen_answer:
        return not_now(convo, order, "ACCEPT")
    order.ask_payment(convo.now)
    amount = format_rupees(order.amount_paise)
    convo.notify(
        donor_of(convo, order),
        "{kitchen} accepted order {ref}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
        "Ketpaar never holds your money.",
        kind=MessageKind.UPI_LINK,
        kitchen=kitchen.name,
        ref=order.reference,
        amount=amount,
        link=ordering.upi_for(order, kitchen),
    )
    convo.say(
        "Thank you. The donor will pay {amount} to {upi}. When the money arrives, reply PAID {ref}.",
        amount=amount,
        upi=kitchen.upi_vpa,
        ref=order.reference,
    )


def decline(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not order.awaits_kitchen_answer:
        return not_now(convo, order, "DECLINE")
    ordering.kitchen_dropped_out(convo, order, CapacityReason.DECLINED)
    convo.say("Noted: you declined order {ref}.", ref=order.reference)


def paid(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if order.state != S.PAYMENT_REDIRECT:
        return not_now(convo, order, "PAID")
    order.move_to(S.PAYMENT_CONFIRMED, convo.now, "kitchen confirmed payment")
    donor = donor_of(convo, order)
    convo.notify(
        donor,
        "{kitchen} received your payment for order {ref}. The meal is being cooked.",
        kind=MessageKind.STATUS_CHANGE,
        kitchen=kitchen.name,
        ref=order.reference,
        status=ordering.status_name(convo, donor, order),
    )
    convo.say("Payment noted for order {ref}. Reply READY {ref} when the meal leaves.", ref=order.reference)


def ready(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if order.state != S.PAYMENT_CONFIRMED:
        return not_now(convo, order, "READY")
    order.move_to(S.IN_TRANSIT, convo.now, "meal on its way")
    donor = donor_of(convo, order)
    convo.notify(
        donor,
        "The meal for order {ref} is on its way.",
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        status=ordering.status_name(convo, donor, order),
    )
    convo.say(
        "Thank you. After delivery, send DELIVERED {ref} with a photo of the meal handed over.", ref=order.reference
    )


def delivered(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not order.can_move_to(S.DELIVERED):
        return not_now(convo, order, "DELIVERED")
    if not msg.has_photo:
        convo.say("Please send DELIVERED {ref} together with a photo of the delivered meal.", ref=order.reference)
        return
    order.deliver(msg.photo_ids[0], convo.now)
    convo.uow.later(Job.PROCESS_PHOTO, order.delivery_photo_id, order.id, PhotoPurpose.DELIVERY)
    donor = donor_of(convo, order)
    convo.notify(
        donor,
        "The meal for order {ref} was delivered. The photo follows in a moment.\n"
        "How was {kitchen}? Reply with a number from 1 to 5.",
        kind=MessageKind.STATUS_CHANGE,
        ref=order.reference,
        kitchen=kitchen.name,
        status=ordering.status_name(convo, donor, order),
    )
    convo.say("Thank you for delivering order {ref}!", ref=order.reference)


def failed(convo: Conversation, kitchen: Kitchen, order: Order, msg: Inbound) -> None:
    if not order.can_move_to(S.DELIVERY_FAILED):
        return not_now(convo, order, "FAILED")
    said = failure_report(parse_command(msg.text, KITCHEN_VERBS))[1]
    order.fail_delivery(said if said in FAILURE_REASONS else None, said, convo.now)
    donor = donor_of(convo, order)
    convo.notify(
        donor,
        "Sorry, {kitchen} could not deliver the meal for order {ref}.",
        kind=MessageKind.STATUS_CHANGE,
        kitchen=kitchen.name,
        ref=order.reference,
        status=ordering.status_name(convo, donor, order),
    )
    convo.say("Noted: order {ref} could not be delivered.", ref=order.reference)


ORDER_ACTIONS: dict[str, Callable[[Conversation, Kitchen, Order, Inbound], None]] = {
    "ACCEPT": accept,
    "DECLINE": decline,
    "PAID": paid,
    "READY": ready,
    "DELIVERED": delivered,
    "FAILED": failed,
}


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
    convo.say(
        "{name}: {verified}. Meals left today: {left} of {capacity}. Hours: {hours}. Open orders: {orders}.",
        name=kitchen.name,
        verified=convo.phrase(STANDING_NAMES[kitchen.standing]),
        left=convo.uow.kitchens.meals_left(kitchen, india_day(convo.now)),
        capacity=kitchen.daily_capacity,
        hours=kitchen.hours,
        orders=", ".join(order.reference for order in open_orders) or "-",
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
}


def handle(convo: Conversation, kitchen: Kitchen, msg: Inbound) -> None:
    command = parse_command(msg.text, KITCHEN_VERBS)
    if command is None:
        kitchen_help(convo)
        return
    if command.verb in KITCHEN_ORDER_VERBS:
        order = order_for(convo, kitchen, command)
        if order is not None:
            ORDER_ACTIONS[command.verb](convo, kitchen, order, msg)
        return
    KITCHEN_SETTINGS[command.verb](convo, kitchen, command)
