"""MY DATA by chat: a short summary of what is kept and until when, and a link to all of it."""

from __future__ import annotations

from tests.support.dialogue import DONOR, KITCHEN, SPOT, Dialogue, PinAt
from tests.support.texts import WELCOME

LINK = "All of it as a file (the link works for 24 hours): https://ketpaar.test/my-data/1"


def test_a_new_donor_is_told_what_little_is_kept_before_choosing_a_language():
    d = Dialogue()
    d.verify(
        DONOR,
        [
            ("my data", "What we keep about you:\n• your number, language and consents\n" + LINK),
            ("hello", WELCOME),  # the conversation goes on where it was
        ],
    )


def test_a_donor_with_an_order_is_told_until_when_its_number_and_place_are_kept():
    d = Dialogue()
    d.onboarded_donor()
    d.photographed()
    d.verify(DONOR, [(PinAt(*SPOT), [])])
    summary = (
        "What we keep about you:\n"
        "• your number, language and consents\n"
        "• orders: 1, with your number until 24-02-2027\n"
        "• exact places until 03-12-2026\n" + LINK
    )
    d.verify(DONOR, [("MY DATA", summary), ("My  Data!", summary)])


def test_a_kitchen_asks_in_tamil_and_is_answered_in_tamil():
    d = Dialogue()
    kitchen = d.kitchen()
    d.uow.people.get(kitchen.person_id).language = "ta"
    d.verify(
        KITCHEN,
        [
            (
                "என் தரவு",
                "உங்களைப் பற்றி நாங்கள் வைத்திருப்பவை:\n"
                "• உங்கள் எண், மொழி, சம்மதங்கள்\n"
                "• உங்கள் சமையலறை Amma Mess, அதன் ஆர்டர்கள்: 0\n"
                "எல்லாம் ஒரே கோப்பாக (இணைப்பு 24 மணி நேரம் வேலை செய்யும்): https://ketpaar.test/my-data/1",
            )
        ],
    )


def test_a_donor_asks_in_hindi_and_is_answered_in_hindi():
    d = Dialogue()
    d.onboarded_donor(language="hi")
    d.verify(
        DONOR,
        [
            (
                "मेरा डेटा",
                "हम आपके बारे में यह रखते हैं:\n"
                "• आपका नंबर, भाषा और सहमतियाँ\n"
                "सब कुछ एक फ़ाइल में (लिंक 24 घंटे चलेगा): https://ketpaar.test/my-data/1",
            )
        ],
    )


def test_my_data_during_a_kitchens_registration_leaves_the_registration_where_it_was():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            (
                "VENDOR",
                "Welcome! Let us register your kitchen. Send CANCEL at any time to stop.\n"
                "What is the name of your kitchen?",
            )
        ],
    )
    d.verify(DONOR, [("MY DATA", "What we keep about you:\n• your number, language and consents\n" + LINK)])
    assert d.uow.people.by_address(DONOR).step == "register:name"
