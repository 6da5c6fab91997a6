"""The checks between a donor's pin and the kitchen list: the spot's safety, then a recent meal nearby.

Both the safety job and the photo job end here (through `resume`); whichever finishes last
lets the order go on.
"""

from __future__ import annotations

from domain.duplicates import DuplicateMatch, FaceVerdict
from domain.orders import DuplicateAnswer, Order
from domain.orders import OrderStatus as S
from domain.privacy import FACE_CHECK_WINDOW
from domain.safety import Assessment, Component, MapFacts, busier_place_to_suggest
from flows import kitchen_search
from flows.conversation import Conversation
from flows.i18n import N_
from flows.texts import SAFETY_REASONS


def turn_down(convo: Conversation, order: Order, assessment: Assessment, facts: MapFacts) -> None:
    """The spot is not safe: say why, and where a busier place is, if the map knows one."""
    order.move_to(S.SAFETY_REJECTED, convo.now, f"safety {assessment.score:.2f}")
    reasons = ", ".join(convo.phrase(SAFETY_REASONS[part.reason], **part.detail) for part in weakest(assessment))
    convo.say(
        "Order {ref}: this spot does not look safe for a delivery now ({reasons}).",
        ref=order.reference,
        reasons=reasons,
    )
    busier = busier_place_to_suggest(order.point, facts.places)
    if busier is not None:
        convo.say(
            "{place} is about {metres} m away and busier. If you and the person can go there, "
            "share a new location from there, or send CANCEL.",
            place=busier[0].name,
            metres=round(busier[1]),
        )
    else:
        convo.say("Please move to a busy, well-lit main road and share a new location, or send CANCEL.")


def weakest(assessment: Assessment) -> list[Component]:
    """What pulled the score down: things known to be bad first; unknowns only when nothing is known."""
    # A component below the pass mark is named to the donor as a reason.
    weak = [part for part in assessment.components.values() if part.score < assessment.threshold]
    known = [part for part in weak if not part.reason.endswith("_unknown")]
    return known or weak


def continue_checks(convo: Conversation, order: Order) -> None:
    """Once the spot is safe and the photo looked at: nudge about a recent meal, or list kitchens."""
    if order.state != S.SAFETY_CHECK or order.safety_passed is not True:
        return
    if order.photo_unsettled:
        return
    if order.face_verdict == FaceVerdict.ONE_FACE and order.duplicate_answer == DuplicateAnswer.NONE:
        match = duplicate_of(convo, order)
        if match is not None:
            order.record_duplicate(match)
            nudge(convo, order)
            return
    order.move_to(S.VENDOR_SELECTION, convo.now, "checks passed")
    kitchen_search.offer_kitchens(convo, order, convo.person)


def duplicate_of(convo: Conversation, order: Order) -> DuplicateMatch | None:
    """An earlier seeker nearby who looks the same; past the policy's lookups per hour for this donor,
    none is made and the order goes on: the check must not become a way to find someone.

    Counted in PostgreSQL, so the limit holds when Redis (and with it the flood guard's bucket) is down.
    """
    faces = convo.uow.faces
    if faces.checks_since(order.donor_id, convo.now - FACE_CHECK_WINDOW) >= convo.duplicates.checks_per_hour:
        return None
    faces.record_check(order.donor_id, order.id, convo.now)
    return faces.find_duplicate(order.id, order.point, convo.now, convo.duplicates)


# Said vaguely on purpose: exact minutes and metres would tell the donor where the person was, and when.
NUDGE_WITHIN_THE_HOUR = N_(
    "Order {ref}: this person may have received a meal nearby within the last hour. "
    "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else."
)
NUDGE_EARLIER_TODAY = N_(
    "Order {ref}: this person may have received a meal nearby earlier today. "
    "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else."
)
NUDGE_ORDERED_WITHIN_THE_HOUR = N_(
    "Order {ref}: a meal was ordered for this person nearby within the last hour. "
    "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else."
)
NUDGE_ORDERED_EARLIER_TODAY = N_(
    "Order {ref}: a meal was ordered for this person nearby earlier today. "
    "Reply CONTINUE to feed them anyway, CANCEL to stop, or send a new photo if it is someone else."
)


def nudge(convo: Conversation, order: Order) -> None:
    """Said vaguely on purpose; the operator's report keeps the exact minutes and metres.

    A meal handed over "may have" reached this person; one still on its way was ordered for them.
    """
    recent = order.duplicate_minutes is not None and order.duplicate_minutes < 60
    if order.duplicate_delivered:
        message = NUDGE_WITHIN_THE_HOUR if recent else NUDGE_EARLIER_TODAY
    else:
        message = NUDGE_ORDERED_WITHIN_THE_HOUR if recent else NUDGE_ORDERED_EARLIER_TODAY
    convo.say(message, ref=order.reference)
