"""The donor's first messages: a language, then consent; a photo sent before then is kept for after.

The language menu is shown on first contact and on a bare LANG. The message after it may name a
language in any way (1, TA, Tamil, தமிழ், LANG TA); after a bare LANG anything else is handled as if
the menu had not been shown, in the language kept.
"""

from __future__ import annotations

from domain.commands import is_no, is_yes
from domain.orders import Order
from domain.people import LANGUAGE_MENU, PENDING_PHOTO, Person, parse_language
from domain.privacy import Consent, ConsentKind, text_version
from flows.conversation import Conversation
from flows.donor import commands, meal
from flows.i18n import N_, t
from flows.messages import Inbound
from flows.texts import NOT_UNDERSTOOD

CONSENT = N_(
    "Before we start: Ketpaar uses the photo you send only so the kitchen can find the person, "
    "and deletes it after 30 days. Your location pin is used only to find kitchens near you. "
    "Please take a photo only if the person agrees. Send MY DATA to see what we keep, "
    "or DELETE MY DATA to erase it. Reply YES to agree."
)
# Changing the text above changes this, and every donor is asked to agree again.
CONSENT_VERSION = text_version(CONSENT)


def has_consented(person: Person) -> bool:
    """Agreed to the consent text as it is now, not to an earlier one."""
    return person.consent_at is not None and person.consent_version == CONSENT_VERSION


LANGUAGE_MENU_SHOWN = "language_menu"  # the person's step after a bare LANG, for one message
CONSENT_NEEDED = N_("We need your agreement to go on: without it we cannot use a photo or a location.")
PHOTO_KEPT = N_("We keep your photo and use it once you agree.")


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


def show_language_menu(convo: Conversation) -> None:
    convo.person.step = LANGUAGE_MENU_SHOWN
    welcome(convo)


def answered_language_menu(convo: Conversation, msg: Inbound) -> bool:
    """The message after a bare LANG: True when it named a language, which is now set.

    Anything else closes the menu and is left to be handled as usual, in the language kept:
    the menu must never swallow a photo, a pin or a command.
    """
    if convo.person.step != LANGUAGE_MENU_SHOWN:
        return False
    convo.person.step = ""
    wanted = parse_language(msg.text) if not (msg.has_photo or msg.pin) else None
    if wanted is None:
        return False
    set_language(convo, wanted)
    return True


def set_language(convo: Conversation, language: str) -> None:
    """The first choice goes on to consent, asked in the new language; a later one is confirmed."""
    convo.person.language = language
    convo.person.language_chosen = True
    if not has_consented(convo.person):
        ask_consent(convo)
    else:
        convo.say("Language changed.")


def choose_language(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    """First contact: the menu is shown before anything is read as a language, since "hi" is a greeting."""
    keep_photo(convo, msg)
    show_language_menu(convo)


def ask_consent(convo: Conversation, before: str | None = None) -> None:
    convo.say_lines(*([before] if before else []), CONSENT)


def give_consent(convo: Conversation, msg: Inbound, order: Order | None) -> None:
    keep_photo(convo, msg)
    if is_no(msg.text):
        ask_consent(convo, CONSENT_NEEDED)
        return
    if msg.has_photo:
        ask_consent(convo, PHOTO_KEPT)
        return
    if not is_yes(msg.text):
        ask_consent(convo, NOT_UNDERSTOOD if msg.text.strip() else None)
        return
    person = convo.person
    person.consent_at, person.consent_version = convo.now, CONSENT_VERSION
    convo.uow.consents.record(Consent(person.id, ConsentKind.SERVICE, convo.now, version=CONSENT_VERSION))
    kept = take_kept_photo(convo)
    if order is not None:  # agreed again to a changed text, with an order on its way
        convo.say("Thank you.")
        commands.status(convo, order)
    elif kept:
        meal.start_order(convo, kept)
    else:
        convo.say("Thank you. When you meet someone hungry, send a photo of them, then share your location.")
