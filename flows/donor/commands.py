"""What a donor may type at any step after consent: STATUS, CANCEL, PAID, HISTORY, HELP, LANG and VENDOR."""

from __future__ import annotations

from domain.commands import Command
from domain.money import format_rupees
from domain.orders import CANCELLABLE, Order
from domain.orders import OrderStatus as S
from domain.people import parse_language
from flows import ordering, registration
from flows.conversation import Conversation
from flows.donor import onboarding
from flows.i18n import N_
from flows.texts import NOT_UNDERSTOOD

DONOR_HELP = N_(
    "To buy a meal for someone: send their photo, then your location.\n"
    "Commands: STATUS, CANCEL, PAID, HISTORY, LANG, HELP. Kitchens can join with VENDOR."
)
GIVING_HELP = N_(
    "Giving ahead: CREDIT 10 AMMA, PLEDGE 600 MONTH, PLEDGES, IMPACT, NOTIFY NEAR 600017. "
    "Cannot pay? USE PLEDGE, or SHARE and a number on the kitchen list."
)


def short_help(convo: Conversation, *, understood: bool = True) -> None:
    """The help; after a message that meant nothing here, first a line saying so."""
    convo.say_lines(*([] if understood else [NOT_UNDERSTOOD]), DONOR_HELP, GIVING_HELP)


def own_order(convo: Conversation, command: Command, order: Order | None) -> Order | None:
    """The order a command names, if it is this donor's; else the open one. Replies when none."""
    if command.reference is None:
        if order is None:
            convo.say("You have no open order.")
        return order
    named = convo.uow.orders.by_reference(command.reference)
    if named is None or named.donor_id != convo.person.id:
        convo.say("There is no order {ref} of yours. Please check the reference.", ref=command.reference)
        return None
    return named


# A donor's STATUS line: an order no longer open says when it was placed; a missing kitchen is left out.
STATUS_LINES = {
    (True, False): N_("Order {ref}: {status}."),
    (True, True): N_("Order {ref}: {status}. Kitchen: {kitchen}."),
    (False, False): N_("Order {ref} ({when}): {status}."),
    (False, True): N_("Order {ref} ({when}): {status}. Kitchen: {kitchen}."),
}


def status(convo: Conversation, order: Order) -> None:
    kitchen = convo.uow.kitchens.get(order.kitchen_id) if order.kitchen_id else None
    if order.awaits_kitchen_answer:
        convo.say(
            "Order {ref}: waiting for {kitchen} to answer ({waited} so far).",
            ref=order.reference,
            kitchen=kitchen.name,
            waited=convo.waited(order.kitchen_asked_at),
        )
        return
    if order.state == S.WAITING_FOR_KITCHEN:
        convo.say(
            "Order {ref}: waiting for a kitchen to free up ({waited} so far, at most {wait}). "
            "You may also share another location, or send CANCEL.",
            ref=order.reference,
            waited=convo.waited(order.updated_at),
            wait=convo.deadlines.kitchen_wait_minutes,
        )
        return
    convo.say(
        STATUS_LINES[(order.is_open, kitchen is not None)],
        ref=order.reference,
        status=ordering.status_name(convo, convo.person, order),
        kitchen=kitchen.name if kitchen else "",
        when=convo.when(order.created_at),
    )
    if order.state == S.PAYMENT_REDIRECT and kitchen is not None:
        convo.say(
            "Pay {amount} to the kitchen here: {link}",
            amount=format_rupees(order.amount_paise),
            link=ordering.upi_for(order, kitchen),
        )


def status_command(convo: Conversation, command: Command, order: Order | None) -> None:
    if command.reference is None and order is None:
        recent = convo.uow.orders.for_donor(convo.person.id, limit=1)
        order = recent[0] if recent else None
        if order is None:
            convo.say("You have no orders yet. Send a photo of a hungry person to start.")
            return
    order = own_order(convo, command, order)
    if order is not None:
        status(convo, order)


def cancel_command(convo: Conversation, command: Command, order: Order | None) -> None:
    order = own_order(convo, command, order)
    if order is None:
        return
    if order.state not in CANCELLABLE:
        convo.say(
            "Order {ref} can no longer be cancelled: {status}.",
            ref=order.reference,
            status=ordering.status_name(convo, convo.person, order),
        )
        return
    kitchen = convo.uow.kitchens.get(order.kitchen_id) if order.state == S.PAYMENT_REDIRECT else None
    ordering.cancel_order(convo, order)
    if convo.person.active_order_id == order.id:
        convo.person.active_order_id = None
    if kitchen is None:
        convo.say("Order {ref} is cancelled. No money was taken.", ref=order.reference)
        return
    convo.say(
        "Order {ref} is cancelled. If you already paid {kitchen}, they have been asked to send the money back.",
        ref=order.reference,
        kitchen=kitchen.name,
    )


def paid_command(convo: Conversation, command: Command, order: Order | None) -> None:
    """The donor says they paid: the kitchen is asked to confirm; only its PAID moves the order on."""
    order = own_order(convo, command, order)
    if order is None:
        return
    if order.state != S.PAYMENT_REDIRECT:
        convo.say(
            "Order {ref} is {status}, so {verb} does not apply now.",
            ref=order.reference,
            status=ordering.status_name(convo, convo.person, order),
            verb="PAID",
        )
        return
    order.claim_paid(convo.now)
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    convo.notify(
        convo.uow.people.get(kitchen.person_id),
        "The donor says they paid {amount} for order {ref}. Please check your UPI app and reply PAID {ref} "
        "when the money is there.",
        amount=format_rupees(order.amount_paise),
        ref=order.reference,
    )
    convo.say(
        "Thank you. We asked {kitchen} to confirm your payment for order {ref}.",
        kitchen=kitchen.name,
        ref=order.reference,
    )


def history_command(convo: Conversation, command: Command, order: Order | None) -> None:
    orders = convo.uow.orders.for_donor(convo.person.id, limit=5)
    if not orders:
        convo.say("You have no orders yet. Send a photo of a hungry person to start.")
        return
    lines = [
        f"{past.reference} · {convo.when(past.created_at)} · {ordering.status_name(convo, convo.person, past)}"
        for past in orders
    ]
    convo.say("Your last orders:\n{orders}", orders="\n".join(lines))


def help_command(convo: Conversation, command: Command, order: Order | None) -> None:
    short_help(convo)


def language_command(convo: Conversation, command: Command, order: Order | None) -> None:
    """LANG TA sets the language; a bare LANG (or LANG with a name we do not speak) shows the menu."""
    wanted = parse_language(command.rest)
    if wanted is not None:
        onboarding.set_language(convo, wanted)
        return
    onboarding.show_language_menu(convo)


def vendor_command(convo: Conversation, command: Command, order: Order | None) -> None:
    """A donor who runs a kitchen registers it from the same number."""
    registration.start(convo)
