"""A kitchen joins over WhatsApp: VENDOR, then name, kind, pin, FSSAI number, UPI ID and price.

Each step asks one question; the answers collect in the person's draft until the last one
creates the kitchen, unverified, to wait for an admin.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.commands import parse_choice, read_number
from domain.kitchens import KITCHEN_KINDS, Kitchen, valid_fssai, valid_vpa
from domain.money import rupees_to_paise
from flows.conversation import Conversation
from flows.i18n import N_
from flows.messages import Inbound
from flows.pins import read_pin
from flows.texts import KIND_NAMES

PREFIX = "register:"
MAX_PRICE_RUPEES = 500

QUESTIONS = {
    "name": N_("What is the name of your kitchen?"),
    "kind": N_("What kind of kitchen is it? Reply with a number:\n{kinds}"),
    "pin": N_("Please share the location of your kitchen (a location pin)."),
    "fssai": N_("What is your 14-digit FSSAI licence or registration number?"),
    "upi": N_("What is your UPI ID (like name@bank)? Donors pay you there directly."),
    "price": N_("What do you charge for one meal, in rupees? (for example 60)"),
}
ORDER = list(QUESTIONS)


def ask(convo: Conversation, step: str) -> None:
    convo.person.step = PREFIX + step
    names = [convo.phrase(KIND_NAMES[kind]) for kind in KITCHEN_KINDS]
    kinds = "\n".join(f"{number}. {name}" for number, name in enumerate(names, start=1))
    convo.say(QUESTIONS[step], kinds=kinds)


def start(convo: Conversation) -> None:
    if convo.uow.kitchens.for_person(convo.person.id) is not None:
        convo.say("This number is already registered as a kitchen. Send HELP for kitchen commands.")
        return
    convo.person.draft = {}
    convo.say("Welcome! Let us register your kitchen. Send CANCEL at any time to stop.")
    ask(convo, ORDER[0])


def take_name(convo: Conversation, msg: Inbound) -> str | None:
    name = " ".join(msg.text.split())
    if not 2 <= len(name) <= 80:
        convo.say("Please send the kitchen's name (2 to 80 letters).")
        return None
    return name


def take_kind(convo: Conversation, msg: Inbound) -> str | None:
    choice = parse_choice(msg.text, len(KITCHEN_KINDS))
    if choice is None:
        convo.say("Please reply with a number from 1 to {count}.", count=len(KITCHEN_KINDS))
        return None
    return KITCHEN_KINDS[choice - 1].value


def take_pin(convo: Conversation, msg: Inbound) -> list[float] | None:
    if msg.pin is None:
        convo.say("Please share the location pin of your kitchen.")
        return None
    point = read_pin(convo, msg.pin)
    return None if point is None else [point.lat, point.lng]


def take_fssai(convo: Conversation, msg: Inbound) -> str | None:
    if not valid_fssai(msg.text.strip()):
        convo.say("An FSSAI number has 14 digits. Please check and send it again.")
        return None
    return msg.text.strip().replace(" ", "")


def take_upi(convo: Conversation, msg: Inbound) -> str | None:
    if not valid_vpa(msg.text):
        convo.say("That does not look like a UPI ID. It looks like name@bank. Please send it again.")
        return None
    return msg.text.strip()


def take_price(convo: Conversation, msg: Inbound) -> int | None:
    rupees = read_number(msg.text.strip().lstrip("₹").strip())
    if rupees is None or not 1 <= rupees <= MAX_PRICE_RUPEES:
        convo.say("Please send the price of one meal in whole rupees, from 1 to {max}.", max=MAX_PRICE_RUPEES)
        return None
    return rupees_to_paise(rupees)


ANSWERS: dict[str, Callable[[Conversation, Inbound], object]] = {
    "name": take_name,
    "kind": take_kind,
    "pin": take_pin,
    "fssai": take_fssai,
    "upi": take_upi,
    "price": take_price,
}


def finish(convo: Conversation) -> None:
    draft = convo.person.draft
    kitchen = Kitchen(
        name=draft["name"],
        kind=draft["kind"],
        person_id=convo.person.id,
        lat=draft["pin"][0],
        lng=draft["pin"][1],
        upi_vpa=draft["upi"],
        price_paise=draft["price"],
        fssai=draft["fssai"],
        created_at=convo.now,
    )
    convo.uow.kitchens.add(kitchen)
    convo.person.step, convo.person.draft = "", {}
    convo.say(
        "Thank you! {name} is registered. An admin will verify your kitchen soon and we will message you. "
        "Meanwhile send CAPACITY and the meals you can give each day (like CAPACITY 20), "
        "and your hours (like HOURS 11-14,18-21). Now: {hours}.",
        name=kitchen.name,
        hours=kitchen.hours,
    )


def handle(convo: Conversation, msg: Inbound) -> None:
    step = convo.person.step.removeprefix(PREFIX)
    if msg.text.strip().upper() == "CANCEL":
        convo.person.step, convo.person.draft = "", {}
        convo.say("Registration stopped. Send VENDOR to start again.")
        return
    answer = ANSWERS[step](convo, msg)
    if answer is None:
        return
    convo.person.draft = {**convo.person.draft, step: answer}
    following = ORDER.index(step) + 1
    if following < len(ORDER):
        ask(convo, ORDER[following])
    else:
        finish(convo)


def in_progress(convo: Conversation) -> bool:
    return convo.person.step.startswith(PREFIX)
