"""The donor's conversation: a photo and a pin in, a delivered meal out.

The donor's step is derived from what is stored (language, consent, the open order's
status), never kept beside it, so a kitchen's reply or a job cannot leave it stale.
See donor.mmd beside this file for the diagram.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from domain.commands import DONOR_VERBS, Command, is_yes, parse_choice, parse_command
from domain.duplicates import FaceVerdict
from domain.geo import BadCoordinates, in_india, parse_point
from domain.hours import india_day
from domain.jobs import Job
from domain.money import format_rupees
from domain.orders import CANCELLABLE, Order, new_reference
from domain.orders import OrderStatus as S
from domain.people import LANGUAGES
from flows import checks, ordering, registration, seeker_photo
from flows.conversation import Conversation
from flows.i18n import N_, t
from flows.messages import Inbound, MediaProblem
from flows.texts import LANGUAGE_MENU


class DonorStep(StrEnum):
    CHOOSE_LANGUAGE = "choose_language"
    CONSENT = "consent"
    IDLE = "idle"
    PHOTO_CONSENT = "photo_consent"
    AWAIT_PIN = "await_pin"
    CHECKING = "checking"
    DUPLICATE_NUDGE = "duplicate_nudge"
    CHOOSE_KITCHEN = "choose_kitchen"
    AWAIT_KITCHEN = "await_kitchen"
    AWAIT_PAYMENT = "await_payment"
    ON_THE_WAY = "on_the_way"
    RATE = "rate"


_BY_STATUS = {
    S.CREATED: DonorStep.AWAIT_PIN,
    S.SAFETY_REJECTED: DonorStep.AWAIT_PIN,
    S.SAFETY_CHECK: DonorStep.CHECKING,
    S.PAYMENT_REDIRECT: DonorStep.AWAIT_PAYMENT,
    S.PAYMENT_CONFIRMED: DonorStep.ON_THE_WAY,
    S.IN_TRANSIT: DonorStep.ON_THE_WAY,
    S.DELIVERED: DonorStep.RATE,
}


def active_order(convo: Conversation) -> Order | None:
    order_id = convo.person.active_order_id
    order = convo.uow.orders.get(order_id) if order_id else None
    return order if order is not None and order.is_open else None


def donor_step(convo: Conversation, order: Order | None) -> DonorStep:
    person = convo.person
    if not person.language_chosen:
        return DonorStep.CHOOSE_LANGUAGE
    if person.consent_at is None:
        return DonorStep.CONSENT
    if order is None:
        return DonorStep.IDLE
    if order.photo_state == checks.AWAITING_CONSENT:
        return DonorStep.PHOTO_CONSENT
    if order.state == S.SAFETY_CHECK and order.duplicate_answer == "asked":
        return DonorStep.DUPLICATE_NUDGE
    if order.state == S.VENDOR_SELECTION:
        return DonorStep.AWAIT_KITCHEN if order.kitchen_id else DonorStep.CHOOSE_KITCHEN
    return _BY_STATUS[order.state]


# ---- onboarding -------------------------------------------------------------------------


def welcome(convo: Conversation) -> None:
    """Shown before a language is chosen, so it speaks all three."""
    lines = [t("en", "Welcome to Ketpaar. We help you buy a meal for a hungry person near you.")]
    lines += [
        t(code, "Reply {number} for {language}.", number=number, language=name) for number, code, name in LANGUAGE_MENU
    ]
    convo.uow.outbox.send(convo.person.address, "\n".join(lines))


def choose_language(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    if msg.has_photo:
        convo.person.draft = {**convo.person.draft, "pending_photo_id": msg.photo_ids[0]}
    choice = {number: code for number, code, _ in LANGUAGE_MENU}.get(msg.text.strip())
    if choice is None:
        welcome(convo)
        return
    convo.person.language = choice
    convo.person.language_chosen = True
    if convo.person.consent_at is None:
        ask_consent(convo)
    else:
        convo.say("Language changed.")


def ask_consent(convo: Conversation) -> None:
    convo.say(
        "Before we start: Ketpaar uses the photo you send only so the kitchen can find the person, "
        "and deletes it after 30 days. Your location pin is used only to find kitchens near you. "
        "Please take a photo only if the person agrees. Reply YES to agree."
    )


def give_consent(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    if msg.has_photo:
        convo.person.draft = {**convo.person.draft, "pending_photo_id": msg.photo_ids[0]}
    if not is_yes(msg.text):
        ask_consent(convo)
        return
    convo.person.consent_at = convo.now
    pending = convo.person.draft.get("pending_photo_id")
    convo.person.draft = {key: value for key, value in convo.person.draft.items() if key != "pending_photo_id"}
    if pending:
        start_order(convo, pending)
    else:
        convo.say("Thank you. When you meet someone hungry, send a photo of them, then share your location.")


# ---- the meal ----------------------------------------------------------------------------


def start_order(convo: Conversation, photo_id: int) -> None:
    reference = new_reference()
    while convo.uow.orders.reference_taken(reference):
        reference = new_reference()
    order = Order(reference=reference, donor_id=convo.person.id, created_at=convo.now)
    order.record_creation()
    convo.uow.orders.add(order)
    convo.person.active_order_id = order.id
    convo.say("Photo received. Your order is {ref}.", ref=reference)
    if seeker_photo.attach_photo(convo, order, photo_id):
        ordering.ask_pin(convo, order)


def idle(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    if msg.has_photo:
        start_order(convo, msg.photo_ids[0])
    elif msg.pin is not None:
        convo.say("Please send a photo of the person first, then the location.")
    else:
        short_help(convo)


def take_pin(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo and seeker_photo.takes_new_photo(order):
        seeker_photo.replace_photo(convo, order, msg.photo_ids[0])
        return
    if msg.has_photo:
        convo.say(
            "We already have a photo for order {ref}. Now please share the location. To start again, send CANCEL.",
            ref=order.reference,
        )
        return
    if msg.pin is None:
        convo.say("Order {ref} needs the location. Please share your location pin.", ref=order.reference)
        return
    try:
        point = parse_point(msg.pin.lat, msg.pin.lng)
    except BadCoordinates:
        convo.say("That location could not be read. Please share your location pin again.")
        return
    if not in_india(point):
        convo.say("That location is outside India. Ketpaar works only in India. Please share where you are.")
        return
    order.lat, order.lng = point.lat, point.lng
    order.place_label, order.place_address = msg.pin.label, msg.pin.address
    order.safety_passed = None
    order.move_to(S.SAFETY_CHECK, convo.now, "location received")
    convo.uow.later(Job.ASSESS_SAFETY, order.id)
    convo.say("Thank you. We are checking that the spot is safe for a delivery (order {ref}).", ref=order.reference)


def still_checking(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo and seeker_photo.takes_new_photo(order):
        seeker_photo.replace_photo(convo, order, msg.photo_ids[0])
        return
    if order.photo_id is None and order.face_verdict == FaceVerdict.MANY_FACES:
        convo.say("Order {ref} needs a photo of just the person you are helping.", ref=order.reference)
        return
    convo.say("We are still checking the spot for order {ref}. Please wait a moment.", ref=order.reference)


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
    usable = kitchen.verified and kitchen.is_open_at(convo.now)
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
        minutes=ordering.KITCHEN_ANSWER_MINUTES,
    )


def waiting(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo:
        convo.say(
            "Order {ref} is already under way. To start a new one, first send CANCEL or wait until it is done.",
            ref=order.reference,
        )
        return
    status(convo, order)


def rate_kitchen(convo: Conversation, msg: Inbound, order: Order) -> None:
    stars = parse_choice(msg.text, 5)
    if stars is None:
        if msg.has_photo:
            order.move_to(S.COMPLETED, convo.now, "not rated")
            convo.person.active_order_id = None
            start_order(convo, msg.photo_ids[0])
            return
        convo.say("How was the meal for order {ref}? Reply with a number from 1 to 5.", ref=order.reference)
        return
    order.rating = stars
    convo.uow.kitchens.get(order.kitchen_id).add_rating(stars)
    order.move_to(S.COMPLETED, convo.now, f"rated {stars}")
    convo.person.active_order_id = None
    convo.say(
        "Thank you! Order {ref} is complete. Send a new photo whenever you meet someone hungry.", ref=order.reference
    )


# ---- commands ----------------------------------------------------------------------------


def short_help(convo: Conversation) -> None:
    convo.say(
        "To buy a meal for someone: send their photo, then your location.\n"
        "Commands: STATUS, CANCEL, HISTORY, LANG, HELP. Kitchens can join with VENDOR."
    )


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


def status(convo: Conversation, order: Order) -> None:
    kitchen = convo.uow.kitchens.get(order.kitchen_id) if order.kitchen_id else None
    convo.say(
        "Order {ref}: {status}. Kitchen: {kitchen}.",
        ref=order.reference,
        status=ordering.status_name(convo, convo.person, order),
        kitchen=kitchen.name if kitchen else "-",
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
    ordering.cancel_order(convo, order)
    if convo.person.active_order_id == order.id:
        convo.person.active_order_id = None
    convo.say("Order {ref} is cancelled. No money was taken.", ref=order.reference)


def history_command(convo: Conversation, command: Command, order: Order | None) -> None:
    orders = convo.uow.orders.for_donor(convo.person.id, limit=5)
    if not orders:
        convo.say("You have no orders yet. Send a photo of a hungry person to start.")
        return
    lines = [
        f"{past.reference} · {past.created_at:%d %b} · {ordering.status_name(convo, convo.person, past)}"
        for past in orders
    ]
    convo.say("Your last orders:\n{orders}", orders="\n".join(lines))


def language_command(convo: Conversation, command: Command, order: Order | None) -> None:
    wanted = (command.reference or "").lower()
    if wanted in LANGUAGES:
        convo.person.language = wanted
        convo.say("Language changed.")
        return
    convo.person.language_chosen = False
    welcome(convo)


Handler = Callable[[Conversation, Inbound, Order | None], None]

DONOR_FLOW: dict[DonorStep, Handler] = {
    DonorStep.CHOOSE_LANGUAGE: choose_language,
    DonorStep.CONSENT: give_consent,
    DonorStep.IDLE: idle,
    DonorStep.AWAIT_PIN: take_pin,
    DonorStep.PHOTO_CONSENT: seeker_photo.photo_consent,
    DonorStep.CHECKING: still_checking,
    DonorStep.DUPLICATE_NUDGE: seeker_photo.answer_nudge,
    DonorStep.CHOOSE_KITCHEN: choose_kitchen,
    DonorStep.AWAIT_KITCHEN: waiting,
    DonorStep.AWAIT_PAYMENT: waiting,
    DonorStep.ON_THE_WAY: waiting,
    DonorStep.RATE: rate_kitchen,
}

DONOR_COMMANDS: dict[str, Callable[[Conversation, Command, Order | None], None]] = {
    "STATUS": status_command,
    "CANCEL": cancel_command,
    "HISTORY": history_command,
    "HELP": lambda convo, command, order: short_help(convo),
    "LANG": language_command,
    "VENDOR": lambda convo, command, order: registration.start(convo),
}

MEDIA_PROBLEMS = {
    MediaProblem.NOT_AN_IMAGE: N_("That file is not a photo. Please send a JPEG, PNG or WebP photo."),
    MediaProblem.TOO_LARGE: N_("That photo is too large. Please send a photo under 16 MB."),
    MediaProblem.DAMAGED: N_("That photo is damaged or cut off. Please send it again."),
    MediaProblem.TOO_MANY_PIXELS: N_("That image is far too big to open. Please send a normal photo from your camera."),
    MediaProblem.UNREADABLE: N_("We could not open that photo. Please send it again."),
}


def handle(convo: Conversation, msg: Inbound) -> None:
    order = active_order(convo)
    step = donor_step(convo, order)
    if msg.media_problem is not None and step != DonorStep.CHOOSE_LANGUAGE:
        convo.say(MEDIA_PROBLEMS[msg.media_problem])
        return
    command = parse_command(msg.text, DONOR_VERBS) if not msg.has_photo else None
    onboarded = step not in (DonorStep.CHOOSE_LANGUAGE, DonorStep.CONSENT)
    if command is not None and (onboarded or command.verb in ("LANG", "VENDOR")):
        DONOR_COMMANDS[command.verb](convo, command, order)
        return
    DONOR_FLOW[step](convo, msg, order)
