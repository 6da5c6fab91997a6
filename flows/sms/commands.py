"""What an SMS donor may type at any step, the first reply to a new number, and the replies to waiting."""

from __future__ import annotations

from domain.commands import Command, parse_choice
from domain.money import format_rupees
from domain.orders import Order
from domain.orders import OrderStatus as S
from domain.people import parse_language
from flows import ordering
from flows.conversation import Conversation
from flows.donor import commands as donor_commands
from flows.i18n import N_, t
from flows.messages import Inbound
from flows.sms import feed
from flows.sms.texts import PAY_BY_UPI, UPI_123PAY, native

WELCOME = native(
    N_("Ketpaar buys a meal for a hungry person near you. Send FEED, the PIN code and a landmark, like: {example}")
)
PRIVACY = native(
    N_("The place and your NOTE go only to the kitchen; a NOTE is deleted after 30 days. STOP ends messages.")
)
LANGUAGE_LINE = native(N_("For {language}, send LANG {code}"))
HELP = native(
    N_("To buy a meal, send FEED, the PIN code and a landmark. Also: NOTE, STOP, STATUS, CANCEL, PAID, LANG.")
)
GIVING_HELP = native(N_("Give ahead: CREDIT 10 AMMA, PLEDGE 600 MONTH, GIVE <ref> 20, IMPACT. Cannot pay? USE PLEDGE."))
OTHER_LANGUAGES = (("ta", "தமிழ்"), ("hi", "हिन्दी"))


def welcome(convo: Conversation) -> None:
    """A new number's first reply: what to send and what is kept, then the other languages in their own script.

    Sending FEED after this is the donor's consent: no photo is taken, so nobody else is asked.
    """
    convo.person.consent_at = convo.now
    convo.person.language_chosen = True
    intro = convo.phrase(WELCOME, example=feed.EXAMPLE) + "\n" + convo.phrase(PRIVACY)
    convo.say_text(intro)
    convo.say_text(language_lines(OTHER_LANGUAGES))


def language_lines(languages: tuple[tuple[str, str], ...]) -> str:
    """One line per language, each in its own language and script."""
    return "\n".join(t(code, LANGUAGE_LINE, language=name, code=code.upper()) for code, name in languages)


def help_command(convo: Conversation, command: Command | None = None, order: Order | None = None) -> None:
    convo.say(HELP)
    convo.say(GIVING_HELP)


def language_command(convo: Conversation, command: Command, order: Order | None) -> None:
    wanted = parse_language(command.rest)
    if wanted is None:
        convo.say_text(language_lines((("en", "English"), *OTHER_LANGUAGES)))
        return
    convo.person.language = wanted
    convo.say("Language changed.")


def status_command(convo: Conversation, command: Command, order: Order | None) -> None:
    if command.reference is None and order is None:
        recent = convo.uow.orders.for_donor(convo.person.id, limit=1)
        order = recent[0] if recent else None
        if order is None:
            convo.say("You have no orders yet. Send a photo of a hungry person to start.")
            return
    order = donor_commands.own_order(convo, command, order)
    if order is not None:
        status(convo, order)


def status(convo: Conversation, order: Order) -> None:
    kitchen = convo.uow.kitchens.get(order.kitchen_id) if order.kitchen_id else None
    convo.say(
        "Order {ref}: {status}. Kitchen: {kitchen}.",
        ref=order.reference,
        status=ordering.status_name(convo, convo.person, order),
        kitchen=kitchen.name if kitchen else "-",
    )
    if order.state == S.PAYMENT_REDIRECT and kitchen is not None:
        values = {"kitchen": kitchen.name, "ref": order.reference, "upi": kitchen.upi_vpa}
        convo.say(PAY_BY_UPI, amount=format_rupees(order.amount_paise), **values)
        convo.say(UPI_123PAY)


def waiting(convo: Conversation, msg: Inbound, order: Order) -> None:
    status(convo, order)


def still_checking(convo: Conversation, msg: Inbound, order: Order) -> None:
    convo.say("We are still checking the spot for order {ref}. Please wait a moment.", ref=order.reference)


def rate_kitchen(convo: Conversation, msg: Inbound, order: Order) -> None:
    stars = parse_choice(msg.text, 5)
    if stars is None:
        convo.say("How was the meal for order {ref}? Reply with a number from 1 to 5.", ref=order.reference)
        return
    order.rate(stars, convo.now)
    convo.uow.kitchens.add_rating(order.kitchen_id, stars)
    convo.person.active_order_id = None
    # Nothing back, as on WhatsApp (flows.donor.meal.rate_kitchen).


def idle(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    help_command(convo)
