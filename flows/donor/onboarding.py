"""The donor's first messages: a language, then consent; a photo sent before then is kept for after."""

from __future__ import annotations

from domain.commands import is_yes
from domain.orders import Order
from flows.conversation import Conversation
from flows.donor import meal
from flows.i18n import t
from flows.messages import Inbound
from flows.texts import LANGUAGE_MENU

PENDING_PHOTO = "pending_photo_id"  # the key in the person's draft


def welcome(convo: Conversation) -> None:
    """Shown before a language is chosen, so it speaks all three."""
    lines = [t("en", "Welcome to Ketpaar. We help you buy a meal for a hungry person near you.")]
    lines += [
        t(code, "Reply {number} for {language}.", number=number, language=name) for number, code, name in LANGUAGE_MENU
    ]
    convo.uow.outbox.send(convo.person.address, "\n".join(lines))


def keep_photo(convo: Conversation, msg: Inbound) -> None:
    """A photo sent before onboarding is done waits in the draft, to start the order after it."""
    if msg.has_photo:
        convo.person.draft = {**convo.person.draft, PENDING_PHOTO: msg.photo_ids[0]}


def take_kept_photo(convo: Conversation) -> int | None:
    kept = convo.person.draft.get(PENDING_PHOTO)
    convo.person.draft = {key: value for key, value in convo.person.draft.items() if key != PENDING_PHOTO}
    return kept


def choose_language(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    keep_photo(convo, msg)
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
    keep_photo(convo, msg)
    if not is_yes(msg.text):
        ask_consent(convo)
        return
    convo.person.consent_at = convo.now
    kept = take_kept_photo(convo)
    if kept:
        meal.start_order(convo, kept)
    else:
        convo.say("Thank you. When you meet someone hungry, send a photo of them, then share your location.")
