"""What a person on SMS reads: the short form of a text where the WhatsApp one is too long or speaks of
links and photos, and the rules that make any text fit.

Tamil and Hindi go as UCS-2, 67 characters a part; a reply may take two parts (134 characters).
The WhatsApp texts run to three or four parts in Tamil, so shared steps (the kitchen list, the
kitchen's answers, the payment) stay channel-neutral and `Conversation` swaps in the short form
for an SMS person. tests/unit/test_sms_texts.py counts the parts of every text an SMS person may
read, in each language, with the longest values below, and checks every key is a text the flows send.
"""

from __future__ import annotations

import logging

from flows.i18n import N_, t

log = logging.getLogger(__name__)

# Longer values are cut to these lengths in an SMS, so that a text's parts can be counted.
CLIPPED = {"kitchen": 16, "next": 16, "name": 16, "place": 48, "address": 28, "note": 60, "busier": 30}
# Values that must reach the person whole, in one part: a reference and a UPI ID are typed back.
WHOLE = ("ref", "upi")

# Texts written for SMS in the first place (the SMS donor's steps, an SMS kitchen's request).
NATIVE: set[str] = set()


def native(message: str) -> str:
    """Marks a text as written for SMS: sent as it is. Use as `native(N_("..."))`, so Babel finds it."""
    NATIVE.add(message)
    return message


# How an SMS donor pays: the UPI ID as text (no link can be tapped), and paying from a feature phone.
PAY_BY_UPI = native(N_("{kitchen} accepted order {ref}. Pay {amount} by UPI to:\n{upi}\nWrite {ref} in the UPI note."))
UPI_123PAY = native(N_("No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone."))

# The WhatsApp text (exactly as the flows write it) → what an SMS person reads instead.
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "Order {ref}: kitchens near you that can cook now:\n{kitchens}\nReply with a number to choose.": (
        N_("Kitchens near you:\n{kitchens}\nReply with a number."),
    ),
    "{number}. {name}: {price}, {distance}": (N_("{number}. {name} {price} {distance}"),),
    "We asked {kitchen} to cook the meal ({price}). They have {minutes} minutes to answer.": (
        N_("We asked {kitchen} to cook the meal ({price}). They answer within {minutes} min."),
    ),
    "Please reply with a number from 1 to {count} to choose a kitchen, or send CANCEL.": (
        N_("Reply with a number from 1 to {count}, or send CANCEL."),
    ),
    # Waiting for a kitchen to free up, and the next kitchen asked (flows/kitchen_search.py).
    "No kitchen near this spot can cook order {ref} now. We keep the order and its photo, and will tell you "
    "when a kitchen can, within {wait} minutes. You may also share another location, or send CANCEL.": (
        N_(
            "No kitchen near can cook order {ref} now. We will tell you when one can, within {wait} min. "
            "Or send CANCEL."
        ),
    ),
    "No other kitchen near you can cook now. We keep the order and will tell you when one can, "
    "within {wait} minutes. You may also share another location, or send CANCEL.": (
        N_("No other kitchen near can cook now. We will tell you when one can, within {wait} min. Or send CANCEL."),
    ),
    "No kitchen near order {ref} could cook in {wait} minutes, so it is closed. No money was taken. "
    "Send a new photo when you want to try again.": (
        N_("No kitchen could cook order {ref} in {wait} min, so it is closed. No money was taken."),
    ),
    "{kitchen} can cook now: we asked them to cook order {ref} ({price}, {distance} away). "
    "They have {minutes} minutes to answer.": (
        N_("{kitchen} can cook now: we asked them to cook order {ref} ({price}). They answer within {minutes} min."),
    ),
    "We asked {next} to cook it instead ({price}, {distance} away). They have {minutes} minutes to answer.": (
        N_("We asked {next} instead ({price}). They answer within {minutes} min."),
    ),
    "To choose another kitchen instead, reply with its number:\n{kitchens}": (
        N_("Or choose another kitchen by its number:\n{kitchens}"),
    ),
    "We had no answer from you in {minutes} minutes, so order {ref} is no longer yours. Please do not cook it.": (
        N_("No answer in {minutes} min, so order {ref} is no longer yours. Do not cook it."),
    ),
    "{kitchen} can no longer cook order {ref}. Please do not pay {kitchen}; if you already did, "
    "ask them to send it back.": (
        N_("{kitchen} cannot cook order {ref}. Do not pay it; if you did, ask for the money back."),
    ),
    "{kitchen} accepted order {ref}. Please pay {amount} directly to the kitchen by UPI: {link}\n"
    "Ketpaar never holds your money.": (
        PAY_BY_UPI,
        UPI_123PAY,
    ),
    "The meal for order {ref} was delivered.\nHow was {kitchen}? Reply with a number from 1 to 5.": (
        N_("The meal for order {ref} was handed over. How was {kitchen}? Reply 1 to 5."),
    ),
    "Order {ref} is closed: no payment reached {kitchen} in {minutes} minutes. Send a new photo to start again.": (
        N_("Order {ref} is closed: {kitchen} got no payment in {minutes} min. Send FEED to start again."),
    ),
    "You have no orders yet. Send a photo of a hungry person to start.": (
        N_("You have no orders yet. Send FEED and a place to start."),
    ),
    "Kitchen commands: ACCEPT <ref>, DECLINE <ref>, PAID <ref>, READY <ref>, DELIVERED <ref> (with a photo), "
    "FAILED <ref> UNSAFE / NOT FOUND / REFUSED, CAPACITY <meals>, HOURS 11-14,18-21, STATUS, LANG.": (
        N_(
            "Reply ACCEPT, DECLINE, PAID, READY, DELIVERED or FAILED with the order code. "
            "Also: CAPACITY, HOURS, STATUS."
        ),
    ),
    "{kitchen} can no longer take orders, so your order needs another kitchen. "
    "Please do not pay {kitchen}; if you already did, ask them to send it back.": (
        N_("{kitchen} stopped taking orders. Do not pay it; if you did, ask for the money back."),
    ),
    "{kitchen} can no longer take orders, so your order needs another kitchen.": (
        N_("{kitchen} stopped taking orders. Choose another kitchen."),
    ),
    "Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref} with a photo.": (
        N_("Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref}."),
    ),
    "The donor says they paid {amount} for order {ref}. Please check your UPI app and reply PAID {ref} "
    "when the money is there.": (
        N_("The donor says they paid {amount} for order {ref}. If it came, reply PAID {ref}."),
    ),
    # Reasons a spot is not safe, as one SMS has room for.
    "isolated: no shops or bus stops within 100 m": (N_("no shops or bus stop near"),),
    "dusk or dawn, little light": (N_("little light"),),
    "type of place not known": (N_("kind of place not known"),),
    "{failed} of the last {total} deliveries here failed": (N_("{failed} of {total} deliveries failed here"),),
    "Order {ref} was cancelled by the donor before you confirmed payment. Please do not cook it. "
    "If the donor's money reached you, please send it back.": (
        N_("Order {ref} was cancelled. Do not cook it. If the donor's money reached you, send it back."),
    ),
}

# Texts of the shared steps that an SMS person reads as they are: short enough in every language.
AS_IS = frozenset(
    {
        "Sorry, {kitchen} has no meal left just now.",
        "{kitchen} did not answer order {ref} in {minutes} minutes.",
        "{kitchen} cannot cook order {ref}.",
        "{kitchen} received your payment for order {ref}. The meal is being cooked.",
        "The meal for order {ref} is on its way.",
        "Sorry, {kitchen} could not deliver the meal for order {ref}.",
        "Order {ref}: {status}. Kitchen: {kitchen}.",
        "We are still checking the spot for order {ref}. Please wait a moment.",
        "How was the meal for order {ref}? Reply with a number from 1 to 5.",
        "You have no open order.",
        "There is no order {ref} of yours. Please check the reference.",
        "Order {ref} can no longer be cancelled: {status}.",
        "Order {ref} is cancelled. No money was taken.",
        "Order {ref} is cancelled. If you already paid {kitchen}, they have been asked to send the money back.",
        "Order {ref} is {status}, so {verb} does not apply now.",
        "Thank you. We asked {kitchen} to confirm your payment for order {ref}.",
        "The kitchen has not yet confirmed your payment for order {ref}. Our team will check it with them.",
        "Language changed.",
        "Noted: you declined order {ref}.",
        "The donor will pay {amount} to {upi}. When it arrives, reply PAID {ref}.",
        "Noted: order {ref} could not be delivered.",
        "Order {ref} is closed: the donor did not pay in {minutes} minutes. Please do not cook it.",
        "Order {ref} was cancelled by the donor. Please do not cook it.",
        "There is no order {ref}. Please check the reference.",
        "Order {ref} is not one of yours.",
        "Sorry, something went wrong on our side. Please try again in a minute.",
        "You are sending messages very fast. Please wait a minute; your messages are kept.",
    }
)


def short_forms(message: str, whole_text: bool = True) -> tuple[str, ...]:
    """The texts an SMS person reads for this one: its short forms, or itself."""
    known = message in SHORT_FORMS or message in AS_IS or message in NATIVE
    if whole_text and not known:
        # Not an error: the person still reads it. A log line shows which text needs a short form.
        log.warning("no SMS form for %r", message[:60])
    return SHORT_FORMS.get(message, (message,))


def clipped(values: dict[str, object]) -> dict[str, object]:
    return {name: clip(str(value), CLIPPED[name]) if name in CLIPPED else value for name, value in values.items()}


def clip(value: str, most: int) -> str:
    """At most `most` characters, cut at a word where there is one ("T. Nagar Bus Terminus, Chennai" at 28:
    "T. Nagar Bus Terminus")."""
    if len(value) <= most:
        return value
    cut = value[:most]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-")


def words(language: str, message: str, **values: object) -> str:
    """A piece of a text (a line of a list), translated and clipped, not yet fitted into parts."""
    return "\n".join(t(language, short, **clipped(values)) for short in short_forms(message, whole_text=False))


def whole(values: dict[str, object]) -> tuple[str, ...]:
    """The values no SMS part boundary may cut: the outbox fits the text into parts around them."""
    return tuple(str(values[name]) for name in WHOLE if name in values)


def joined(language: str, messages: tuple[str, ...], **values: object) -> str:
    """Several texts read as one, a line each, each in its short form (the outbox fits it into parts)."""
    return "\n".join(t(language, short, **clipped(values)) for message in messages for short in short_forms(message))


def bodies(language: str, message: str, **values: object) -> list[str]:
    """The texts that carry this one on SMS: each short form, translated and clipped (the outbox fits them)."""
    return [t(language, short, **clipped(values)) for short in short_forms(message)]
