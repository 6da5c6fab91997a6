"""A whole meal over the signed webhook and real workers, for tests that look at what it left behind
(the dashboard, the API). The conversation itself is checked in tests/e2e/test_meal.py."""

from __future__ import annotations

from tests.support.faces import face
from tests.support.stack import Clock
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard


def deliver_a_meal(client, services, media, clock: Clock, donor: str = "+919800000001", rating: str = "5") -> str:
    """From the pin, the kitchen accepts after 2 minutes and delivers 30 minutes later; returns the reference."""
    phone = Phone(client, services, donor, media)
    cook = Phone(client, services, "+919800000101", media)
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
