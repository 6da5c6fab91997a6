"""What a flow may ask of the world. The SQL unit of work and the test fakes both fit these."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.duplicates import DuplicateMatch, DuplicatePolicy
from domain.geo import Point
from domain.jobs import Job
from domain.kitchens import Kitchen, KitchenOffer
from domain.orders import Order
from domain.people import Person
from domain.places import PlaceFinder
from domain.privacy import Consent, PersonRecords
from domain.retention import RetentionPolicy
from domain.safety import AreaStats, Assessment, DeliveryHistory


class People(Protocol):
    def by_address(self, address: str) -> Person | None: ...
    def get(self, person_id: int) -> Person | None: ...
    def add(self, person: Person) -> Person: ...


class Kitchens(Protocol):
    def get(self, kitchen_id: int) -> Kitchen | None: ...
    def for_person(self, person_id: int) -> Kitchen | None: ...
    def all(self) -> list[Kitchen]: ...
    def add(self, kitchen: Kitchen) -> Kitchen: ...
    def near(self, point: Point, day: date) -> list[KitchenOffer]: ...
    def reserve_meal(self, kitchen: Kitchen, day: date, order_id: int) -> bool: ...
    def release_meal(self, kitchen_id: int, day: date, order_id: int, reason: CapacityReason) -> None: ...
    def set_capacity(self, kitchen: Kitchen, meals: int, day: date) -> None: ...
    def meals_left(self, kitchen: Kitchen, day: date) -> int: ...
    def add_rating(self, kitchen_id: int, stars: int) -> None: ...


class Orders(Protocol):
    def add(self, order: Order) -> Order: ...
    def add_numbered(self, order: Order, references: Iterator[str]) -> Order:
        """Adds a new order under the first of `references` that no other order has."""

    def get(self, order_id: int) -> Order | None: ...
    def by_reference(self, reference: str) -> Order | None: ...
    def for_donor(self, donor_id: int, limit: int = 5) -> list[Order]: ...
    def open_for_kitchen(self, kitchen_id: int) -> list[Order]: ...
    def delivery_history(self, point: Point, since: datetime) -> DeliveryHistory: ...
    def recent_meal_near(
        self, order_id: int, point: Point, now: datetime, policy: DuplicatePolicy
    ) -> DuplicateMatch | None:
        """A live or delivered order near the point and recent: the duplicate check without a face."""

    def flagged(self) -> list[Order]: ...


class Faces(Protocol):
    """Compares a seeker's stored face with earlier ones; never hands out an embedding."""

    def find_duplicate(
        self, order_id: int, point: Point, now: datetime, policy: DuplicatePolicy
    ) -> DuplicateMatch | None: ...
    def forget(self, order_id: int) -> None: ...
    def checks_since(self, donor_id: int, since: datetime) -> int:
        """How many duplicate lookups were made for this donor since then."""

    def record_check(self, donor_id: int, order_id: int, at: datetime) -> None: ...


class Consents(Protocol):
    def record(self, consent: Consent) -> None: ...
    def of_person(self, person_id: int) -> list[Consent]: ...


class PersonalData(Protocol):
    """What is stored about one person beyond their profile, for MY DATA and DELETE MY DATA."""

    policy: RetentionPolicy

    def records(self, person: Person) -> PersonRecords: ...
    def erased_at(self, address: str) -> datetime | None:
        """When this number's data was erased before, if it was (known by a keyed hash)."""

    def forget(self, person: Person, order_ids: list[int], now: datetime) -> None:
        """Deletes the person, their messages and consents, and what kitchens were told of these orders."""

    def hold_unsent(self, address: str) -> None:
        """The messages still to send to an erased number are deleted once sent."""


class SafetyRecords(Protocol):
    def area_at(self, point: Point) -> AreaStats | None: ...
    def current_model(self) -> Any | None:
        """The promoted model's version and path, if any."""

    def record(self, order_id: int | None, point: Point, at: datetime, assessment: Assessment) -> None: ...


class Outbox(Protocol):
    def send(
        self,
        to: str,
        body: str,
        media_urls: tuple[str, ...] = (),
        *,
        kind: MessageKind = MessageKind.REPLY,
        variables: dict[str, str] | None = None,
        language: str = "en",
        whole: tuple[str, ...] = (),
        interim: bool = False,
    ) -> None:
        """Queues a text to a person's own address. What one unit of work says to one person goes as one
        message where it may (domain.combining); the send job picks its channel."""


class Channels(Protocol):
    """Whether a person's address stopped (STOP) and when they last wrote."""

    def stopped(self, address: str) -> bool: ...
    def stop(self, address: str, at: datetime, by: str) -> bool:
        """False when the address had stopped already."""

    def start(self, address: str) -> bool:
        """False when the address had not stopped."""


class UnitOfWork(Protocol):
    people: People
    kitchens: Kitchens
    orders: Orders
    outbox: Outbox
    channels: Channels
    faces: Faces
    safety: SafetyRecords
    consents: Consents
    privacy: PersonalData
    places: PlaceFinder  # finds a place typed by SMS

    def commit(self) -> None: ...
    def later(self, job: Job, *args: object, delay: timedelta | None = None) -> None:
        """Run a job once this unit of work has committed (`delay` after it, if given)."""


class PhotoLinks(Protocol):
    def link(self, photo_id: int, order_id: int | None = None, kitchen_id: int | None = None) -> str:
        """An expiring signed address that shows the photo of that order, to its donor or to that kitchen."""

    def data_link(self, person_id: int) -> str:
        """A signed address, valid DATA_LINK_HOURS, of everything stored about the person."""
