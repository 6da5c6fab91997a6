"""Scripted dialogues against the flows, on fakes, compared whole (Zulip's verify_dialog).

    d.verify(DONOR, [("hello", WELCOME), ("1", CONSENT), ("YES", READY)])

Each step sends one message and compares EVERY reply to the sender, exactly and in order: a
string is one reply, a list is several, [] is silence. A step may name what others were told
by it: ("1", "We asked ...", {KITCHEN: request()}); anyone else told anything fails the step.
{ref} in an expected text stands for the reference of the newest order.

The flows' entry points for jobs (the safety score, the photo verdict, a kitchen's silence) are
called here and nowhere else in the tests, so moving them touches this one file.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.capacity import CapacityReason
from domain.duplicates import FaceVerdict
from domain.geo import Point
from domain.kitchens import Kitchen
from domain.orders import Deadlines, Order, OrderStatus
from domain.people import Person
from domain.safety import Signals, assess
from flows import erasure, router
from flows.conversation import Conversation
from flows.donor import resume
from flows.donor.onboarding import CONSENT_VERSION
from flows.messages import Inbound, MediaProblem, Pin
from tests.support import texts
from tests.support.fakes import FakeLinks, FakeUnitOfWork
from tests.support.replies import Expected, assert_told

NOON_IN_CHENNAI = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
SPOT = (13.0604, 80.2496)
DONOR = "whatsapp:+919800000001"
KITCHEN = "whatsapp:+919800000101"
SECOND_KITCHEN = "whatsapp:+919800000102"
# The two kitchens as a donor at SPOT sees them listed.
AMMA_MESS = "Amma Mess: ₹60, 214 m"
SECOND_MESS = "Second Mess: ₹60, 349 m"


@dataclass(frozen=True)
class Photo:
    caption: str = ""


@dataclass(frozen=True)
class PinAt:
    lat: object
    lng: object
    label: str = ""


@dataclass(frozen=True)
class BadMedia:
    problem: MediaProblem


class Dialogue:
    def __init__(
        self, uow: FakeUnitOfWork | None = None, now: datetime = NOON_IN_CHENNAI, deadlines: Deadlines | None = None
    ):
        self.uow = uow or FakeUnitOfWork()
        self.now = now
        self.deadlines = deadlines or Deadlines()
        self.links = FakeLinks()
        self.photo_ids = itertools.count(100)
        self.seen: dict[str, int] = defaultdict(int)  # messages to each address the test has looked at

    # ---- talking ------------------------------------------------------------------------

    def inbound(self, sender: str, message: object) -> Inbound:
        if isinstance(message, Photo):
            return Inbound(sender, text=message.caption, photo_ids=(next(self.photo_ids),))
        if isinstance(message, PinAt):
            return Inbound(sender, pin=Pin(str(message.lat), str(message.lng), message.label))
        if isinstance(message, BadMedia):
            return Inbound(sender, media_problem=message.problem)
        return Inbound(sender, text=str(message))

    def send(self, sender: str, message: object) -> list[str]:
        """Handles one message; returns what the sender was told since the last look."""
        commits = self.uow.commits
        router.handle(self.uow, self.links, self.now, self.inbound(sender, message), deadlines=self.deadlines)
        assert self.uow.commits == commits, "a flow step never commits: the job that runs it commits once, after it"
        return self.told(sender)

    def hold_passes(self) -> None:
        """A few seconds pass with nothing said: each interim note still held is sent (see FakeOutbox)."""
        self.uow.outbox.release_held()

    def told(self, address: str) -> list[str]:
        """Everything sent to this address since the test last looked."""
        messages = self.uow.outbox.to(address)
        new, self.seen[address] = messages[self.seen[address] :], len(messages)
        return new

    def expect(self, address: str, wanted: Expected) -> None:
        """What the address was told since the last look is exactly `wanted`."""
        assert_told(address, self.told(address), wanted, **self.values())

    def verify(self, sender: str, script: list[tuple]) -> None:
        for message, wanted, *rest in script:
            others: dict[str, Expected] = rest[0] if rest else {}
            before = len(self.uow.outbox.sent)
            replies = self.send(sender, message)
            assert_told(f"{sender} after {message!r}", replies, wanted, **self.values())
            reached = {to for to, _, _ in self.uow.outbox.sent[before:]} | set(others)
            for address in sorted(reached - {sender}):
                told = self.told(address)
                assert_told(
                    f"{address} after {sender} sent {message!r}", told, others.get(address, []), **self.values()
                )

    @property
    def places(self):
        """What FEED finds: the test names the places (see FakePlaces)."""
        return self.uow.places

    def values(self) -> dict[str, str]:
        return {"ref": self.newest_order().reference} if self.uow.orders.rows else {}

    # ---- what is stored -----------------------------------------------------------------

    def newest_order(self) -> Order:
        return self.uow.orders.rows[max(self.uow.orders.rows)]

    def order(self, address: str = DONOR) -> Order:
        return self.uow.orders.get(self.uow.people.by_address(address).active_order_id)

    def conversation(self, address: str) -> Conversation:
        return Conversation(
            self.uow, self.links, self.now, self.uow.people.by_address(address), deadlines=self.deadlines
        )

    # ---- what jobs do ---------------------------------------------------------------------

    def process_photos(self, verdict: FaceVerdict = FaceVerdict.ONE_FACE) -> None:
        """What the photo job does once it has looked at each waiting seeker photo."""
        waiting = [args for job, args in self.uow.jobs if job == "process_photo" and args[2] == "seeker"]
        self.uow.jobs = [(job, args) for job, args in self.uow.jobs if job != "process_photo"]
        for photo_id, order_id, _ in waiting:
            order = self.uow.orders.get(order_id)
            donor = self.uow.people.get(order.donor_id)
            convo = Conversation(self.uow, self.links, self.now, donor, deadlines=self.deadlines)
            resume.photo_processed(convo, order, photo_id, verdict)

    def process_delivery_photos(self, usable: bool = True) -> None:
        """What the photo job does once it has cleaned and stored each waiting delivery photo (or found it unusable)."""
        waiting = [args for job, args in self.uow.jobs if job == "process_photo" and args[2] == "delivery"]
        self.uow.jobs = [(job, args) for job, args in self.uow.jobs if args not in waiting]
        for _, order_id, _ in waiting:
            order = self.uow.orders.get(order_id)
            donor = self.uow.people.get(order.donor_id)
            resume.delivery_photo_ready(Conversation(self.uow, self.links, self.now, donor), order, usable)

    def run_safety_check(self, address: str = DONOR) -> None:
        """What the safety job does once it has the score (no map facts: unknowns score as unknown)."""
        order = self.order(address)
        assessment = assess(Point(order.lat, order.lng), self.now, Signals())
        resume.safety_assessed(self.conversation(address), order, assessment)

    def run_erasure(self) -> None:
        """What the erasure job does once a person confirmed DELETE MY DATA."""
        waiting = [args for job, args in self.uow.jobs if job == "erase_person"]
        self.uow.jobs = [(job, args) for job, args in self.uow.jobs if job != "erase_person"]
        for person_id, *rest in waiting:
            erasure.erase(Conversation(self.uow, self.links, self.now, self.uow.people.get(person_id)), *rest)

    def kitchen_times_out(self, address: str = DONOR) -> None:
        """What the sweep does to an order whose kitchen did not answer in time.

        Which orders are late is the sweep's query, tested on the real database.
        """
        resume.kitchen_dropped_out(self.conversation(address), self.order(address), CapacityReason.TIMED_OUT)

    def kitchens_wait_sweep(self) -> None:
        """What the sweep does each minute to the orders waiting for a kitchen to free up, oldest first.

        Which orders wait is the sweep's query, tested on the real database.
        """
        waiting = [order for order in self.uow.orders.rows.values() if order.state == OrderStatus.WAITING_FOR_KITCHEN]
        for order in sorted(waiting, key=lambda order: (order.updated_at, order.id)):
            donor = self.uow.people.get(order.donor_id)
            resume.kitchen_wait(Conversation(self.uow, self.links, self.now, donor, deadlines=self.deadlines), order)

    def pledge_times_out(self, address: str = DONOR) -> None:
        """What the sweep does to a meal whose pledger did not pay the kitchen in time.

        Which meals are late is the sweep's query, tested on the real database.
        """
        resume.pledge_timed_out(self.conversation(address), self.order(address))

    def renew_pledges(self) -> None:
        """What the sweep does on the 1st of the month to every monthly pledge that is due."""
        for pledge in self.uow.pledges.all():
            if pledge.renewal_due(self.now):
                resume.renew(Conversation(self.uow, self.links, self.now, self.uow.people.get(pledge.donor_id)), pledge)

    def campaigns_sweep(self) -> None:
        """What the sweep does each minute to every open campaign: expire it, or tell its progress."""
        for campaign in self.uow.campaigns.all():
            creator = self.uow.people.get(campaign.creator_id)
            resume.campaign_turn(
                Conversation(self.uow, self.links, self.now, creator, deadlines=self.deadlines), campaign
            )

    def shares_sweep(self) -> None:
        """What the sweep does each minute to campaigns' orders with shares asked for: the late ones lapse."""
        for campaign in self.uow.campaigns.all():
            order = self.uow.orders.get(campaign.order_id)
            if order.is_open:
                creator = self.uow.people.get(order.donor_id)
                resume.shares_overdue(
                    Conversation(self.uow, self.links, self.now, creator, deadlines=self.deadlines), order
                )

    # ---- people and places ----------------------------------------------------------------

    def onboarded_donor(self, address: str = DONOR, language: str = "en") -> Person:
        """Language chosen and consent given to the consent text as it is now."""
        person = Person(address=address, created_at=self.now, language=language, language_chosen=True)
        person.consent_at, person.consent_version = self.now, CONSENT_VERSION
        return self.uow.people.add(person)

    def photographed(self, address: str = DONOR) -> None:
        """A photo, and yes, the person agreed to it."""
        self.verify(address, [(Photo(), texts.ASKED_ABOUT_PHOTO), ("YES", texts.AGREED)])

    def kitchen(
        self, name: str = "Amma Mess", address: str = KITCHEN, at=(13.0612, 80.2478), meals: int = 5
    ) -> Kitchen:
        person = self.uow.people.add(Person(address=address, created_at=self.now, language_chosen=True))
        kitchen = Kitchen(
            name=name,
            kind="restaurant",
            person_id=person.id,
            lat=at[0],
            lng=at[1],
            upi_vpa="amma@okaxis",
            price_paise=6000,
            daily_capacity=meals,
            verified=True,
            created_at=self.now,
        )
        return self.uow.kitchens.add(kitchen)

    def second_kitchen(self) -> Kitchen:
        return self.kitchen("Second Mess", SECOND_KITCHEN, at=(13.0630, 80.2478))

    def chose_amma_mess(self, address: str = DONOR) -> None:
        """Through the checks to the list of the kitchens made so far, then Amma Mess chosen and asked."""
        self.through_the_checks(address)
        listed = [AMMA_MESS] + ([SECOND_MESS] if self.uow.people.by_address(SECOND_KITCHEN) else [])
        self.expect(address, texts.kitchens(*(f"{number}. {line}" for number, line in enumerate(listed, start=1))))
        chosen = texts.ASKED_AMMA_MESS
        request = texts.request(photo=f"https://ketpaar.test/photos/{self.order(address).photo_id}")
        self.verify(address, [("1", chosen, {KITCHEN: request})])

    def through_the_checks(self, address: str = DONOR) -> None:
        """An onboarded donor's photo (one face) and pin, through both checks.

        What the checks end with (the kitchen list, a rejection, a nudge) is left for the test to expect.
        """
        self.onboarded_donor(address)
        self.photographed(address)
        self.process_photos()
        self.verify(address, [(PinAt(*SPOT), [])])  # "we are checking the spot" is held: the result follows
        self.run_safety_check(address)
