"""STOP and START as scripted dialogues on fakes: every reply compared whole, in three languages,
on WhatsApp and SMS. What the send job holds back from a stopped address is not "told" here
(the fake outbox keeps it aside, as the real send job records it unsent)."""

from __future__ import annotations

import pytest

from domain.orders import OrderStatus
from tests.support.dialogue import DONOR, KITCHEN, SECOND_KITCHEN, SECOND_MESS, Dialogue
from tests.support.texts import HELP, NOT_UNDERSTOOD, kitchens, request

SMS_DONOR = "+919800000201"
STOPPED = {
    "en": "You will get no more messages from Ketpaar. Send START to get them again.",
    "ta": "இனி Ketpaar-இடமிருந்து செய்திகள் வராது. மீண்டும் பெற START அனுப்புங்கள்.",
    "hi": "अब Ketpaar से कोई मैसेज नहीं आएगा। फिर से पाने के लिए START भेजें।",
}
WELCOME_BACK = {
    "en": "Welcome back: you will get messages from Ketpaar again. Send HELP to see what you can do.",
    "ta": "மீண்டும் வருக: Ketpaar செய்திகள் மீண்டும் வரும். நீங்கள் என்ன செய்யலாம் என்று பார்க்க HELP அனுப்புங்கள்.",
    "hi": "फिर से स्वागत है: अब Ketpaar के मैसेज फिर से आएँगे। आप क्या कर सकते हैं, यह देखने के लिए HELP भेजें।",
}
STOP_WORD = {"en": "STOP", "ta": "நிறுத்து", "hi": "रुको"}
KITCHEN_PAUSED = (
    "Amma Mess is paused: you will get no new orders and no more messages from Ketpaar. Send START to get them again."
)


@pytest.mark.parametrize("address", [DONOR, SMS_DONOR])
@pytest.mark.parametrize("language", ["en", "ta", "hi"])
def test_stop_gets_one_confirmation_then_silence_until_start(language, address):
    d = Dialogue()
    d.onboarded_donor(address, language=language)
    d.verify(
        address,
        [
            (STOP_WORD[language], STOPPED[language]),
            ("hello", []),  # kept, not answered
            ("STOP", []),  # no second confirmation
            ("UNSUBSCRIBE", []),
            ("START", WELCOME_BACK[language]),
        ],
    )
    assert d.uow.outbox.withheld == []  # nothing was even queued while stopped


def test_after_start_the_donor_is_where_they_were():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [("stop", STOPPED["en"]), ("start", WELCOME_BACK["en"]), ("HELP", HELP)])


def test_start_without_a_stop_is_an_ordinary_message():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(DONOR, [("START", f"{NOT_UNDERSTOOD}\n{HELP}")])


def asked_amma_mess(second: bool = False) -> Dialogue:
    d = Dialogue()
    d.kitchen()
    if second:
        d.second_kitchen()
    d.chose_amma_mess()
    return d


def test_a_donors_open_order_is_cancelled_and_the_kitchen_told_not_to_cook():
    d = asked_amma_mess()
    d.verify(
        DONOR,
        [
            (
                "STOP",
                "Order {ref} is cancelled. No money was taken.\n" + STOPPED["en"],
                {KITCHEN: "Order {ref} was cancelled by the donor. Please do not cook it."},
            )
        ],
    )
    assert d.newest_order().state == OrderStatus.CANCELLED
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "cancelled"]
    d.verify(KITCHEN, [("ACCEPT", "You have no open order.")])


def test_a_paid_order_still_comes_and_the_donor_hears_nothing_more_about_it():
    d = asked_amma_mess()
    d.send(KITCHEN, "ACCEPT")
    d.send(KITCHEN, "PAID")
    d.told(DONOR)
    paid = "Order {ref} is already paid, so the kitchen will still bring the meal.\n" + STOPPED["en"]
    d.verify(DONOR, [("STOP", paid)])
    d.verify(
        KITCHEN,
        [("READY", [], {})],
    )
    assert d.newest_order().state == OrderStatus.IN_TRANSIT
    assert [body for _, body in d.uow.outbox.withheld] == [
        f"The meal for order {d.newest_order().reference} is on its way."
    ]


def test_a_kitchen_that_stops_is_paused_and_its_order_goes_to_the_next_kitchen():
    d = asked_amma_mess(second=True)
    moved = "Amma Mess can no longer take orders, so your order needs another kitchen."
    d.verify(
        KITCHEN,
        [
            (
                "stop",
                "Orders {ref} went to other kitchens. Please do not cook them.\n" + KITCHEN_PAUSED,
                {DONOR: moved + "\n" + kitchens(f"1. {SECOND_MESS}")},
            ),
            ("STATUS", []),
        ],
    )
    amma = d.uow.kitchens.get(1)
    assert amma.paused_at == d.now and not amma.takes_orders and amma.verified
    assert [entry[4] for entry in d.uow.kitchens.log] == ["reserved", "paused"]
    asked = "We asked Second Mess to cook the meal (₹60). They have 5 minutes to answer."
    d.verify(DONOR, [("1", asked, {SECOND_KITCHEN: request()})])
    d.verify(
        KITCHEN,
        [("START", "Welcome back: Amma Mess can take new orders again. Send HELP to see the kitchen commands.")],
    )
    assert d.uow.kitchens.get(1).takes_orders


def test_a_kitchen_stopping_in_tamil_keeps_its_paid_order_and_is_told_to_deliver_it():
    d = asked_amma_mess()
    d.uow.people.by_address(KITCHEN).language = "ta"
    d.send(KITCHEN, "ACCEPT")
    d.send(KITCHEN, "PAID")
    d.told(DONOR)
    d.verify(
        KITCHEN,
        [
            (
                "நிறுத்து",
                "ஆர்டர்கள் {ref} க்குப் பணம் ஏற்கனவே வந்துவிட்டது. அவற்றைக் கண்டிப்பாகக் கொண்டு சேருங்கள்.\n"
                "Amma Mess நிறுத்தி வைக்கப்பட்டது: இனி புதிய ஆர்டர்களும் Ketpaar செய்திகளும் வராது. "
                "மீண்டும் பெற START அனுப்புங்கள்.",
            )
        ],
    )
    assert d.newest_order().state == OrderStatus.PAYMENT_CONFIRMED


def test_a_kitchen_stopping_in_hindi_is_told_in_hindi():
    d = Dialogue()
    d.kitchen()
    d.uow.people.by_address(KITCHEN).language = "hi"
    d.verify(
        KITCHEN,
        [
            (
                "रुको",
                "Amma Mess रोक दिया गया है: अब नए ऑर्डर और Ketpaar के मैसेज नहीं आएँगे। फिर से पाने के लिए START भेजें।",
            ),
            (
                "START",
                "फिर से स्वागत है: Amma Mess अब फिर से नए ऑर्डर ले सकता है। रसोई के कमांड देखने के लिए HELP भेजें।",
            ),
        ],
    )
