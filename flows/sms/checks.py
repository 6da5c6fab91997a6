"""The checks between an SMS donor's place and the kitchen list: the spot's safety, then a recent meal
near the same spot, found by place and time since there is no face to compare."""

from __future__ import annotations

from domain.orders import DuplicateAnswer, Order
from domain.orders import OrderStatus as S
from domain.safety import Assessment, MapFacts, busier_place_to_suggest
from flows import kitchen_search
from flows.conversation import Conversation
from flows.donor.spot_checks import weakest
from flows.i18n import N_
from flows.messages import Inbound
from flows.sms.texts import native
from flows.texts import SAFETY_REASONS

NUDGE_ORDERED = native(
    N_("Order {ref}: a meal was ordered {minutes} min ago, {metres} m from here. If it is someone else, reply 1.")
)
NUDGE_DELIVERED = native(
    N_("Order {ref}: a meal was handed over {minutes} min ago, {metres} m from here. If it is someone else, reply 1.")
)
NOT_SAFE = native(
    N_("Order {ref}: this place is not safe for a delivery now ({reason}). Send FEED with a busier place, or CANCEL.")
)
BUSIER = native(N_("Busier, {metres} m away: {busier}. To meet there, send FEED and that place."))
SAFER_PLACE = native(N_("Order {ref} needs a safer place. Send FEED with a busy place near you, or CANCEL."))
FEED_ANYWAY = ("1", "CONTINUE")


def spot_assessed(convo: Conversation, order: Order, assessment: Assessment, facts: MapFacts) -> None:
    """The safety job's result for an SMS donor's order (its assessment is already recorded)."""
    if assessment.passed:
        continue_checks(convo, order)
    else:
        turn_down(convo, order, assessment, facts)


def continue_checks(convo: Conversation, order: Order) -> None:
    """Nudge about a live or delivered order near here and recent, or list kitchens."""
    if order.state != S.SAFETY_CHECK or order.safety_passed is not True:
        return
    if order.duplicate_answer == DuplicateAnswer.NONE:
        match = convo.uow.orders.recent_meal_near(order.id, order.point, convo.now, convo.duplicates)
        if match is not None:
            order.record_duplicate(match)
            nudge(convo, order)
            return
    order.move_to(S.VENDOR_SELECTION, convo.now, "checks passed")
    kitchen_search.offer_kitchens(convo, order, convo.person)


def nudge(convo: Conversation, order: Order) -> None:
    """Near the same spot is not the same person: a nudge the donor answers with 1, never a refusal."""
    convo.say(
        NUDGE_DELIVERED if order.duplicate_delivered else NUDGE_ORDERED,
        ref=order.reference,
        minutes=order.duplicate_minutes,
        metres=round(order.duplicate_metres),
    )


def answer_nudge(convo: Conversation, msg: Inbound, order: Order) -> None:
    if msg.text.strip().upper() in FEED_ANYWAY:
        order.feed_anyway()
        continue_checks(convo, order)
        return
    nudge(convo, order)


def turn_down(convo: Conversation, order: Order, assessment: Assessment, facts: MapFacts) -> None:
    """One reason, the weakest, and a busier place if the map knows one: an SMS has room for no more."""
    order.move_to(S.SAFETY_REJECTED, convo.now, f"safety {assessment.score:.2f}")
    part = weakest(assessment)[0]
    convo.say(NOT_SAFE, ref=order.reference, reason=convo.phrase(SAFETY_REASONS[part.reason], **part.detail))
    busier = busier_place_to_suggest(order.point, facts.places)
    if busier is not None:
        convo.say(BUSIER, metres=round(busier[1]), busier=busier[0].name)


def still_unsafe(convo: Conversation, msg: Inbound, order: Order) -> None:
    convo.say(SAFER_PLACE, ref=order.reference)
