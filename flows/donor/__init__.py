"""The donor's conversation: a photo and a pin in, a delivered meal out.

The donor's step is derived from what is stored (language, consent, the open order's
status), never kept beside it, so a kitchen's reply or a job cannot leave it stale.
This module declares the steps and the tables; the handlers live in the modules beside it,
one per stage, and `resume` holds what the jobs call back into. See donor.mmd for the diagram.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from domain.commands import DONOR_VERBS, Command, parse_command
from domain.orders import DuplicateAnswer, Funding, Order, PhotoState
from domain.orders import OrderStatus as S
from flows.conversation import Conversation
from flows.donor import commands, kitchen_offers, meal, onboarding, seeker_photo
from flows.giving import campaigns
from flows.giving.commands import BEFORE_ONBOARDING, GIVING_COMMANDS, giving_command
from flows.i18n import N_
from flows.messages import Inbound, MediaProblem


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
    WAIT_FOR_KITCHEN = "wait_for_kitchen"  # none near can cook now; the order is kept
    CAMPAIGN = "campaign"  # SHARE opened a campaign for the meal: no kitchen is asked until it is all promised
    AWAIT_PAYMENT = "await_payment"
    ON_THE_WAY = "on_the_way"
    RATE = "rate"


_BY_STATUS = {
    S.CREATED: DonorStep.AWAIT_PIN,
    S.SAFETY_REJECTED: DonorStep.AWAIT_PIN,
    S.SAFETY_CHECK: DonorStep.CHECKING,
    S.WAITING_FOR_KITCHEN: DonorStep.WAIT_FOR_KITCHEN,
    S.PAYMENT_REDIRECT: DonorStep.AWAIT_PAYMENT,
    S.PAYMENT_CONFIRMED: DonorStep.ON_THE_WAY,
    S.IN_TRANSIT: DonorStep.ON_THE_WAY,
    S.DELIVERED: DonorStep.RATE,
}


def campaign_waits(order: Order) -> bool:
    """A campaign opened for the meal and no kitchen is asked or offered: the donor waits for it to be promised.
    (When its kitchen gives the order up, the donor is offered others again and chooses as usual.)"""
    waiting = order.state == S.VENDOR_SELECTION and order.kitchen_id is None and not order.offered_kitchen_ids
    return waiting and order.funding == Funding.CAMPAIGN


def donor_step(convo: Conversation, order: Order | None) -> DonorStep:
    person = convo.person
    if not person.language_chosen:
        return DonorStep.CHOOSE_LANGUAGE
    if not onboarding.has_consented(person):
        return DonorStep.CONSENT
    if order is None:
        return DonorStep.IDLE
    if order.photo_state == PhotoState.AWAITING_CONSENT:
        return DonorStep.PHOTO_CONSENT
    if order.state == S.SAFETY_CHECK and order.duplicate_answer == DuplicateAnswer.ASKED:
        return DonorStep.DUPLICATE_NUDGE
    if campaign_waits(order):
        return DonorStep.CAMPAIGN
    if order.state == S.VENDOR_SELECTION:
        return DonorStep.AWAIT_KITCHEN if order.kitchen_id else DonorStep.CHOOSE_KITCHEN
    return _BY_STATUS[order.state]


Handler = Callable[[Conversation, Inbound, Order | None], None]

DONOR_FLOW: dict[DonorStep, Handler] = {
    DonorStep.CHOOSE_LANGUAGE: onboarding.choose_language,
    DonorStep.CONSENT: onboarding.give_consent,
    DonorStep.IDLE: meal.idle,
    DonorStep.AWAIT_PIN: meal.take_pin,
    DonorStep.PHOTO_CONSENT: meal.photo_answer,
    DonorStep.CHECKING: meal.still_checking,
    DonorStep.DUPLICATE_NUDGE: seeker_photo.answer_nudge,
    DonorStep.CHOOSE_KITCHEN: kitchen_offers.choose_kitchen,
    DonorStep.AWAIT_KITCHEN: kitchen_offers.await_answer,
    DonorStep.WAIT_FOR_KITCHEN: meal.wait_for_kitchen,
    DonorStep.CAMPAIGN: lambda convo, msg, order: campaigns.waiting(convo, order),
    DonorStep.AWAIT_PAYMENT: meal.waiting,
    DonorStep.ON_THE_WAY: meal.waiting,
    DonorStep.RATE: meal.rate_kitchen,
}

DONOR_COMMANDS: dict[str, Callable[[Conversation, Command, Order | None], None]] = {
    **GIVING_COMMANDS,
    "STATUS": commands.status_command,
    "CANCEL": commands.cancel_command,
    "PAID": commands.paid_command,
    "HISTORY": commands.history_command,
    "HELP": commands.help_command,
    "LANG": commands.language_command,
    "VENDOR": commands.vendor_command,
}

MEDIA_PROBLEMS = {
    MediaProblem.NOT_AN_IMAGE: N_("That file is not a photo. Please send a JPEG, PNG or WebP photo."),
    MediaProblem.TOO_LARGE: N_("That photo is too large. Please send a photo under 16 MB."),
    MediaProblem.DAMAGED: N_("That photo is damaged or cut off. Please send it again."),
    MediaProblem.TOO_MANY_PIXELS: N_("That image is far too big to open. Please send a normal photo from your camera."),
    MediaProblem.UNREADABLE: N_("We could not open that photo. Please send it again."),
    MediaProblem.TOO_MANY_PHOTOS: N_(
        "You have sent many photos this hour, so we did not use this one. Please send it again later."
    ),
}


def handle(convo: Conversation, msg: Inbound) -> None:
    if onboarding.answered_language_menu(convo, msg):
        return
    order = meal.active_order(convo)
    step = donor_step(convo, order)
    if msg.media_problem is not None and step != DonorStep.CHOOSE_LANGUAGE:
        convo.say(MEDIA_PROBLEMS[msg.media_problem])
        return
    command = (giving_command(msg.text) or parse_command(msg.text, DONOR_VERBS)) if not msg.has_photo else None
    onboarded = step not in (DonorStep.CHOOSE_LANGUAGE, DonorStep.CONSENT)
    if command is not None and (onboarded or command.verb in ("LANG", "VENDOR", *BEFORE_ONBOARDING)):
        DONOR_COMMANDS[command.verb](convo, command, order)
        return
    DONOR_FLOW[step](convo, msg, order)
