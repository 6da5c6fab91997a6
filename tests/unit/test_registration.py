"""A kitchen registers over WhatsApp, as a scripted dialogue: every reply compared whole."""

from __future__ import annotations

from tests.support.dialogue import Dialogue, PinAt

OWNER = "whatsapp:+919800000200"
WELCOME = "Welcome! Let us register your kitchen. Send CANCEL at any time to stop."
NAME = "What is the name of your kitchen?"
KIND = "What kind of kitchen is it? Reply with a number:\n1. restaurant\n2. home kitchen\n3. food truck\n4. NGO kitchen"


def test_a_kitchen_registers_and_waits_for_verification():
    d = Dialogue()
    d.verify(
        OWNER,
        [
            ("VENDOR", f"{WELCOME}\n{NAME}"),
            ("Selvi's Kitchen", KIND),
            ("9", "Please reply with a number from 1 to 4."),
            ("2", "Please share the location of your kitchen (a location pin)."),
            ("here", "Please share the location pin of your kitchen."),
            (
                PinAt(40.7, -74.0),
                "That location is outside India. Ketpaar works only in India. Please share where you are.",
            ),
            (PinAt(13.05, 80.25), "What is your 14-digit FSSAI licence or registration number?"),
            ("1234", "An FSSAI number has 14 digits. Please check and send it again."),
            ("12345678901234", "What is your UPI ID (like name@bank)? Donors pay you there directly."),
            ("selvi at bank", "That does not look like a UPI ID. It looks like name@bank. Please send it again."),
            ("selvi@okhdfc", "What do you charge for one meal, in rupees? (for example 60)"),
            ("free", "Please send the price of one meal in whole rupees, from 1 to 500."),
            (
                "₹45",
                "Thank you! Selvi's Kitchen is registered. An admin will verify your kitchen soon and we will "
                "message you. Meanwhile send CAPACITY and the meals you can give each day (like CAPACITY 20), "
                "and your hours (like HOURS 11-14,18-21). Now: 8-22.",
            ),
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
    d.verify(
        OWNER,
        [
            ("VENDOR", "This number is already registered as a kitchen. Send HELP for kitchen commands."),
            ("CAPACITY 10", "Capacity set: 10 meals a day. Left today: 10."),
        ],
    )


def test_registration_can_be_stopped():
    d = Dialogue()
    d.verify(
        OWNER,
        [
            ("vendor", f"{WELCOME}\n{NAME}"),
            ("Selvi", KIND),
            ("cancel", "Registration stopped. Send VENDOR to start again."),
        ],
    )
    assert d.uow.people.by_address(OWNER).step == ""
    assert d.uow.kitchens.for_person(d.uow.people.by_address(OWNER).id) is None
