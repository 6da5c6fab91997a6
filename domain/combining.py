"""One message per person per job: the texts one unit of work says to one address, joined where they may be.

The flows say what they mean, a text at a time; the outbox (models/repositories.py) and its fake
(tests/support/fakes.py) pass them through `combine` before anything is stored, so a person reads
one message where the code said three, and pays for one. A text joins the last message to the same
address, on a line of its own, unless

- either carries media: a photo is a message of its own, and no text is moved across it;
- their kinds differ, or they are a template's kind with different values: outside WhatsApp's
  24-hour window a message goes as its kind's template, which carries only its own values;
- on SMS, the joined text would take more parts than one message may (domain.sms.MAX_SEGMENTS).

An SMS text is fitted into parts here, its reference and UPI ID never cut (domain.sms.fit).

An interim note ("we are checking the spot…") is worth reading only if nothing follows it soon: a
later text to the same person in the same job drops it here; the outbox holds it INTERIM_HOLD
before sending, and a message to the same person meanwhile replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta

from domain import sms
from domain.channels import TEMPLATE_VARIABLES, Channel, MessageKind, channel_of

# How long an interim note waits for the message that makes it needless (the kitchen list comes
# within a second of a pin when the queue is not backed up).
INTERIM_HOLD = timedelta(seconds=5)


@dataclass(frozen=True)
class Text:
    """What a flow said to one address; also a message ready to store, once combined."""

    to: str
    body: str
    media: tuple[str, ...] = ()
    kind: MessageKind = MessageKind.REPLY
    variables: Mapping[str, str] = field(default_factory=dict)
    language: str = "en"
    whole: tuple[str, ...] = ()  # on SMS: words no part boundary may cut (a reference, a UPI ID)
    interim: bool = False


def combine(texts: Iterable[Text]) -> list[Text]:
    """The messages to store for `texts`, in order: joined where the rules above allow, SMS fitted into parts."""
    messages: list[Text] = []
    for text in texts:
        messages = [message for message in messages if not (message.interim and message.to == text.to)]
        at = next((i for i in range(len(messages) - 1, -1, -1) if messages[i].to == text.to), None)
        if at is not None and joins(messages[at], text):
            messages[at] = joined(messages[at], text)
        else:
            messages.append(text)
    return [fitted for message in messages for fitted in fit(message)]


def joins(last: Text, text: Text) -> bool:
    if last.media or text.media or last.interim or text.interim or last.kind != text.kind:
        return False
    if last.kind in TEMPLATE_VARIABLES and last.variables != text.variables:
        return False
    if channel_of(text.to) == Channel.SMS:
        return len(sms.fit(joined(last, text).body, last.whole + text.whole)) == 1
    return True


def joined(last: Text, text: Text) -> Text:
    return replace(last, body=f"{last.body}\n{text.body}", whole=last.whole + text.whole)


def fit(message: Text) -> list[Text]:
    """An SMS text as the SMS messages that carry it (one, unless a value was longer than planned for)."""
    if channel_of(message.to) != Channel.SMS:
        return [message]
    return [replace(message, body=body) for body in sms.fit(message.body, message.whole)]
