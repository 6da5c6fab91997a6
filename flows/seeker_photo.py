"""The seeker's photo in the donor's conversation: the person's consent, what the photo job found,
and the answer to a duplicate nudge.
"""

from __future__ import annotations

from domain.commands import NO_WORDS, is_yes
from domain.duplicates import FaceVerdict
from domain.jobs import Job
from domain.orders import Order
from domain.orders import OrderStatus as S
from flows import ordering
from flows.checks import AWAITING_CONSENT, continue_checks, nudge
from flows.conversation import Conversation
from flows.messages import Inbound

# Steps in which the order's photo may still be replaced.
PHOTO_STEPS = frozenset({S.CREATED, S.SAFETY_CHECK, S.SAFETY_REJECTED})


def attach_photo(convo: Conversation, order: Order, photo_id: int) -> bool:
    """Sends the photo to be processed; the first time, asks first whether the person agreed to it."""
    if order.photo_id is not None and order.photo_id != photo_id:
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)
        convo.uow.faces.forget(order.id)
    order.photo_id = photo_id
    order.face_verdict = ""
    order.duplicate_of, order.duplicate_answer = None, ""
    order.duplicate_metres = order.duplicate_minutes = order.duplicate_distance = None
    if convo.person.subject_consent_at is None:
        order.photo_state = AWAITING_CONSENT
        convo.say("Did the person agree to be photographed? Reply YES or NO. We ask this only once.")
        return False
    order.photo_state = "pending"
    convo.uow.later(Job.PROCESS_PHOTO, photo_id, order.id, "seeker")
    return True


def replace_photo(convo: Conversation, order: Order, photo_id: int) -> None:
    """A new photo for an order on its way: processed, then the next step asked for."""
    if not attach_photo(convo, order, photo_id):
        return  # the person's consent is being asked first
    if order.lat is None:
        ordering.ask_pin(convo, order)
    else:
        convo.say("Thank you. We are checking the new photo for order {ref}.", ref=order.reference)


def takes_new_photo(order: Order) -> bool:
    """A new photo replaces one that could not be used, or answers the duplicate nudge."""
    waiting_for_one = order.photo_id is None and order.face_verdict != FaceVerdict.DECLINED
    return order.state in PHOTO_STEPS and (
        waiting_for_one or order.face_verdict == FaceVerdict.MANY_FACES or order.duplicate_answer == "asked"
    )


def photo_consent(convo: Conversation, msg: Inbound, order: Order) -> None:
    answer = msg.text.strip().upper()
    if is_yes(answer):
        convo.person.subject_consent_at = convo.now
        order.photo_state = "pending"
        convo.uow.later(Job.PROCESS_PHOTO, order.photo_id, order.id, "seeker")
        convo.say("Thank you.")
    elif answer in NO_WORDS:
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)
        order.photo_id, order.photo_state, order.face_verdict = None, "", FaceVerdict.DECLINED.value
        convo.say("The photo is deleted. The order goes on without a photo.")
    else:
        convo.say("Did the person agree to be photographed? Reply YES or NO. We ask this only once.")
        return
    if order.lat is None:
        ordering.ask_pin(convo, order)
    else:
        continue_checks(convo, order)


def photo_processed(convo: Conversation, order: Order, photo_id: int, verdict: FaceVerdict | None) -> None:
    """Called by the photo job once the photo is cleaned, stored and looked at; the donor's lock is held.

    A verdict of None means the photo could not be used after all.
    """
    if order.photo_id != photo_id or not order.is_open:
        return
    if verdict is None:
        order.photo_id, order.photo_state = None, ""
        convo.say("That photo is damaged or cut off. Please send it again.")
        return
    order.face_verdict = verdict.value
    if verdict == FaceVerdict.MANY_FACES:
        order.photo_id, order.photo_state = None, ""
        convo.say(
            "We see more than one person in the photo for order {ref}. "
            "Please send a photo of just the person you are helping.",
            ref=order.reference,
        )
        return
    order.photo_state = "ready"
    if verdict == FaceVerdict.NO_FACE:
        convo.say(
            "We could not see a face in the photo for order {ref}. The order goes on; "
            "a clear photo of the face helps next time.",
            ref=order.reference,
        )
    continue_checks(convo, order)


def answer_nudge(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo:
        replace_photo(convo, order, msg.photo_ids[0])
        return
    if msg.text.strip().upper() == "CONTINUE":
        order.duplicate_answer = "continued"
        continue_checks(convo, order)
        return
    nudge(convo, order)
