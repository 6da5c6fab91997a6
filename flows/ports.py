"""What a flow may ask of the world. The SQL unit of work and the test fakes both fit these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from domain.capacity import CapacityReason
from domain.channels import MessageKind
from domain.duplicates import DuplicateMatch, DuplicatePolicy
from domain.geo import Point
from domain.giving.accounts import CampaignAccount, CreditAccount, PledgeAccount
from domain.giving.campaigns import Alert, Campaign, Share
from domain.giving.credits import Credit
from domain.giving.ledger import AccountKind, Balance, Entry, EntryKind, Line
from domain.giving.pledges import Pledge
from domain.jobs import Job
from domain.kitchens import Kitchen, KitchenOffer
from domain.orders import Order
from domain.people import Person
from domain.places import PlaceFinder
from domain.privacy import Consent, PersonRecords
from domain.reports import KitchenAnswers, Period
from domain.retention import RetentionPolicy
from domain.safety import AreaStats, Assessment, DeliveryHistory
from domain.staff import Actor, ApiToken, StaffMember


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
    def among(self, order_ids: list[int]) -> list[Order]:
        """These orders, unlocked: for reading."""

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
    def model(self, version: int) -> Any | None: ...
    def promote(self, version: int) -> None: ...
    def demote(self, version: int) -> None: ...


class Staff(Protocol):
    def get(self, staff_id: int) -> StaffMember | None: ...
    def by_email(self, email: str) -> StaffMember | None:
        """The member with this email, held until commit (their login count changes under it)."""

    def add(self, member: StaffMember) -> StaffMember: ...


class ApiTokens(Protocol):
    def add(self, token: ApiToken) -> ApiToken: ...
    def get(self, token_id: int) -> ApiToken | None: ...
    def active_by_digest(self, digest: str) -> ApiToken | None: ...
    def used(self, token_id: int, at: datetime) -> None: ...
    def of_staff(self, staff_id: int) -> list[ApiToken]: ...


class AuditLog(Protocol):
    def record(self, actor: Actor, action: str, target: str = "", reason: str = "", **detail: object) -> None:
        """Written in the same transaction as the action."""


class Attention(Protocol):
    def failed_messages(self, limit: int = 100) -> list[Any]:
        """Outbound rows that did not reach their person (failed, undelivered, not sent), newest first, each
        with `stopped`: whether its address sent STOP, and `kitchen_id`, `kitchen_name`: the kitchen whose
        contact it went to, if any. A message copied to go by SMS is left out: its copy is the same text."""

    def failed_message(self, message_id: int) -> Any | None:
        """Its id, kind and address, if it did not reach its person; locked until the unit of work ends."""

    def copy_of(self, message_id: int) -> int | None:
        """The row made to carry this message by SMS once WhatsApp refused it, if one was."""

    def requeue_message(self, message_id: int, now: datetime) -> bool:
        """A failed outbound message queued again; False unless it had failed."""


class FailedJobs(Protocol):
    """RQ's failed jobs."""

    def retry(self, job_id: str) -> bool: ...
    def discard(self, job_id: str) -> bool: ...


class KitchenStats(Protocol):
    def answers(self, period: Period) -> dict[int, KitchenAnswers]: ...


class Numbers(Protocol):
    """The dashboard's counts by India day (rows with a `day` and the counts) or by map cell."""

    def delivered(self, period: Period) -> list[Any]: ...
    def minutes(self, period: Period) -> list[Any]: ...
    def safety(self, period: Period) -> list[Any]: ...
    def nudges(self, period: Period) -> list[Any]: ...
    def areas(self, period: Period, limit: int = 30) -> list[Any]: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def matches(self, password_hash: str, password: str) -> bool: ...


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


class Ledger(Protocol):
    """The one ledger. Balances never go below zero: PostgreSQL refuses it, not a check in Python."""

    def open_account(self, kind: AccountKind, references: Iterator[str]) -> tuple[int, str]:
        """A new account (its id and reference) under the first of `references` no account has."""

    def record(self, entry: Entry) -> Entry:
        """An entry that cannot take a balance below zero; returned with its id."""

    def take(self, entry: Entry, wait: bool = True) -> Entry | None:
        """An entry that takes from a balance, written only if the balance can give it; else None."""

    def balance(self, account_id: int) -> Balance: ...
    def locked_balance(self, account_id: int) -> Balance: ...
    def entries(self, account_id: int) -> list[Entry]: ...
    def of_order(self, order_id: int) -> list[Entry]: ...
    def unsettled(self, order_id: int, kind: EntryKind) -> list[Entry]: ...
    def stored_balances(self) -> dict[int, Balance]:
        """Each account's balance as kept beside the entries."""

    def summed_balances(self) -> dict[int, Balance]:
        """Each account's balance added up from its entries."""

    def accounts(self) -> list[tuple[int, AccountKind, str, datetime]]:
        """Every account: id, kind, reference, when opened."""


class Credits(Protocol):
    def add(self, credit: Credit) -> Credit: ...
    def get(self, credit_id: int) -> Credit | None: ...
    def by_reference(self, reference: str) -> Credit | None: ...
    def at_kitchen(self, kitchen_id: int) -> list[tuple[Credit, Balance]]: ...
    def usable_at(self, kitchen_id: int) -> list[Credit]:
        """Confirmed credits of the kitchen with a meal left, oldest first."""

    def of_donor(self, donor_id: int) -> list[Credit]: ...


class Pledges(Protocol):
    def add(self, pledge: Pledge) -> Pledge: ...
    def get(self, pledge_id: int) -> Pledge | None: ...
    def by_reference(self, reference: str) -> Pledge | None: ...
    def references(self, pledge_ids: list[int]) -> dict[int, str]:
        """Each pledge's reference, by id, not locked (`get` locks)."""

    def of_donor(self, donor_id: int) -> list[Pledge]: ...
    def all(self) -> list[Pledge]: ...
    def candidates(self, point: Point, amount_paise: int) -> list[Pledge]:
        """Active pledges that can pay `amount_paise`, none whose place is too far from `point`."""

    def due_for_renewal(self, month: date) -> list[int]: ...


class Campaigns(Protocol):
    def add(self, campaign: Campaign) -> Campaign: ...
    def get(self, campaign_id: int) -> Campaign | None: ...
    def by_reference(self, reference: str) -> Campaign | None: ...
    def for_order(self, order_id: int) -> Campaign | None: ...
    def all(self) -> list[Campaign]: ...
    def add_share(self, share: Share) -> Share: ...
    def drop_share(self, share: Share) -> None: ...
    def shares(self, campaign_id: int) -> list[Share]: ...
    def share(self, campaign_id: int, number: int) -> Share | None: ...
    def of_person(self, person_id: int) -> list[Share]: ...
    def set_alert(self, alert: Alert, at: datetime) -> None: ...
    def drop_alert(self, person_id: int) -> None: ...
    def alerts_near(self, point: Point) -> list[Alert]: ...
    def count_alert(self, person_id: int, day: date) -> bool:
        """Counts one campaign notice to the person that day; False when they had their three."""


class GivingSearch(Protocol):
    """Credits, pledges and campaigns with their balances, newest first, a page at a time, never locked.
    Each page comes with the cursor of the next (None on the last); a limit of None reads them all."""

    def credits(
        self, before_id: int | None = None, limit: int | None = 50
    ) -> tuple[list[CreditAccount], int | None]: ...
    def pledges(
        self, status: str | None = None, before_id: int | None = None, limit: int | None = 50, reference: str = ""
    ) -> tuple[list[PledgeAccount], int | None]: ...
    def campaigns(
        self, status: str | None = None, before_id: int | None = None, limit: int | None = 50, reference: str = ""
    ) -> tuple[list[CampaignAccount], int | None]: ...
    def lines(self, account_ids: Iterable[int]) -> dict[int, list[Line]]:
        """Each account's entries, oldest first, with the order or share each concerns."""


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
    staff: Staff
    tokens: ApiTokens
    audit: AuditLog
    attention: Attention
    kitchen_stats: KitchenStats
    numbers: Numbers
    ledger: Ledger
    credits: Credits
    pledges: Pledges
    campaigns: Campaigns
    giving_search: GivingSearch

    def commit(self) -> None: ...
    def later(self, job: Job, *args: object, delay: timedelta | None = None) -> None:
        """Run a job once this unit of work has committed (`delay` after it, if given)."""


class PhotoLinks(Protocol):
    def link(self, photo_id: int, order_id: int | None = None, kitchen_id: int | None = None) -> str:
        """An expiring signed address that shows the photo of that order, to its donor or to that kitchen."""

    def data_link(self, person_id: int) -> str:
        """A signed address, valid DATA_LINK_HOURS, of everything stored about the person."""

    def chat_link(self, text: str) -> str:
        """A wa.me link that opens a chat with Ketpaar with `text` typed in, to forward to friends."""

    def chat_number(self) -> str:
        """Ketpaar's number, as someone without WhatsApp writes to it."""
