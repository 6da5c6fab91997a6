"""A person's rights by chat, donors and kitchens alike, at any step: MY DATA and DELETE MY DATA."""

from __future__ import annotations

from datetime import datetime

from domain.hours import india_now
from domain.privacy import DATA_LINK_HOURS, DataRequest, data_request
from domain.retention import kept_until
from flows.conversation import Conversation
from flows.i18n import N_
from flows.messages import Inbound


def handle(convo: Conversation, msg: Inbound) -> bool:
    """Takes a data request, or its confirmation; False when the message is for the conversation."""
    request = None if msg.has_photo else data_request(msg.text)
    if request == DataRequest.SEE:
        my_data(convo)
        return True
    return False


def day(at: datetime) -> str:
    """A date every reader reads the same way, in India time: 26-12-2026."""
    return f"{india_now(at):%d-%m-%Y}"


def my_data(convo: Conversation) -> None:
    """A short summary of what is kept and until when, and a link to all of it."""
    records = convo.uow.privacy.records(convo.person)
    until = kept_until(
        convo.uow.privacy.policy,
        convo.now,
        records.orders,
        [photo.created_at for photo in records.photos],
        [message.at for message in records.messages],
    )
    lines = [convo.phrase("What we keep about you:"), convo.phrase("• your number, language and consents")]
    if until.orders:
        count, date = len(records.orders), day(until.orders)
        lines.append(convo.phrase("• orders: {count}, with your number until {date}", count=count, date=date))
    for date, line in (
        (until.photos, N_("• photos until {date}")),
        (until.exact_places, N_("• exact places until {date}")),
        (until.messages, N_("• messages until {date}")),
    ):
        if date:
            lines.append(convo.phrase(line, date=day(date)))
    kitchen = convo.uow.kitchens.for_person(convo.person.id)
    if kitchen is not None:
        count = len(records.kitchen_orders)
        lines.append(convo.phrase("• your kitchen {name}, with its orders: {count}", name=kitchen.name, count=count))
    lines.append(
        convo.phrase(
            "All of it as a file (the link works for {hours} hours): {link}",
            hours=DATA_LINK_HOURS,
            link=convo.links.data_link(convo.person.id),
        )
    )
    convo.uow.outbox.send(convo.person.address, "\n".join(lines))
