"""When an order has been at its step for longer than that step should take, so that an admin looks.

Each step is ended by someone: a job (the safety check), the kitchen (its answer, the meal), the donor
(the payment), or a sweep that acts on their silence every minute. An order still there a few minutes
past that time was missed: a stopped worker or scheduler, or a kitchen that never sent DELIVERED.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.channels import MessageKind
from domain.orders import Order
from domain.orders import OrderStatus as S

# The sweeps run every 30–60 s; a step is late only once they had their chance.
GRACE = timedelta(minutes=2)


@dataclass(frozen=True)
class StepTimes:
    """Minutes each step may take; bot/settings.py gives the ones people may change."""

    kitchen_answer_minutes: int = 5
    kitchen_wait_minutes: int = 30
    payment_minutes: int = 30
    safety_check_minutes: int = 2  # an assessment takes seconds; the sweep re-runs a lost one after 2 minutes
    # No one is told to hurry once a meal is paid, but a paid meal not delivered in two hours needs a call.
    delivery_minutes: int = 120


def due_at(order: Order, times: StepTimes) -> datetime | None:
    """When the order's current step should have ended; None for a step that waits on nobody in particular
    (a donor who has not sent a pin yet, a meal delivered and not yet rated, an order that is over)."""
    step = order.state
    if step == S.SAFETY_CHECK and order.updated_at:
        return order.updated_at + timedelta(minutes=times.safety_check_minutes)
    if step == S.VENDOR_SELECTION and order.kitchen_asked_at:
        return order.kitchen_asked_at + timedelta(minutes=times.kitchen_answer_minutes)
    if step == S.WAITING_FOR_KITCHEN and order.updated_at:
        return order.updated_at + timedelta(minutes=times.kitchen_wait_minutes)
    if step == S.PAYMENT_REDIRECT and order.payment_asked_at and order.donor_paid_at is None:
        return order.payment_asked_at + timedelta(minutes=times.payment_minutes)
    if step in (S.PAYMENT_CONFIRMED, S.IN_TRANSIT) and order.updated_at:
        return order.updated_at + timedelta(minutes=times.delivery_minutes)
    return None


def late_by(order: Order, times: StepTimes, now: datetime) -> timedelta | None:
    """How far past its step's time (and the sweeps' grace) the order is; None when it is not late."""
    due = due_at(order, times)
    if due is None or now <= due + GRACE:
        return None
    return now - due


# The steps due_at knows: the only orders worth loading to ask it.
TIMED_STEPS = frozenset(
    {S.SAFETY_CHECK, S.VENDOR_SELECTION, S.WAITING_FOR_KITCHEN, S.PAYMENT_REDIRECT, S.PAYMENT_CONFIRMED, S.IN_TRANSIT}
)


class NotAgain(StrEnum):
    """Why a message that did not reach its person must not be sent again."""

    STOPPED = "stopped"  # they sent STOP: nothing goes to them until they send START
    ORDER_MOVED_ON = "order_moved_on"  # a kitchen's request: the order went to the next kitchen meanwhile
    # WhatsApp refused it after the send and a copy was made to go by SMS: the copy is the one text the
    # person did not get, and the one to send again; sending both would give them the text twice.
    COPIED = "copied"


def not_again(kind: MessageKind, stopped: bool, copied: bool = False) -> NotAgain | None:
    """None when an admin may send the message again (a template set since, an SMS number configured, a
    person who wrote again or sent START)."""
    if copied:  # first: it holds even once the person sends START
        return NotAgain.COPIED
    if stopped:
        return NotAgain.STOPPED
    if kind == MessageKind.NEW_ORDER:
        return NotAgain.ORDER_MOVED_ON
    return None
