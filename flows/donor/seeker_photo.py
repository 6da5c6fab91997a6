"""The seeker's photo in the donor's conversation: attaching or replacing it, the person's consent,
and the answer to a duplicate nudge. What the photo job found is taken in `resume`.
"""

from __future__ import annotations

from domain.commands import is_no, is_yes
from domain.duplicates import FaceVerdict
from domain.jobs import Job
from domain.orders import DuplicateAnswer, Order
from domain.orders import OrderStatus as S
from domain.photos import PhotoPurpose
from flows import ordering
from flows.conversation import Conversation
from flows.donor import spot_checks
from flows.messages import Inbound

# Steps in which the order's photo may still be replaced.
PHOTO_STEPS = frozenset({S.CREATED, S.SAFETY_CHECK, S.SAFETY_REJECTED})


def ask_subject_consent(convo: Conversation) -> None:
    convo.say("Did the person agree to be photographed? Reply YES or NO. We ask this only once.")


def process_photo(convo: Conversation, order: Order) -> None:
    convo.uow.later(Job.PROCESS_PHOTO, order.photo_id, order.id, PhotoPurpose.SEEKER)


def attach_photo(convo: Conversation, order: Order, photo_id: int) -> bool:
    """Sends the photo to be processed; the first time, asks first whether the person agreed to it."""
    if order.photo_id is not None and order.photo_id != photo_id:
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)
        convo.uow.faces.forget(order.id)
    consented = convo.person.subject_consent_at is not None
    order.attach_photo(photo_id, consented)
    if not consented:
        ask_subject_consent(convo)
        return False
    process_photo(convo, order)
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
        waiting_for_one
        or order.face_verdict == FaceVerdict.MANY_FACES
        or order.duplicate_answer == DuplicateAnswer.ASKED
    )


def photo_consent(convo: Conversation, msg: Inbound, order: Order) -> None:
    if is_yes(msg.text):
        convo.person.subject_consent_at = convo.now
        order.photo_consented()
        process_photo(convo, order)
        convo.say("Thank you.")
    elif is_no(msg.text):
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)
        order.photo_declined()
        convo.say("The photo is deleted. The order goes on without a photo.")
    else:
        ask_subject_consent(convo)
        return
    if order.lat is None:
        ordering.ask_pin(convo, order)
    else:
        spot_checks.continue_checks(convo, order)


def answer_nudge(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo:
        replace_photo(convo, order, msg.photo_ids[0])
        return
    if msg.text.strip().upper() == "CONTINUE":
        order.feed_anyway()
        spot_checks.continue_checks(convo, order)
        return
    spot_checks.nudge(convo, order)
