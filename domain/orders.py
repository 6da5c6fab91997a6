"""A meal order and the state machine it moves through."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.duplicates import DuplicateMatch, FaceVerdict
from domain.geo import Point
from domain.places import PointSource
from domain.safety import Assessment


class OrderStatus(StrEnum):
    CREATED = "CREATED"
    SAFETY_CHECK = "SAFETY_CHECK"
    SAFETY_REJECTED = "SAFETY_REJECTED"
    VENDOR_SELECTION = "VENDOR_SELECTION"
    WAITING_FOR_KITCHEN = "WAITING_FOR_KITCHEN"
    PAYMENT_REDIRECT = "PAYMENT_REDIRECT"
    PAYMENT_CONFIRMED = "PAYMENT_CONFIRMED"
    PAYMENT_FAILED = "PAYMENT_FAILED"
    IN_TRANSIT = "IN_TRANSIT"
    DELIVERED = "DELIVERED"
    DELIVERY_FAILED = "DELIVERY_FAILED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


S = OrderStatus


class PhotoState(StrEnum):
    """Where an order's seeker photo stands."""

    NONE = ""  # no photo, or none that is usable
    AWAITING_CONSENT = "awaiting_consent"  # the donor is asked whether the person agreed
    PENDING = "pending"  # being processed by the photo job
    READY = "ready"  # cleaned, stored and looked at


class Funding(StrEnum):
    """Who pays the kitchen for an order. Ketpaar never does: every rupee goes straight to the kitchen."""

    DONOR = "donor"  # the donor who asked, by the UPI link
    CREDIT = "credit"  # a meal another donor paid the kitchen for ahead
    PLEDGE = "pledge"  # a pledger, by a UPI link for this one meal
    CAMPAIGN = "campaign"  # a campaign's contributors, each their share


class DuplicateAnswer(StrEnum):
    """The donor's answer to a nudge about a recent meal for the same person nearby."""

    NONE = ""  # not asked
    ASKED = "asked"
    CONTINUED = "continued"  # feed them anyway


# The seed's machine, as a table: from a status, the statuses it may move to.
# SAFETY_REJECTED -> SAFETY_CHECK lets a donor send a new pin for the same order.
# PAYMENT_REDIRECT -> VENDOR_SELECTION: the kitchen was suspended, or gave the order up, before it confirmed payment.
# VENDOR_SELECTION -> WAITING_FOR_KITCHEN: no kitchen near can cook now; the order and its photo are kept
# while a sweep asks each kitchen that frees up (-> VENDOR_SELECTION), until the donor shares another
# pin (-> SAFETY_CHECK), cancels, or the wait is over (-> CANCELLED).
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.CREATED: frozenset({S.SAFETY_CHECK, S.CANCELLED}),
    S.SAFETY_CHECK: frozenset({S.VENDOR_SELECTION, S.SAFETY_REJECTED, S.CANCELLED}),
    S.SAFETY_REJECTED: frozenset({S.SAFETY_CHECK, S.CANCELLED}),
    S.VENDOR_SELECTION: frozenset({S.PAYMENT_REDIRECT, S.WAITING_FOR_KITCHEN, S.CANCELLED}),
    S.WAITING_FOR_KITCHEN: frozenset({S.VENDOR_SELECTION, S.SAFETY_CHECK, S.CANCELLED}),
    S.PAYMENT_REDIRECT: frozenset({S.PAYMENT_CONFIRMED, S.PAYMENT_FAILED, S.CANCELLED, S.VENDOR_SELECTION}),
    S.PAYMENT_CONFIRMED: frozenset({S.IN_TRANSIT, S.DELIVERED, S.DELIVERY_FAILED}),
    S.IN_TRANSIT: frozenset({S.DELIVERED, S.DELIVERY_FAILED}),
    S.DELIVERED: frozenset({S.COMPLETED}),
    S.PAYMENT_FAILED: frozenset(),
    S.DELIVERY_FAILED: frozenset(),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

FINAL = frozenset(status for status, moves in TRANSITIONS.items() if not moves)
# A donor may cancel until the kitchen confirms it has the money.
CANCELLABLE = frozenset(s for s, moves in TRANSITIONS.items() if S.CANCELLED in moves)
# A kitchen's meal is reserved for the order while it is in one of these.
HOLDS_MEAL = frozenset({S.VENDOR_SELECTION, S.PAYMENT_REDIRECT})
# Orders a kitchen still has something to do for.
KITCHEN_ACTIVE = frozenset({S.VENDOR_SELECTION, S.PAYMENT_REDIRECT, S.PAYMENT_CONFIRMED, S.IN_TRANSIT})
# Orders whose seeker has been, or is being, fed: the kitchen accepted.
FED = frozenset({S.PAYMENT_REDIRECT, S.PAYMENT_CONFIRMED, S.IN_TRANSIT, S.DELIVERED, S.COMPLETED})
# Orders that ended without feeding anyone: they do not count as an earlier meal for the same person.
ENDED_UNFED = frozenset({S.CANCELLED, S.SAFETY_REJECTED, S.PAYMENT_FAILED, S.DELIVERY_FAILED})
# How deliveries at a spot ended, as its history counts them.
DELIVERED_OK = frozenset({S.DELIVERED, S.COMPLETED})
DELIVERY_FAILED = frozenset({S.DELIVERY_FAILED})

# A donor's "I paid" that the kitchen has not confirmed in this long goes to an admin.
PAID_CLAIM_MINUTES = 30

# Letters a person will not misread on a small screen or over the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 4
# Short references while they are free; if they keep colliding, longer ones (the column holds 8).
REFERENCE_TRIES = ((REFERENCE_LENGTH, 10), (6, 5), (8, 5))


@dataclass(frozen=True)
class Deadlines:
    """How long the people on an order have, in minutes; bot/settings.py reads each from the environment."""

    # A kitchen asked to cook has this long to answer before the next kitchen is asked.
    kitchen_answer_minutes: int = 5
    # With no kitchen near able to cook, the donor is told of the first that can within this long;
    # after it the order is closed: the person has likely moved on, and their photo should not stay.
    kitchen_wait_minutes: int = 30
    # A pledger asked to pay for one meal has this long before the next pledge is asked.
    pledge_payment_minutes: int = 15
    # A campaign's contributors have this long to pay their shares once the kitchen accepts.
    share_payment_minutes: int = 30
    # A campaign that has not met its threshold in this long expires: the person has likely moved on.
    campaign_minutes: int = 120


class IllegalTransition(Exception):
    """An order was asked to move where its state machine does not allow."""

    def __init__(self, reference: str, current: OrderStatus, wanted: OrderStatus):
        super().__init__(f"order {reference}: {current.value} -> {wanted.value} is not allowed")
        self.current = current
        self.wanted = wanted


class NoFreeReference(Exception):
    """Every reference tried was taken: something is wrong with the generator, not with the order."""


def new_reference(length: int = REFERENCE_LENGTH) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


def reference_candidates() -> Iterator[str]:
    """References to try in turn for a new order: a bounded number, so no collision loops forever."""
    for length, tries in REFERENCE_TRIES:
        for _ in range(tries):
            yield new_reference(length)


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
    donor_id: int | None  # None once anonymised, or once the donor erased their data
    created_at: datetime
    status: str = S.CREATED.value
    photo_id: int | None = None
    lat: float | None = None
    lng: float | None = None
    place_label: str = ""
    place_address: str = ""
    seeker_description: str = ""  # a few words from the donor, when the person did not agree to a photo
    point_source: str = "pin"  # a PointSource: how precisely the point is known
    kitchen_id: int | None = None
    amount_paise: int | None = None
    meal_day: date | None = None  # the India-time day the kitchen's meal was reserved on
    kitchen_asked_at: datetime | None = None
    declined_kitchen_ids: list = field(default_factory=list)
    offered_kitchen_ids: list = field(default_factory=list)
    safety_score: float | None = None
    safety_passed: bool | None = None
    safety_breakdown: dict = field(default_factory=dict)
    photo_state: str = PhotoState.NONE
    face_verdict: str = ""  # a FaceVerdict once the photo was looked at
    duplicate_of: str | None = None  # the earlier order of the same person, nearby and recent
    duplicate_metres: float | None = None
    duplicate_minutes: int | None = None
    duplicate_distance: float | None = None
    duplicate_answer: str = DuplicateAnswer.NONE
    duplicate_delivered: bool | None = None  # the earlier meal was handed over, not only ordered
    payment_asked_at: datetime | None = None  # when the kitchen accepted and the donor got the UPI link
    donor_paid_at: datetime | None = None  # when the donor said PAID; the kitchen's PAID confirms it
    flagged_at: datetime | None = None  # handed to an admin
    flag_reason: str = ""
    delivery_photo_id: int | None = None
    failure_reason: str | None = None  # UNSAFE, NOT FOUND or REFUSED, when the kitchen said
    rating: int | None = None
    funding: str = Funding.DONOR.value
    updated_at: datetime | None = None
    id: int | None = None
    events: list = field(default_factory=list)

    @property
    def state(self) -> OrderStatus:
        return OrderStatus(self.status)

    @property
    def point(self) -> Point:
        return Point(self.lat, self.lng)

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
        """Forget the kitchen that declined or did not answer, so it is not offered again.

        What was said about paying it goes with it: the next kitchen's payment clock starts afresh.
        """
        kitchen_id = self.kitchen_id
        if kitchen_id is not None:
            self.declined_kitchen_ids = [*self.declined_kitchen_ids, kitchen_id]
        self.kitchen_id = None
        self.amount_paise = None
        self.kitchen_asked_at = None
        self.payment_asked_at = self.donor_paid_at = None
        return kitchen_id

    def wait_for_kitchen(self, at: datetime) -> None:
        """No kitchen near can cook now: the order waits, from `at`, for one to free up."""
        self.offered_kitchen_ids = []
        self.move_to(S.WAITING_FOR_KITCHEN, at, "no kitchen can cook now")

    def waited_since(self, cutoff: datetime) -> bool:
        """Waiting for a kitchen since `cutoff` or before. The wait began with the order's last move."""
        return self.state == S.WAITING_FOR_KITCHEN and self.updated_at is not None and self.updated_at <= cutoff

    def set_place(self, point: Point, label: str, address: str, source: PointSource = PointSource.PIN) -> None:
        """Where the meal goes; a new place has not been judged safe yet."""
        self.lat, self.lng = point.lat, point.lng
        self.place_label, self.place_address = label, address
        self.point_source = source.value
        self.safety_passed = None

    @property
    def typed_place(self) -> bool:
        """The place was written, not pinned: its point is near it, not on it."""
        return self.point_source != PointSource.PIN

    def learn_address(self, address: str) -> None:
        """The street address the map found, unless the donor's pin named one."""
        if address and not self.place_address:
            self.place_address = address

    def attach_photo(self, photo_id: int, consented: bool) -> None:
        """A new seeker photo: nothing is known of it yet, and no duplicate was found for it."""
        self.photo_id = photo_id
        self.photo_state = PhotoState.PENDING if consented else PhotoState.AWAITING_CONSENT
        self.face_verdict = ""
        self.duplicate_of, self.duplicate_answer = None, DuplicateAnswer.NONE
        self.duplicate_metres = self.duplicate_minutes = self.duplicate_distance = None
        self.duplicate_delivered = None

    def photo_consented(self) -> None:
        self.photo_state = PhotoState.PENDING

    def photo_declined(self) -> None:
        """The person did not agree: the photo goes, and no face check is made."""
        self.forget_photo()
        self.face_verdict = FaceVerdict.DECLINED.value

    def forget_photo(self) -> None:
        self.photo_id, self.photo_state = None, PhotoState.NONE

    def record_face(self, verdict: FaceVerdict) -> None:
        """What the photo job saw; a photo of many people is not kept."""
        self.face_verdict = verdict.value
        if verdict == FaceVerdict.MANY_FACES:
            self.forget_photo()
        else:
            self.photo_state = PhotoState.READY

    @property
    def photo_unsettled(self) -> bool:
        """The photo is still being asked about or looked at, or a photo of just the person is awaited."""
        waiting = self.photo_state in (PhotoState.PENDING, PhotoState.AWAITING_CONSENT)
        return waiting or self.face_verdict == FaceVerdict.MANY_FACES

    def record_safety(self, assessment: Assessment) -> None:
        self.safety_score = assessment.score
        self.safety_passed = assessment.passed
        self.safety_breakdown = {
            "breakdown": assessment.breakdown(),
            "reasons": assessment.reasons(),
            "missing_signals": assessment.missing_signals,
            "threshold": assessment.threshold,
            "model_version": assessment.model_version,
        }

    def record_duplicate(self, match: DuplicateMatch) -> None:
        """An earlier seeker nearby looks the same: the donor is asked before going on."""
        self.duplicate_of, self.duplicate_metres = match.reference, match.metres
        self.duplicate_minutes, self.duplicate_distance = match.minutes, match.distance
        self.duplicate_delivered = match.delivered
        self.duplicate_answer = DuplicateAnswer.ASKED

    def feed_anyway(self) -> None:
        self.duplicate_answer = DuplicateAnswer.CONTINUED

    def ask_payment(self, at: datetime) -> None:
        """The kitchen accepted: the donor is asked to pay it, and the payment clock starts."""
        self.payment_asked_at = at
        self.move_to(S.PAYMENT_REDIRECT, at, "kitchen accepted")

    def claim_paid(self, at: datetime) -> None:
        """The donor says they paid; only the kitchen's PAID moves the order on. The first claim counts."""
        if self.donor_paid_at is None:
            self.donor_paid_at = at
            self.events.append(OrderEvent(self.status, self.status, at, "donor says paid"))

    def payment_overdue(self, cutoff: datetime, funding: Funding = Funding.DONOR) -> bool:
        """Its payer (the donor, or a pledger) was asked to pay before `cutoff` and has neither paid nor said so."""
        asked = self.payment_asked_at
        waiting = self.state == S.PAYMENT_REDIRECT and self.funding == funding and self.donor_paid_at is None
        return waiting and asked is not None and asked <= cutoff

    def claim_unconfirmed(self, cutoff: datetime) -> bool:
        """The donor said PAID before `cutoff`, the kitchen has not confirmed, and no admin was told yet."""
        claimed = self.donor_paid_at
        waiting = self.state == S.PAYMENT_REDIRECT and self.flagged_at is None
        return waiting and claimed is not None and claimed <= cutoff

    def flag(self, reason: str, at: datetime) -> None:
        self.flagged_at, self.flag_reason = at, reason
        self.events.append(OrderEvent(self.status, self.status, at, f"flagged: {reason}"))

    def rate(self, stars: int, at: datetime) -> None:
        self.rating = stars
        self.move_to(S.COMPLETED, at, f"rated {stars}")

    def deliver(self, photo_id: int | None, at: datetime) -> None:
        """Handed over; with the kitchen's photo, unless the kitchen is on SMS and can send none."""
        self.delivery_photo_id = photo_id
        self.move_to(S.DELIVERED, at, "kitchen delivered")

    def fail_delivery(self, reason: str | None, said: str, at: datetime) -> None:
        """`reason` is one of the known failure reasons, or None; `said` is what the kitchen wrote."""
        self.failure_reason = reason
        self.move_to(S.DELIVERY_FAILED, at, said or "no reason given")
