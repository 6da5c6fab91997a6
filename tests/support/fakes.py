"""Hand-written fakes of the flows' ports: in-memory, no I/O."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from domain.capacity import CapacityReason, reserved_change
from domain.channels import MessageKind
from domain.combining import Text, combine
from domain.duplicates import DuplicateMatch, DuplicatePolicy
from domain.geo import Point, distance_m
from domain.kitchens import SEARCH_RADIUS_M, Kitchen, KitchenOffer
from domain.orders import DELIVERED_OK, ENDED_UNFED, KITCHEN_ACTIVE, Order
from domain.people import Person
from domain.places import FoundPlace, PlaceQuery
from domain.privacy import Consent, PersonRecords
from domain.retention import RetentionPolicy
from domain.safety import DeliveryHistory
from domain.staff import Actor, ApiToken, StaffMember
from tests.support.fake_giving import FakeCampaigns, FakeCredits, FakeLedger, FakePledges


class FakePeople:
    def __init__(self):
        self.rows: dict[int, Person] = {}
        self.ids = itertools.count(1)

    def by_address(self, address: str) -> Person | None:
        return next((person for person in self.rows.values() if person.address == address), None)

    def get(self, person_id: int) -> Person | None:
        return self.rows.get(person_id)

    def add(self, person: Person) -> Person:
        person.id = next(self.ids)
        self.rows[person.id] = person
        return person


class FakeKitchens:
    def __init__(self):
        self.rows: dict[int, Kitchen] = {}
        self.ids = itertools.count(1)
        self.reserved: dict[tuple[int, date], int] = {}
        self.capacity: dict[tuple[int, date], int] = {}
        self.log: list[tuple[int, date, int | None, int, str]] = []

    def get(self, kitchen_id: int) -> Kitchen | None:
        return self.rows.get(kitchen_id)

    def for_person(self, person_id: int) -> Kitchen | None:
        return next((kitchen for kitchen in self.rows.values() if kitchen.person_id == person_id), None)

    def all(self) -> list[Kitchen]:
        return list(self.rows.values())

    def add(self, kitchen: Kitchen) -> Kitchen:
        kitchen.id = next(self.ids)
        self.rows[kitchen.id] = kitchen
        return kitchen

    def near(self, point: Point, day: date) -> list[KitchenOffer]:
        offers = [
            KitchenOffer(kitchen, distance_m(point, kitchen.point), self.meals_left(kitchen, day))
            for kitchen in self.rows.values()
            if kitchen.verified and distance_m(point, kitchen.point) <= SEARCH_RADIUS_M
        ]
        return sorted(offers, key=lambda offer: offer.distance_m)

    def _day(self, kitchen: Kitchen, day: date) -> tuple[int, date]:
        key = (kitchen.id, day)
        self.capacity.setdefault(key, kitchen.daily_capacity)
        self.reserved.setdefault(key, 0)
        return key

    def reserve_meal(self, kitchen: Kitchen, day: date, order_id: int) -> bool:
        key = self._day(kitchen, day)
        if self.reserved[key] >= self.capacity[key]:
            return False
        self.reserved[key] += 1
        self.log.append((kitchen.id, day, order_id, reserved_change(CapacityReason.RESERVED), "reserved"))
        return True

    def release_meal(self, kitchen_id: int, day: date, order_id: int, reason: CapacityReason) -> None:
        key = self._day(self.rows[kitchen_id], day)
        if self.reserved[key] > 0:
            self.reserved[key] -= 1
            self.log.append((kitchen_id, day, order_id, reserved_change(reason), reason.value))

    def set_capacity(self, kitchen: Kitchen, meals: int, day: date) -> None:
        kitchen.daily_capacity = meals
        self.capacity[self._day(kitchen, day)] = meals

    def add_rating(self, kitchen_id: int, stars: int) -> None:
        self.rows[kitchen_id].rating_total += stars
        self.rows[kitchen_id].rating_count += 1

    def meals_left(self, kitchen: Kitchen, day: date) -> int:
        key = self._day(kitchen, day)
        return max(0, self.capacity[key] - self.reserved[key])


class FakeOrders:
    def __init__(self):
        self.rows: dict[int, Order] = {}
        self.ids = itertools.count(1)

    def add(self, order: Order) -> Order:
        order.id = next(self.ids)
        self.rows[order.id] = order
        return order

    def add_numbered(self, order: Order, references) -> Order:
        order.reference = next(reference for reference in references if not self.reference_taken(reference))
        return self.add(order)

    def get(self, order_id: int) -> Order | None:
        return self.rows.get(order_id)

    def by_reference(self, reference: str) -> Order | None:
        return next((order for order in self.rows.values() if order.reference == reference.upper()), None)

    def reference_taken(self, reference: str) -> bool:
        return self.by_reference(reference) is not None

    def among(self, order_ids: list[int]) -> list[Order]:
        return [self.rows[order_id] for order_id in order_ids if order_id in self.rows]

    def for_donor(self, donor_id: int, limit: int = 5) -> list[Order]:
        mine = [order for order in self.rows.values() if order.donor_id == donor_id]
        return sorted(mine, key=lambda order: (order.created_at, order.id), reverse=True)[:limit]

    def open_for_kitchen(self, kitchen_id: int) -> list[Order]:
        orders = self.rows.values()
        return [order for order in orders if order.kitchen_id == kitchen_id and order.state in KITCHEN_ACTIVE]

    def delivery_history(self, point: Point, since: datetime) -> DeliveryHistory:
        return DeliveryHistory(0, 0)

    def recent_meal_near(self, order_id: int, point: Point, now: datetime, policy: DuplicatePolicy):
        """The newest order a kitchen was asked to cook, not ended unfed, within the radius and window."""
        earlier = [
            order
            for order in self.rows.values()
            if order.id != order_id
            and order.kitchen_id is not None
            and order.state not in ENDED_UNFED
            and order.lat is not None
            and distance_m(point, order.point) <= policy.radius_m
            and order.created_at >= now - policy.window
        ]
        if not earlier:
            return None
        newest = max(earlier, key=lambda order: order.created_at)
        minutes = int((now - newest.created_at).total_seconds() // 60)
        delivered = newest.state in DELIVERED_OK
        return DuplicateMatch(newest.reference, round(distance_m(point, newest.point)), minutes, None, delivered)


class FakeFaces:
    """Holds which order's seeker looks like which earlier one; the test says so."""

    def __init__(self):
        self.matches: dict[int, DuplicateMatch] = {}
        self.forgotten: list[int] = []
        self.checks: list[tuple[int, int, datetime]] = []  # donor, order, when

    def find_duplicate(self, order_id: int, point: Point, now: datetime, policy: DuplicatePolicy):
        return self.matches.get(order_id)

    def checks_since(self, donor_id: int, since: datetime) -> int:
        return sum(1 for donor, _, at in self.checks if donor == donor_id and at >= since)

    def record_check(self, donor_id: int, order_id: int, at: datetime) -> None:
        self.checks.append((donor_id, order_id, at))

    def forget(self, order_id: int) -> None:
        self.forgotten.append(order_id)
        self.matches.pop(order_id, None)


class FakeConsents:
    def __init__(self):
        self.rows: list[Consent] = []

    def record(self, consent: Consent) -> None:
        self.rows.append(consent)

    def of_person(self, person_id: int) -> list[Consent]:
        return [consent for consent in self.rows if consent.person_id == person_id]


class FakePrivacy:
    """What the fakes hold about a person: their orders and the messages sent to them."""

    def __init__(self, uow: FakeUnitOfWork):
        self.uow = uow
        self.policy = RetentionPolicy()
        self.erased: dict[str, datetime] = {}  # the real one keeps a keyed hash, not the number
        self.forgotten: list[tuple[int, list[int]]] = []  # person, their orders

    def erased_at(self, address: str) -> datetime | None:
        return self.erased.get(address)

    def forget(self, person: Person, order_ids: list[int], now: datetime) -> None:
        """The messages stay in the fake outbox: the tests read the last word from it."""
        del self.uow.people.rows[person.id]
        self.uow.consents.rows = [consent for consent in self.uow.consents.rows if consent.person_id != person.id]
        self.erased[person.address] = now
        self.forgotten.append((person.id, order_ids))

    def hold_unsent(self, address: str) -> None:
        pass

    def records(self, person: Person) -> PersonRecords:
        orders = [order for order in self.uow.orders.rows.values() if order.donor_id == person.id]
        kitchen = self.uow.kitchens.for_person(person.id)
        cooked = [order for order in self.uow.orders.rows.values() if kitchen and order.kitchen_id == kitchen.id]
        return PersonRecords(orders=orders, kitchen_orders=cooked)


class FakeChannels:
    """Addresses that sent STOP; when people last wrote is the send job's business, not the flows'."""

    def __init__(self):
        self.stopped_at: dict[str, datetime] = {}

    def stopped(self, address: str) -> bool:
        return address in self.stopped_at

    def stop(self, address: str, at: datetime, by: str) -> bool:
        if address in self.stopped_at:
            return False
        self.stopped_at[address] = at
        return True

    def start(self, address: str) -> bool:
        return self.stopped_at.pop(address, None) is not None


class FakeOutbox:
    """What the flows queued, combined as the real outbox combines it (domain.combining) when a unit of
    work ends: `flush`, which reading `sent` also does. A message to an address that stopped is kept
    aside, as the send job would leave it unsent (the one STOP confirmation excepted). An interim note
    waits in `held` until a later message to the same address replaces it, or `release_held` says its
    few seconds passed with nothing said."""

    def __init__(self, channels: FakeChannels | None = None):
        self.channels = channels or FakeChannels()
        self._texts: list[Text] = []
        self._sent: list[tuple[str, str, tuple[str, ...]]] = []
        self._kinds: list[tuple[str, MessageKind, dict[str, str]]] = []  # to, kind, template values
        self.withheld: list[tuple[str, str]] = []
        self.held: list[Text] = []

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
        if self.channels.stopped(to) and kind != MessageKind.STOP_CONFIRMATION:
            self.withheld.append((to, body))
            return
        self._texts.append(Text(to, body, tuple(media_urls), kind, variables or {}, language, whole, interim))

    def flush(self) -> None:
        """The end of a unit of work: what it said is stored, one message per person where it may be."""
        texts, self._texts = self._texts, []
        messages = combine(texts)
        replaced = {message.to for message in messages if not message.interim}
        self.held = [note for note in self.held if note.to not in replaced]
        for message in messages:
            if message.interim:
                self.held.append(message)
            else:
                self._store(message)

    def release_held(self) -> None:
        """The hold passed with nothing else said: each note still held is sent."""
        self.flush()
        held, self.held = self.held, []
        for note in held:
            self._store(note)

    def _store(self, message: Text) -> None:
        self._sent.append((message.to, message.body, message.media))
        self._kinds.append((message.to, message.kind, dict(message.variables)))

    @property
    def sent(self) -> list[tuple[str, str, tuple[str, ...]]]:
        self.flush()
        return self._sent

    @property
    def kinds(self) -> list[tuple[str, MessageKind, dict[str, str]]]:
        self.flush()
        return self._kinds

    def to(self, address: str) -> list[str]:
        return [body for to, body, _ in self.sent if to == address]


class FakePlaces:
    """What a typed place finds: the test names the places for each (landmark, PIN code); others find none."""

    def __init__(self):
        self.known: dict[tuple[str, str | None], list[FoundPlace]] = {}
        self.asked: list[tuple[PlaceQuery, Point | None]] = []

    def add(self, landmark: str, pincode: str | None, *places: FoundPlace) -> None:
        self.known[(landmark, pincode)] = list(places)

    def find(self, query: PlaceQuery, near: Point | None) -> list[FoundPlace]:
        self.asked.append((query, near))
        return self.known.get((query.landmark, query.pincode), [])


class FakeAudit:
    def __init__(self):
        self.entries: list[tuple[str, str, str, str, dict]] = []  # who, action, target, reason, detail

    def record(self, actor: Actor, action: str, target: str = "", reason: str = "", **detail: object) -> None:
        self.entries.append((actor.name, action, target, reason, detail))


class FakeStaff:
    def __init__(self):
        self.rows: dict[int, StaffMember] = {}
        self.ids = itertools.count(1)

    def get(self, staff_id: int) -> StaffMember | None:
        return self.rows.get(staff_id)

    def by_email(self, email: str) -> StaffMember | None:
        return next((member for member in self.rows.values() if member.email == email), None)

    def add(self, member: StaffMember) -> StaffMember:
        member.id = next(self.ids)
        self.rows[member.id] = member
        return member


class FakeTokens:
    def __init__(self):
        self.rows: dict[int, ApiToken] = {}
        self.ids = itertools.count(1)

    def add(self, token: ApiToken) -> ApiToken:
        token.id = next(self.ids)
        self.rows[token.id] = token
        return token

    def get(self, token_id: int) -> ApiToken | None:
        return self.rows.get(token_id)

    def active_by_digest(self, digest: str) -> ApiToken | None:
        return next((token for token in self.rows.values() if token.digest == digest and token.active), None)

    def used(self, token_id: int, at: datetime) -> None:
        self.rows[token_id].last_used_at = at


class FakePasswords:
    """Not a hash: the unit tests check the rules around it, not scrypt. Counts its calls."""

    def __init__(self):
        self.calls = 0

    def hash(self, password: str) -> str:
        self.calls += 1
        return f"fake${password}"

    def matches(self, password_hash: str, password: str) -> bool:
        self.calls += 1
        return password_hash == f"fake${password}"


class FakeUnitOfWork:
    def __init__(self):
        self.people = FakePeople()
        self.kitchens = FakeKitchens()
        self.orders = FakeOrders()
        self.channels = FakeChannels()
        self.outbox = FakeOutbox(self.channels)
        self.faces = FakeFaces()
        self.consents = FakeConsents()
        self.privacy = FakePrivacy(self)
        self.places = FakePlaces()
        self.staff = FakeStaff()
        self.tokens = FakeTokens()
        self.audit = FakeAudit()
        self.ledger = FakeLedger()
        self.credits = FakeCredits(self.ledger)
        self.pledges = FakePledges(self.ledger)
        self.campaigns = FakeCampaigns(self.people)
        self.jobs: list[tuple[str, tuple]] = []
        self.commits = 0

    def commit(self) -> None:
        """Use cases that own their transaction (an operator's) commit; a flow step never does (see Dialogue.send)."""
        self.commits += 1

    def later(self, job: str, *args: object, delay: object = None) -> None:
        self.jobs.append((job, args))


class FakeLinks:
    def link(self, photo_id: int, order_id: int | None = None, kitchen_id: int | None = None) -> str:
        return f"https://ketpaar.test/photos/{photo_id}"

    def data_link(self, person_id: int) -> str:
        return f"https://ketpaar.test/my-data/{person_id}"

    def chat_link(self, text: str) -> str:
        return "https://wa.me/14155238886?text=" + text.replace(" ", "%20")

    def chat_number(self) -> str:
        return "+14155238886"
