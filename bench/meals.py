"""What a whole meal costs: messages in and out by person and channel, SMS parts, templates by category,
Google calls by kind, and the rupees they come to (bench/prices.py).

The meals of tests/support/meals.py, played over the signed webhook against the real app, PostgreSQL,
Redis and RQ jobs (a worker in burst mode after each message, as the end-to-end tests run them), with
Google's recorded answers moved to each spot and a clock at noon in Chennai. Nothing here is timed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bench import prices
from bench.report import Fixed, table
from bot.web.app import create_app
from compose import Services
from jobs import runtime
from tests.support.google_http import GoogleAroundEveryPoint
from tests.support.meals import KITCHEN_STEPS, MEALS, Count, Table, meal_services
from tests.support.media_host import MediaHost
from tests.support.stack import NOON_IN_CHENNAI, Clock

MEAL_RUPEES = 60  # what the donor pays the kitchen: the cost of messages is read against it


@dataclass(frozen=True)
class Played:
    name: str
    count: Count

    @property
    def whatsapp_messages(self) -> int:
        both = (self.count.messages_in, self.count.messages_out)
        return sum(n for counted in both for (_, channel), n in counted.items() if channel == "whatsapp")

    @property
    def sms_parts(self) -> int:
        return self.count.sms_parts_in + self.count.sms_parts_out

    @property
    def twilio_rupees(self) -> float:
        return prices.rupees(self.whatsapp_messages, self.sms_parts, {}, {})

    @property
    def meta_rupees(self) -> float:
        return prices.rupees(0, 0, self.count.templates, {})

    @property
    def google_rupees(self) -> float:
        return prices.rupees(0, 0, {}, self.count.google)

    @property
    def rupees(self) -> float:
        return prices.rupees(self.whatsapp_messages, self.sms_parts, self.count.templates, self.count.google)


def run(env: dict[str, str], services: Services) -> list[Played]:
    """Every meal of tests/support/meals.py in order, on services of its own (its clock, its Google)."""
    clock = Clock(NOON_IN_CHENNAI)
    google = GoogleAroundEveryPoint()
    built = meal_services(services.settings, clock, google)
    try:
        with MediaHost() as media:
            stack = Table(create_app(built).test_client(), built, media, clock, google)
            stack.open()
            return [Played(meal.name, stack.play(meal)) for meal in MEALS]
    finally:
        runtime.use(None)
        built.engine.dispose()


def by_channel(counted: Counter, person: str) -> str:
    """A person's messages by channel, e.g. "3 WhatsApp" or "2 SMS + 1 WhatsApp"."""
    parts = [
        f"{n} {'WhatsApp' if channel == 'whatsapp' else 'SMS'}"
        for (who, channel), n in counted.items()
        if who == person
    ]
    return " + ".join(sorted(parts)) or "0"


def kinds(counted: Counter) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counted.items())) or "-"


def render(played: list[Played]) -> str:
    messages = [
        (
            meal.name,
            by_channel(meal.count.messages_in, "donor"),
            by_channel(meal.count.messages_out, "donor"),
            by_channel(meal.count.messages_in, "kitchen"),
            by_channel(meal.count.messages_out, "kitchen"),
            meal.count.total,
            f"{meal.count.sms_parts_in} / {meal.count.sms_parts_out}",
            kinds(meal.count.templates),
            kinds(meal.count.google),
        )
        for meal in played
    ]
    costs = [
        (
            meal.name,
            Fixed(meal.twilio_rupees),
            Fixed(meal.meta_rupees),
            Fixed(meal.google_rupees),
            Fixed(meal.rupees),
            f"{meal.rupees / MEAL_RUPEES:.0%}",
        )
        for meal in played
    ]
    return "\n\n".join(
        [
            "## What a meal costs in messages and Google calls",
            "Played over the signed webhook on the real stack (tests/support/meals.py): each donor sends what the "
            "bot asks for and picks the first kitchen listed; the kitchen (WhatsApp, its window open unless said) "
            f"sends {', '.join(KITCHEN_STEPS)} (with a photo); the donor rates the meal. Google answers from "
            "recordings moved to each spot; each spot is more than 100 m from the others but the one whose "
            "meal says it is near another.",
            table(
                [
                    "meal",
                    "donor in",
                    "donor out",
                    "kitchen in",
                    "kitchen out",
                    "in + out",
                    "SMS parts in / out",
                    "templates",
                    "Google calls",
                ],
                messages,
            ),
            f"Estimated cost (bench/prices.py: Twilio per message or SMS part, Meta's fee per template in India, "
            f"Google per call; ₹{prices.RUPEES_PER_DOLLAR:.0f} to the dollar), against a ₹{MEAL_RUPEES} meal:",
            table(["meal", "Twilio ₹", "Meta ₹", "Google ₹", "total ₹", "of the meal"], costs),
        ]
    )
