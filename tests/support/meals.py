"""Whole meals played over the signed webhook, as a donor and a kitchen play them, and what each one cost:
messages in and out by person and channel, SMS parts, templates by category, Google calls by kind.

The message budget test (tests/e2e/test_message_budget.py) and `python -m bench meals` play the same meals;
`deliver_a_meal` plays one for tests that look at what it left behind (the dashboard, the API).
Only what people send is scripted; what the bot answers is counted, never compared, so a changed text
changes no script. The meals run in order on one stack: the returning donor is the first one, back later.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text

from bot.settings import Settings
from compose import Services, build_services
from domain import sms
from domain.channels import TEMPLATE_CATEGORIES, TEMPLATE_KINDS, MessageKind, channel_of
from domain.hours import india_day
from flows import admin
from jobs import runtime
from tests.support.faces import face
from tests.support.google_http import GoogleAroundEveryPoint
from tests.support.media_host import MediaHost
from tests.support.sms import SmsPhone
from tests.support.stack import NOON_IN_CHENNAI, Clock, wipe
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard

GOOGLE_KEY = "AIzaSyMealsKeyForRecordedResponses00000"
KITCHEN = "+919800000101"
WHATSAPP_DONOR = "+919800000001"
SMS_DONOR = "+919800000002"
# Each meal's spot is its own: more than 100 m from the others (no duplicate nudge, no shared Google
# answers) and within 3 km of the kitchen at (13.0612, 80.2478).
FIRST_SPOT = (13.0604, 80.2496)
RETURNING_SPOT = (13.0640, 80.2525)
NEAR_RETURNING_SPOT = (13.0645, 80.2527)  # 60 m from it, in the next cell
SMS_SPOT = (13.0570, 80.2455)
WINDOW_CLOSED_SPOT = (13.0665, 80.2440)
# What the kitchen sends for each order: what the bot's messages ask of it, in order. (READY is the
# kitchen's to send if it likes; until the messages were cut it was asked for, after PAID.)
KITCHEN_STEPS = ("ACCEPT", "PAID", "DELIVERED")


def meal_services(settings: Settings, clock: Clock, google: GoogleAroundEveryPoint) -> Services:
    """Services whose Google is the recorded answers around each point asked about, emptied and in use by jobs."""
    configured = dataclasses.replace(settings, google_maps_api_key=GOOGLE_KEY, media_allowed_hosts=("127.0.0.1",))
    built = build_services(configured, maps_session=google.session(), clock=clock)
    wipe(built)
    runtime.use(built)
    return built


@dataclass
class Count:
    """What one meal cost. Persons are "donor" and "kitchen"; channels "whatsapp" and "sms"."""

    messages_in: Counter = field(default_factory=Counter)  # (person, channel) → messages
    messages_out: Counter = field(default_factory=Counter)
    sms_parts_in: int = 0
    sms_parts_out: int = 0
    templates: Counter = field(default_factory=Counter)  # category → templates sent
    google: Counter = field(default_factory=Counter)  # kind → calls, as the app counted them
    google_answered: Counter = field(default_factory=Counter)  # kind → calls the recordings answered

    @property
    def total(self) -> int:
        """Messages in and out together: what the budget counts."""
        return sum(self.messages_in.values()) + sum(self.messages_out.values())


@dataclass(frozen=True)
class Mark:
    inbound_id: int
    outbound_id: int
    google_answered: int
    google_counted: Counter


class Table:
    """The stack a meal is played on: one kitchen, the phones, the clock and Google's recorded answers."""

    def __init__(self, client, services: Services, media: MediaHost, clock: Clock, google: GoogleAroundEveryPoint):
        self.client = client
        self.services = services
        self.media = media
        self.clock = clock
        self.google = google
        self.kitchen = Phone(client, services, KITCHEN, media)

    def open(self) -> None:
        """The kitchen, verified and open all day; a template for every kind and language; and the kitchen's
        last message an hour ago, so that its WhatsApp window is open when the first meal starts."""
        new = admin.NewKitchen("Amma Mess", KITCHEN, 13.0612, 80.2478, 50, 60, "ammamess@okaxis", True, hours="0-24")
        with self.services.uow() as uow:
            admin.add_kitchen(uow, new, self.clock())
            for number, kind in enumerate(TEMPLATE_KINDS):
                for language in ("en", "ta", "hi"):
                    uow.templates.set(kind, language, f"HX{number:02d}{language}" + "0" * 28, self.clock())
            uow.commit()
        self.clock.advance(hours=-1)
        self.kitchen.send("STATUS")
        self.clock.advance(hours=1)

    def play(self, meal: Meal) -> Count:
        mark = self.mark()
        meal.play(self)
        return self.count_since(mark)

    def mark(self) -> Mark:
        with self.services.engine.connect() as connection:
            inbound = connection.scalar(text("SELECT coalesce(max(id), 0) FROM inbound_messages"))
            outbound = connection.scalar(text("SELECT coalesce(max(id), 0) FROM outbound_messages"))
        return Mark(inbound, outbound, len(self.google.kinds), self.google_counted())

    def google_counted(self) -> Counter:
        """Every call the app counted, by kind, from the first meal's India day to the clock's."""
        first, last = india_day(NOON_IN_CHENNAI), india_day(self.clock())
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return sum((Counter(self.services.maps.calls_on(day)) for day in days), Counter())

    def count_since(self, mark: Mark) -> Count:
        count = Count()
        with self.services.engine.connect() as connection:
            received = connection.execute(
                text("SELECT sender, params->>'Body' AS body FROM inbound_messages WHERE id > :id"),
                {"id": mark.inbound_id},
            )
            for row in received:
                channel = channel_of(row.sender).value
                count.messages_in[(self.person(row.sender), channel)] += 1
                if channel == "sms":
                    count.sms_parts_in += max(1, sms.count_segments(row.body or ""))
            sent = connection.execute(
                text(
                    "SELECT to_address, channel, kind, content_sid, body FROM outbound_messages "
                    "WHERE id > :id AND sent_at IS NOT NULL"
                ),
                {"id": mark.outbound_id},
            )
            for row in sent:
                count.messages_out[(self.person(row.to_address), row.channel)] += 1
                if row.channel == "sms":
                    count.sms_parts_out += sms.count_segments(row.body)
                if row.content_sid:
                    count.templates[TEMPLATE_CATEGORIES[MessageKind(row.kind)].value] += 1
        count.google = self.google_counted() - mark.google_counted
        count.google_answered.update(self.google.kinds[mark.google_answered :])
        return count

    def person(self, address: str) -> str:
        return "kitchen" if address.removeprefix("whatsapp:") == KITCHEN else "donor"

    # ---- the people's side ------------------------------------------------------------------

    def whatsapp_donor(self) -> Phone:
        return Phone(self.client, self.services, WHATSAPP_DONOR, self.media)

    def reference_of(self, donor: Phone) -> str:
        with self.services.engine.connect() as connection:
            return connection.scalar(
                text(
                    "SELECT o.reference FROM orders o JOIN people p ON p.id = o.donor_id "
                    "WHERE p.address = :address ORDER BY o.id DESC LIMIT 1"
                ),
                {"address": donor.address},
            )

    def whatsapp_order(self, donor: Phone, photo: bytes, spot: tuple[float, float]) -> None:
        """A photo, the pin (which says the person agreed, as the question asks), the first kitchen listed; the
        kitchen's steps; a rating."""
        donor.send(photo=photo)
        donor.send(pin=spot)
        donor.send("1")
        self.kitchen_cooks(self.reference_of(donor))
        donor.send("5")

    def kitchen_cooks(self, reference: str) -> None:
        for step in KITCHEN_STEPS:
            photo = jpeg(colour="green") if step == "DELIVERED" else None
            self.kitchen.send(f"{step} {reference}", photo=photo)


@dataclass(frozen=True)
class Meal:
    name: str
    play: Callable[[Table], None]


def first_time_whatsapp(table: Table) -> None:
    donor = table.whatsapp_donor()
    for answer in ("hi", "1", "yes"):  # the language menu, English, the consent
        donor.send(answer)
    table.whatsapp_order(donor, face("person_a_1.jpg"), FIRST_SPOT)


def returning_whatsapp(table: Table) -> None:
    """The same donor two hours later, feeding someone else elsewhere: both WhatsApp windows still open."""
    table.clock.advance(hours=2)
    table.whatsapp_order(table.whatsapp_donor(), face("person_b_1.jpg"), RETURNING_SPOT)


def returning_near_a_recent_spot(table: Table) -> None:
    """The same donor 20 minutes later, 60 m away, feeding someone fed nowhere near: the spot's places and road
    are those Google gave for the last meal's; only its own address is asked."""
    table.clock.advance(minutes=20)
    table.whatsapp_order(table.whatsapp_donor(), face("person_a_2.jpg"), NEAR_RETURNING_SPOT)


def first_time_sms(table: Table) -> None:
    """A feature phone: FEED with a PIN code and a landmark (Google finds one place), a NOTE as the bot
    suggests, the first kitchen listed; the kitchen's steps; a rating."""
    table.clock.advance(hours=1)
    table.google.typed_at = SMS_SPOT
    donor = SmsPhone(table.client, table.services, SMS_DONOR)
    donor.send("FEED 600018 Gemini flyover")
    donor.send("NOTE old man, blue shirt")
    donor.send("1")
    table.kitchen_cooks(table.reference_of(donor))
    donor.send("5")


def returning_window_closed(table: Table) -> None:
    """The WhatsApp donor a day later: the kitchen has not written for 24 hours, so the new order goes to it
    as a template (the donor's own window opens with the photo)."""
    table.clock.advance(hours=25)
    table.whatsapp_order(table.whatsapp_donor(), face("person_c_1.jpg"), WINDOW_CLOSED_SPOT)


MEALS = (
    Meal("first-time WhatsApp donor", first_time_whatsapp),
    Meal("returning WhatsApp donor", returning_whatsapp),
    Meal("returning WhatsApp donor, 60 m from a spot checked 20 minutes before", returning_near_a_recent_spot),
    Meal("first-time SMS donor", first_time_sms),
    Meal("returning WhatsApp donor, kitchen's window closed", returning_window_closed),
)


def deliver_a_meal(client, services, media, clock: Clock, donor: str = "+919800000001", rating: str = "5") -> str:
    """From the pin, the kitchen accepts after 2 minutes and delivers 30 minutes later; returns the reference."""
    phone = Phone(client, services, donor, media)
    cook = Phone(client, services, KITCHEN, media)
    onboard(phone)
    reference = phone.photograph(face("person_a_1.jpg"))
    phone.send(pin=SPOT)
    phone.send("1")
    clock.advance(minutes=2)
    for command in ("ACCEPT", "PAID", "READY"):
        cook.send(f"{command} {reference}")
    clock.advance(minutes=30)
    cook.send(f"DELIVERED {reference}", photo=jpeg(colour="green"))
    if rating:
        phone.send(rating)
    return reference
