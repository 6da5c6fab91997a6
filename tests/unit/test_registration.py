"""A kitchen registers over WhatsApp, as a scripted dialogue."""

from __future__ import annotations

from tests.unit.dialogue import Dialogue, PinAt

OWNER = "whatsapp:+919800000200"


def test_a_kitchen_registers_and_waits_for_verification():
    d = Dialogue()
    d.verify(
        OWNER,
        [
            ("VENDOR", "name of your kitchen"),
            ("Selvi's Kitchen", "What kind of kitchen"),
            ("9", "number from 1 to 4"),
            ("2", "location of your kitchen"),
            ("here", "location pin"),
            (PinAt(40.7, -74.0), "outside India"),
            (PinAt(13.05, 80.25), "FSSAI"),
            ("1234", "14 digits"),
            ("12345678901234", "UPI ID"),
            ("selvi at bank", "does not look like a UPI ID"),
            ("selvi@okhdfc", "charge for one meal"),
            ("free", "whole rupees"),
            ("₹45", "is registered"),
        ],
    )
    kitchen = d.uow.kitchens.for_person(d.uow.people.by_address(OWNER).id)
    assert (kitchen.name, kitchen.kind, kitchen.price_paise, kitchen.verified) == (
        "Selvi's Kitchen",
        "home_kitchen",
        4500,
        False,
    )
    assert (kitchen.lat, kitchen.lng, kitchen.fssai, kitchen.upi_vpa) == (
        13.05,
        80.25,
        "12345678901234",
        "selvi@okhdfc",
    )
    d.verify(OWNER, [("VENDOR", "already registered"), ("CAPACITY 10", "10 meals a day")])


def test_registration_can_be_stopped():
    d = Dialogue()
    d.verify(OWNER, [("vendor", "name"), ("Selvi", "kind"), ("cancel", "Registration stopped")])
    assert d.uow.people.by_address(OWNER).step == ""
    assert d.uow.kitchens.for_person(d.uow.people.by_address(OWNER).id) is None
