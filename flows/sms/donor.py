"""The SMS donor's conversation: `FEED <place>` in, a delivered meal out, every reply a short text.

Like the WhatsApp donor's, the step is derived from what is stored (the open order's status, the
places offered), never kept beside it. A new number is welcomed on its first message, whatever it
says; a command in that first message is then carried out too.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from domain.commands import Command, parse_command
from domain.orders import DuplicateAnswer, Order
from domain.orders import OrderStatus as S
from flows.conversation import Conversation
from flows.donor import campaign_waits, kitchen_offers, meal
from flows.donor import commands as donor_commands
from flows.giving import campaigns
from flows.giving.commands import GIVING_COMMANDS, giving_command
from flows.messages import Inbound
from flows.sms import checks, commands, feed


class SmsStep(StrEnum):
    NEW = "new"
    IDLE = "idle"
    CHOOSE_PLACE = "choose_place"
    CHECKING = "checking"
    DUPLICATE_NUDGE = "duplicate_nudge"
    NOT_SAFE = "not_safe"
    CHOOSE_KITCHEN = "choose_kitchen"
    AWAIT_KITCHEN = "await_kitchen"
    CAMPAIGN = "campaign"  # SHARE opened a campaign: no kitchen is asked until it is all promised
    AWAIT_PAYMENT = "await_payment"
    ON_THE_WAY = "on_the_way"
    RATE = "rate"


_BY_STATUS = {
    S.SAFETY_CHECK: SmsStep.CHECKING,
    S.SAFETY_REJECTED: SmsStep.NOT_SAFE,
    S.PAYMENT_REDIRECT: SmsStep.AWAIT_PAYMENT,
    S.PAYMENT_CONFIRMED: SmsStep.ON_THE_WAY,
    S.IN_TRANSIT: SmsStep.ON_THE_WAY,
    S.DELIVERED: SmsStep.RATE,
}


def sms_step(convo: Conversation, order: Order | None) -> SmsStep:
    if convo.person.consent_at is None:
        return SmsStep.NEW
    if feed.has_choices(convo) and (order is None or order.state == S.SAFETY_REJECTED):
        return SmsStep.CHOOSE_PLACE
    if order is None:
        return SmsStep.IDLE
    if order.state == S.SAFETY_CHECK and order.duplicate_answer == DuplicateAnswer.ASKED:
        return SmsStep.DUPLICATE_NUDGE
    if campaign_waits(order):
        return SmsStep.CAMPAIGN
    if order.state == S.VENDOR_SELECTION:
        return SmsStep.AWAIT_KITCHEN if order.kitchen_id else SmsStep.CHOOSE_KITCHEN
    return _BY_STATUS[order.state]


Handler = Callable[[Conversation, Inbound, Order | None], None]

SMS_FLOW: dict[SmsStep, Handler] = {
    SmsStep.NEW: lambda convo, msg, order: None,  # the welcome was the answer
    SmsStep.IDLE: commands.idle,
    SmsStep.CHOOSE_PLACE: feed.choose_place,
    SmsStep.CHECKING: commands.still_checking,
    SmsStep.DUPLICATE_NUDGE: checks.answer_nudge,
    SmsStep.NOT_SAFE: checks.still_unsafe,
    SmsStep.CHOOSE_KITCHEN: kitchen_offers.choose_kitchen,
    SmsStep.AWAIT_KITCHEN: lambda convo, msg, order: kitchen_offers.await_answer(convo, msg, order, commands.waiting),
    SmsStep.CAMPAIGN: lambda convo, msg, order: campaigns.waiting(convo, order),
    SmsStep.AWAIT_PAYMENT: commands.waiting,
    SmsStep.ON_THE_WAY: commands.waiting,
    SmsStep.RATE: commands.rate_kitchen,
}

SMS_COMMANDS: dict[str, Callable[[Conversation, Command, Order | None], None]] = {
    **GIVING_COMMANDS,
    "FEED": feed.feed_command,
    "NOTE": feed.note_command,
    "STATUS": commands.status_command,
    "CANCEL": donor_commands.cancel_command,
    "PAID": donor_commands.paid_command,
    "HELP": commands.help_command,
    "LANG": commands.language_command,
}
SMS_VERBS = frozenset(SMS_COMMANDS)


def handle(convo: Conversation, msg: Inbound) -> None:
    order = meal.active_order(convo)
    step = sms_step(convo, order)
    if step == SmsStep.NEW:
        commands.welcome(convo)
    command = giving_command(msg.text) or parse_command(msg.text, SMS_VERBS)
    if command is not None:
        SMS_COMMANDS[command.verb](convo, command, order)
        return
    SMS_FLOW[step](convo, msg, order)
