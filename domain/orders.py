"""A meal order and the state machine it moves through."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class OrderStatus(StrEnum):
    CREATED = "CREATED"
    SAFETY_CHECK = "SAFETY_CHECK"
    SAFETY_REJECTED = "SAFETY_REJECTED"
    VENDOR_SELECTION = "VENDOR_SELECTION"
    PAYMENT_REDIRECT = "PAYMENT_REDIRECT"
    PAYMENT_CONFIRMED = "PAYMENT_CONFIRMED"
    PAYMENT_FAILED = "PAYMENT_FAILED"
    IN_TRANSIT = "IN_TRANSIT"
    DELIVERED = "DELIVERED"
    DELIVERY_FAILED = "DELIVERY_FAILED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


S = OrderStatus

# The seed's machine, as a table: from a status, the statuses it may move to.
# SAFETY_REJECTED -> SAFETY_CHECK lets a donor send a new pin for the same order.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.CREATED: frozenset({S.SAFETY_CHECK, S.CANCELLED}),
    S.SAFETY_CHECK: frozenset({S.VENDOR_SELECTION, S.SAFETY_REJECTED, S.CANCELLED}),
    S.SAFETY_REJECTED: frozenset({S.SAFETY_CHECK, S.CANCELLED}),
    S.VENDOR_SELECTION: frozenset({S.PAYMENT_REDIRECT, S.CANCELLED}),
    S.PAYMENT_REDIRECT: frozenset({S.PAYMENT_CONFIRMED, S.PAYMENT_FAILED, S.CANCELLED}),
    S.PAYMENT_CONFIRMED: frozenset({S.IN_TRANSIT, S.DELIVERED, S.DELIVERY_FAILED}),
    S.IN_TRANSIT: frozenset({S.DELIVERED, S.DELIVERY_FAILED}),
    S.DELIVERED: frozenset({S.COMPLETED}),
    S.PAYMENT_FAILED: frozenset(),
    S.DELIVERY_FAILED: frozenset(),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

FINAL = frozenset(status for status, moves in TRANSITIONS.items() if not moves)
# Once the donor has been asked to pay, a donor's CANCEL no longer applies.
CANCELLABLE = frozenset(s for s, moves in TRANSITIONS.items() if S.CANCELLED in moves)
# A kitchen's meal is reserved for the order while it is in one of these.
HOLDS_MEAL = frozenset({S.VENDOR_SELECTION, S.PAYMENT_REDIRECT})
# Orders a kitchen still has something to do for.
KITCHEN_ACTIVE = frozenset({S.VENDOR_SELECTION, S.PAYMENT_REDIRECT, S.PAYMENT_CONFIRMED, S.IN_TRANSIT})

# Letters a person will not misread on a small screen or over the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 4


class IllegalTransition(Exception):
    """An order was asked to move where its state machine does not allow."""

    def __init__(self, reference: str, current: OrderStatus, wanted: OrderStatus):
        super().__init__(f"order {reference}: {current.value} -> {wanted.value} is not allowed")
        self.current = current
        self.wanted = wanted


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


@dataclass(eq=False)
class OrderEvent:
    """One move of an order, kept as its timeline."""

    from_status: str | None
    to_status: str
    at: datetime
    note: str = ""
    id: int | None = None
    order_id: int | None = None


@dataclass(eq=False)
class Order:
    reference: str
    donor_id: int
    created_at: datetime
    status: str = S.CREATED.value
    photo_id: int | None = None
    lat: float | None = None
    lng: float | None = None
    place_label: str = ""
    place_address: str = ""
    kitchen_id: int | None = None
    amount_paise: int | None = None
    meal_day: date | None = None  # the India-time day the kitchen's meal was reserved on
    kitchen_asked_at: datetime | None = None
    declined_kitchen_ids: list = field(default_factory=list)
    offered_kitchen_ids: list = field(default_factory=list)
    safety_score: float | None = None
    safety_passed: bool | None = None
    safety_breakdown: dict = field(default_factory=dict)
    photo_state: str = ""  # "", "pending" (being processed), "ready"
    face_verdict: str = ""  # a FaceVerdict once the photo was looked at
    duplicate_of: str | None = None  # the earlier order of the same person, nearby and recent
    duplicate_metres: float | None = None
    duplicate_minutes: int | None = None
    duplicate_distance: float | None = None
    duplicate_answer: str = ""  # "", "asked", "continued"
    delivery_photo_id: int | None = None
    failure_reason: str | None = None  # UNSAFE, NOT FOUND or REFUSED, when the kitchen said
    rating: int | None = None
    updated_at: datetime | None = None
    id: int | None = None
    events: list = field(default_factory=list)

    @property
    def state(self) -> OrderStatus:
        return OrderStatus(self.status)

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL

    @property
    def awaits_kitchen_answer(self) -> bool:
        return self.state == S.VENDOR_SELECTION and self.kitchen_id is not None

    @property
    def holds_meal(self) -> bool:
        return self.kitchen_id is not None and self.state in HOLDS_MEAL

    def can_move_to(self, wanted: OrderStatus) -> bool:
        return wanted in TRANSITIONS[self.state]

    def move_to(self, wanted: OrderStatus, at: datetime, note: str = "") -> None:
        if not self.can_move_to(wanted):
            raise IllegalTransition(self.reference, self.state, wanted)
        self.events.append(OrderEvent(self.status, wanted.value, at, note))
        self.status = wanted.value
        self.updated_at = at

    def record_creation(self) -> None:
        self.events.append(OrderEvent(None, self.status, self.created_at, "created"))

    def assign_kitchen(self, kitchen_id: int, price_paise: int, day: date, at: datetime) -> None:
        self.kitchen_id = kitchen_id
        self.amount_paise = price_paise
        self.meal_day = day
        self.kitchen_asked_at = at

    def drop_kitchen(self) -> int | None:
        """Forget the kitchen that declined or did not answer, so it is not offered again."""
        kitchen_id = self.kitchen_id
        if kitchen_id is not None:
            self.declined_kitchen_ids = [*self.declined_kitchen_ids, kitchen_id]
        self.kitchen_id = None
        self.amount_paise = None
        self.kitchen_asked_at = None
        return kitchen_id
