"""The seeker's photo in the donor's conversation: attaching or replacing it, the person's consent
(asked for every photo), the words that stand in for a photo the person did not agree to, and the
answer to a duplicate nudge. What the photo job found is taken in `resume`.
"""

from __future__ import annotations

from domain.commands import is_no, is_yes
from domain.duplicates import FaceVerdict
from domain.jobs import Job
from domain.orders import DuplicateAnswer, Order
from domain.orders import OrderStatus as S
from domain.photos import PhotoPurpose
from domain.privacy import Consent, ConsentKind
from flows import ordering
from flows.conversation import Conversation
from flows.donor import spot_checks
from flows.messages import Inbound

# Steps in which the order's photo may still be replaced.
PHOTO_STEPS = frozenset({S.CREATED, S.SAFETY_CHECK, S.SAFETY_REJECTED})
DESCRIPTION_MAX = 200  # characters: enough to describe clothes and a landmark


def ask_subject_consent(convo: Conversation, order: Order) -> None:
    """Before the order has a place, the pin itself is the yes: one message fewer each way."""
    if order.lat is None:
        convo.say(
            "Did the person agree to this photo? If yes, share your location now: tap + (or the clip), "
            "then Location, then Send your current location. If not, reply NO."
        )
    else:
        convo.say("Did the person agree to this photo? Reply YES (1) or NO (2).")


def process_photo(convo: Conversation, order: Order) -> None:
    convo.uow.later(Job.PROCESS_PHOTO, order.photo_id, order.id, PhotoPurpose.SEEKER)


def attach_photo(convo: Conversation, order: Order, photo_id: int) -> None:
    """A new photo waits for the person's consent, asked for every photo: agreeing once is not agreeing always."""
    if order.photo_id is not None and order.photo_id != photo_id:
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)
        convo.uow.faces.forget(order.id)
    order.attach_photo(photo_id, consented=False)
    ask_subject_consent(convo, order)


def takes_new_photo(order: Order) -> bool:
    """A new photo replaces one that could not be used, or answers the duplicate nudge."""
    waiting_for_one = order.photo_id is None and order.face_verdict != FaceVerdict.DECLINED
    return order.state in PHOTO_STEPS and (
        waiting_for_one
        or order.face_verdict == FaceVerdict.MANY_FACES
        or order.duplicate_answer == DuplicateAnswer.ASKED
    )


def subject_answer(text: str) -> bool | None:
    """YES or 1 is True, NO or 2 is False; anything else is no answer."""
    answer = text.strip().rstrip(".!").upper()
    if is_yes(answer) or answer == "1":
        return True
    return False if is_no(answer) or answer == "2" else None


def photo_consent(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo:  # another photo instead of an answer: it is the one asked about now
        attach_photo(convo, order, msg.photo_ids[0])
        return
    agreed = subject_answer(msg.text)
    if agreed is None:
        ask_subject_consent(convo, order)
        return
    answer_consent(convo, order, agreed)
    if not agreed:
        convo.uow.later(Job.DISCARD_PHOTO, order.photo_id)  # deleted at once, never looked at
        order.photo_declined()
        convo.say(
            "The photo is deleted. The order goes on without it. To help the kitchen find the person, "
            "you may write a few words about them, such as their clothes."
        )
    if order.lat is None:
        ordering.ask_pin(convo, order)  # asked with the question already: said again to one who answers YES
        return
    if agreed:
        convo.say("Thank you. We are checking the new photo for order {ref}.", ref=order.reference, interim=True)
    spot_checks.continue_checks(convo, order)


def answer_consent(convo: Conversation, order: Order, agreed: bool) -> None:
    """The answer is recorded; only a photo the person agreed to is ever looked at."""
    record = Consent(convo.person.id, ConsentKind.PHOTO, convo.now, agreed=agreed, order_id=order.id)
    convo.uow.consents.record(record)
    if agreed:
        order.photo_consented()
        process_photo(convo, order)


def agreed_by_pin(order: Order, msg: Inbound) -> bool:
    """The first pin while the photo waits for an answer says yes: the question asked for it only then."""
    return msg.pin is not None and order.lat is None


def takes_description(order: Order, msg: Inbound) -> bool:
    """Text from a donor whose person declined a photo describes the person to the kitchen."""
    words = msg.text.strip() and not msg.has_photo and msg.pin is None
    return order.face_verdict == FaceVerdict.DECLINED and bool(words)


def describe(convo: Conversation, order: Order, msg: Inbound) -> None:
    order.seeker_description = " ".join(msg.text.split())[:DESCRIPTION_MAX]
    convo.say("Noted for the kitchen: {description}", description=order.seeker_description)


def answer_nudge(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.has_photo:
        attach_photo(convo, order, msg.photo_ids[0])
        return
    if msg.text.strip().upper() == "CONTINUE":
        order.feed_anyway()
        spot_checks.continue_checks(convo, order)
        return
    spot_checks.nudge(convo, order)
