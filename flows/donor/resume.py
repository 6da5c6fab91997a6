"""Where the jobs call back into the conversations, each under the donor's lock.

The safety job and the photo job resume the donor's order here; the sweeps drop a kitchen
that did not answer, ask a kitchen that frees up for an order waiting for one, close an order nobody
paid for, and flag a payment the kitchen never confirmed.
Jobs import these from here and from nowhere else in flows.
"""

from __future__ import annotations

from domain.channels import MessageKind
from domain.duplicates import FaceVerdict
from domain.orders import Order
from domain.safety import Assessment, MapFacts
from flows import kitchen_orders
from flows.conversation import Conversation
from flows.donor import spot_checks
from flows.giving import receipts
from flows.giving.campaign_orders import shares_overdue
from flows.giving.campaigns import campaign_turn
from flows.giving.pledge_payments import pledge_timed_out, renew
from flows.kitchen_search import kitchen_dropped_out, kitchen_wait
from flows.ordering import claim_unconfirmed, payment_timed_out
from flows.sms import checks as sms_checks

__all__ = [
    "campaign_turn",
    "claim_unconfirmed",
    "delivery_photo_ready",
    "kitchen_dropped_out",
    "kitchen_wait",
    "payment_timed_out",
    "photo_processed",
    "pledge_timed_out",
    "renew",
    "safety_assessed",
    "shares_overdue",
]

NO_FACTS = MapFacts()


def safety_assessed(convo: Conversation, order: Order, assessment: Assessment, facts: MapFacts = NO_FACTS) -> None:
    """Called by the safety job once the score is known."""
    order.record_safety(assessment)
    if convo.person.channel == "sms":  # no face to compare, one reason told: the SMS donor's own checks
        sms_checks.spot_assessed(convo, order, assessment, facts)
        return
    if assessment.passed:
        spot_checks.continue_checks(convo, order)
    else:
        spot_checks.turn_down(convo, order, assessment, facts)


def photo_processed(convo: Conversation, order: Order, photo_id: int, verdict: FaceVerdict | None) -> None:
    """Called by the photo job once the seeker's photo is cleaned, stored and looked at.

    A verdict of None means the photo could not be used after all.
    """
    if order.photo_id != photo_id or not order.is_open:
        return
    if verdict is None:
        order.forget_photo()
        convo.say("That photo is damaged or cut off. Please send it again.")
        return
    order.record_face(verdict)
    if verdict == FaceVerdict.MANY_FACES:
        convo.say(
            "We see more than one person in the photo for order {ref}. "
            "Please send a photo of just the person you are helping.",
            ref=order.reference,
        )
        return
    if verdict == FaceVerdict.NO_FACE:
        convo.say(
            "We could not see a face in the photo for order {ref}. The order goes on; "
            "a clear photo of the face helps next time.",
            ref=order.reference,
        )
    if verdict == FaceVerdict.NOT_CHECKED:
        convo.say(
            "Many photos from your number were checked this hour, so we did not check the face "
            "in the photo for order {ref}. The order goes on.",
            ref=order.reference,
        )
    spot_checks.continue_checks(convo, order)


def delivery_photo_ready(convo: Conversation, order: Order, kept: bool) -> None:
    """Called by the photo job once the kitchen's delivery photo is cleaned and stored (`kept`), or could not
    be used: the donor hears of the delivery now, in one message with the photo when there is one.

    Not a donor on SMS: a feature phone opens no link, and was told of the delivery already.
    """
    donor = convo.uow.people.get(order.donor_id) if order.donor_id else None
    kitchen = convo.uow.kitchens.get(order.kitchen_id)
    photo = convo.links.link(order.delivery_photo_id, order.id) if kept else None
    on_whatsapp = donor is not None and donor.channel != "sms"
    if on_whatsapp and photo is None:
        kitchen_orders.tell_donor(convo, order, kitchen_orders.DELIVERED, kitchen=kitchen.name)
    elif on_whatsapp:
        convo.notify(
            donor,
            "The meal for order {ref} was delivered: {photo}\nHow was {kitchen}? Reply with a number from 1 to 5.",
            media=(photo,),
            kind=MessageKind.DELIVERY,
            ref=order.reference,
            photo=photo,
            kitchen=kitchen.name,
        )
    receipts.photo_ready(convo, order, photo)  # and to whoever paid for all of it
