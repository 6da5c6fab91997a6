"""The giving commands a donor may send at any step, on WhatsApp or SMS, and what handles each."""

from __future__ import annotations

from collections.abc import Callable

from domain.commands import Command
from domain.giving.commands import parse_giving
from domain.orders import Order
from flows.conversation import Conversation
from flows.giving import campaign_orders, campaigns, credits, funding, impact, pledges

DonorCommand = Callable[[Conversation, Command, Order | None], None]

GIVING_COMMANDS: dict[str, DonorCommand] = {
    "CREDIT": credits.credit_command,
    "USE PLEDGE": funding.use_pledge,
    "PLEDGE": pledges.pledge_command,
    "PLEDGES": pledges.pledges_command,
    "CANCEL PLEDGE": pledges.cancel_pledge_command,
    "PAUSE": pledges.pause_command,
    "RESUME": pledges.resume_command,
    "SHARE": campaigns.share_command,
    "GIVE": campaigns.give_command,
    "COVER": campaign_orders.cover_command,
    "NOTIFY NEAR": campaigns.notify_near_command,
    "NOTIFY OFF": campaigns.notify_off_command,
    "IMPACT": impact.impact_command,
}
# What a person may send before choosing a language and agreeing: a friend's forwarded wa.me link opens
# with GIVE typed in, and needs no photo or place of theirs.
BEFORE_ONBOARDING = frozenset({"GIVE"})


def giving_command(text: str) -> Command | None:
    command = parse_giving(text)
    return command if command is not None and command.verb in GIVING_COMMANDS else None
