"""Which channel a message goes by: WhatsApp free text inside the 24-hour window, an approved
template outside it, SMS as the last resort, and nothing at all to someone who said STOP.

A flow names the kind of message it sends; the send job decides the channel from these rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# WhatsApp lets a business send free text only this long after the person's last message.
WINDOW = timedelta(hours=24)

# Twilio's answers that mean WhatsApp will not carry this message to this person, so SMS may:
# outside the window (63016), Meta chose not to deliver it (63049), a WhatsApp limitation (63032).
WHATSAPP_REFUSALS = frozenset({63016, 63049, 63032})
# The person replied STOP to that number and the carrier (or Twilio) holds it.
OPTED_OUT = 21610

# A whole message that is one of these words stops, or restarts, every message on its channel.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "நிறுத்து", "நிறுத்தவும்", "रुको", "बंद"})
START_WORDS = frozenset({"START", "UNSTOP", "தொடங்கு", "शुरू"})


class Channel(StrEnum):
    WHATSAPP = "whatsapp"
    SMS = "sms"


class MessageKind(StrEnum):
    """What a message is for. Only the kinds that may start a conversation have templates."""

    REPLY = "reply"  # an answer to what the person just said, or a note inside a conversation
    NEW_ORDER = "new_order"  # a kitchen is asked to cook
    UPI_LINK = "upi_link"  # the donor is asked to pay the kitchen
    STATUS_CHANGE = "status_change"  # an order moved on
    DELIVERY = "delivery"  # the photo of a delivered meal
    CAMPAIGN = "campaign"  # a campaign's news for its contributors
    PLEDGE = "pledge"  # a pledge's news for its donor
    STOP_CONFIRMATION = "stop_confirmation"  # the one message after STOP


# Each template's {{1}}, {{2}}…: names of the values its messages are formatted with, in order.
# A template is registered in Twilio with these variables; a flow must pass each of them.
TEMPLATE_VARIABLES: dict[MessageKind, tuple[str, ...]] = {
    MessageKind.NEW_ORDER: ("ref", "price", "place", "map", "photo", "minutes"),
    MessageKind.UPI_LINK: ("kitchen", "ref", "amount", "link"),
    MessageKind.STATUS_CHANGE: ("ref", "status"),
    MessageKind.DELIVERY: ("ref", "photo"),
    MessageKind.CAMPAIGN: ("campaign", "status"),
    MessageKind.PLEDGE: ("amount", "status"),
}
TEMPLATE_KINDS = tuple(TEMPLATE_VARIABLES)


class TemplateCategory(StrEnum):
    """Meta's categories of WhatsApp templates, which it prices differently (marketing costs most)."""

    UTILITY = "utility"  # about a transaction the person took part in: the cheapest category that fits ours
    MARKETING = "marketing"
    AUTHENTICATION = "authentication"


# The category each kind's template is submitted under. Every one is about an order, pledge or campaign
# the person is part of, so each is utility: none promotes anything (Meta would charge it as marketing).
TEMPLATE_CATEGORIES: dict[MessageKind, TemplateCategory] = dict.fromkeys(TEMPLATE_KINDS, TemplateCategory.UTILITY)


class MissingTemplateValue(KeyError):
    """A flow sent a kind of message without a value its template needs: a bug, found by the tests."""


def template_values(kind: MessageKind, values: Mapping[str, object]) -> dict[str, str]:
    """The values a kind's template needs, by name, taken from those the text was formatted with."""
    names = TEMPLATE_VARIABLES.get(kind, ())
    missing = [name for name in names if name not in values]
    if missing:
        raise MissingTemplateValue(f"{kind.value} needs {', '.join(missing)}")
    return {name: str(values[name]) for name in names}


def content_variables(kind: MessageKind, variables: Mapping[str, str]) -> dict[str, str]:
    """Twilio's ContentVariables: the template's numbered placeholders filled from the named values."""
    return {str(number): variables[name] for number, name in enumerate(TEMPLATE_VARIABLES[kind], start=1)}


def is_stop(text: str) -> bool:
    return _word(text) in STOP_WORDS


def is_start(text: str) -> bool:
    return _word(text) in START_WORDS


def _word(text: str) -> str:
    return text.strip().rstrip(".!।").strip().upper()


def channel_of(address: str) -> Channel:
    return Channel.WHATSAPP if address.startswith("whatsapp:") else Channel.SMS


def number_of(address: str) -> str:
    return address.removeprefix("whatsapp:")


def address_on(channel: Channel, address: str) -> str:
    """The same number on another channel: what Twilio is given as `To`."""
    number = number_of(address)
    return f"whatsapp:{number}" if channel == Channel.WHATSAPP else number


def window_open(heard_at: datetime | None, now: datetime) -> bool:
    return heard_at is not None and now - heard_at < WINDOW


@dataclass(frozen=True)
class Reach:
    """What decides the channel of one message: the person, their channels' state, what is configured."""

    address: str  # the person's own address, as they wrote from
    kind: MessageKind
    language: str
    heard_at: datetime | None  # their last message on WhatsApp
    whatsapp_stopped: bool
    sms_stopped: bool
    sms_sender: bool  # an SMS number to send from is configured
    template_sid: str | None  # the approved template for this kind and language
    whatsapp_refused: bool = False  # WhatsApp already refused this very message


@dataclass(frozen=True)
class Route:
    """The channel chosen (None: not sent at all), the template if any, and why."""

    channel: Channel | None
    reason: str
    content_sid: str | None = None

    @property
    def sendable(self) -> bool:
        return self.channel is not None


def choose_route(reach: Reach, now: datetime) -> Route:
    confirming_stop = reach.kind == MessageKind.STOP_CONFIRMATION
    if channel_of(reach.address) == Channel.SMS:
        if reach.sms_stopped and not confirming_stop:
            return Route(None, "the person sent STOP on SMS")
        return _by_sms(reach, "the person uses SMS")
    if reach.whatsapp_stopped and not confirming_stop:
        return Route(None, "the person sent STOP on WhatsApp")
    if reach.whatsapp_refused:
        return _by_sms(reach, "WhatsApp refused it")
    if window_open(reach.heard_at, now):
        return Route(Channel.WHATSAPP, "inside the 24-hour window: free text")
    if reach.template_sid and reach.kind in TEMPLATE_VARIABLES:
        return Route(Channel.WHATSAPP, f"outside the 24-hour window: {reach.kind.value} template", reach.template_sid)
    return _by_sms(reach, f"outside the 24-hour window, no {reach.kind.value} template in {reach.language}")


def _by_sms(reach: Reach, why: str) -> Route:
    """SMS to the same number, if the person has not stopped SMS and there is a number to send from."""
    if reach.sms_stopped and reach.kind != MessageKind.STOP_CONFIRMATION:
        return Route(None, f"{why}; the person sent STOP on SMS")
    if not reach.sms_sender:
        return Route(None, f"{why}; no SMS sender configured")
    return Route(Channel.SMS, f"{why}: SMS")
