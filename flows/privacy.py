"""A person's rights by chat, donors and kitchens alike, at any step: MY DATA and DELETE MY DATA."""

from __future__ import annotations

from datetime import datetime

from domain.commands import NO_WORDS, is_yes
from domain.jobs import Job
from domain.privacy import DATA_LINK_HOURS, ERASE_CONFIRM_WINDOW, DataRequest, data_request
from domain.retention import kept_until
from flows.conversation import Conversation
from flows.erasure import day, kitchen_must_finish_first, quietly_erasable
from flows.i18n import N_
from flows.messages import Inbound

ERASE_ASKED = "erase_asked_at"  # the draft's key: when the person was asked to confirm DELETE MY DATA


def handle(convo: Conversation, msg: Inbound) -> bool:
    """Takes a data request, or the answer to DELETE MY DATA; False when the message is for the conversation."""
    if erase_was_asked(convo):
        if is_yes(msg.text) and not msg.has_photo:
            convo.uow.later(Job.ERASE_PERSON, convo.person.id)  # the job says the last word
            return True
        convo.say("Nothing was deleted.")
        if msg.text.strip().upper() in NO_WORDS:
            return True
    request = None if msg.has_photo else data_request(msg.text)
    if request == DataRequest.SEE:
        my_data(convo)
    elif request == DataRequest.ERASE:
        ask_to_erase(convo)
    return request is not None


def erase_was_asked(convo: Conversation) -> bool:
    """Whether the person was just asked to confirm; the question is taken from the draft either way."""
    draft = convo.person.draft
    asked = draft.get(ERASE_ASKED)
    if asked is None:
        return False
    convo.person.draft = {key: value for key, value in draft.items() if key != ERASE_ASKED}
    return convo.now - datetime.fromisoformat(asked) <= ERASE_CONFIRM_WINDOW


def ask_to_erase(convo: Conversation) -> None:
    if kitchen_must_finish_first(convo):
        return
    if quietly_erasable(convo):  # a number erased before, back only to erase what this chat stored
        convo.uow.later(Job.ERASE_PERSON, convo.person.id)
        return
    convo.person.draft = {**convo.person.draft, ERASE_ASKED: convo.now.isoformat()}
    if convo.uow.kitchens.for_person(convo.person.id) is not None:
        convo.say(
            "This deletes what we keep about you: your number, messages and consents. Your kitchen leaves "
            "Ketpaar; its past orders stay for its accounts, without its name or UPI ID. Reply YES to delete."
        )
        return
    convo.say(
        "This deletes what we keep about you: your number, messages, photos and places. Open orders are "
        "cancelled where they still can be. Reply YES to delete."
    )


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
