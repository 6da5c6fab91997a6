"""Every text an SMS person may read fits two SMS parts, in every language, with the longest values it
can be given; a reference and a UPI ID never run across two parts.

Tamil and Hindi go as UCS-2: 67 characters a part (70 alone); English goes as GSM-7 once ₹ is
written "Rs.": 153 a part (160 alone).
"""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from domain import sms
from domain.geo import Point, map_link
from domain.money import format_rupees
from flows.i18n import LOCALES_DIR, t
from flows.registration import MAX_PRICE_RUPEES
from flows.sms import commands as sms_commands
from flows.sms import feed, texts
from flows.texts import SAFETY_REASONS, STATUS_NAMES

LANGUAGES = ("en", "ta", "hi")
REF = "ABCDEFGH"  # the longest reference: 8 characters
UPI = "firstname.lastname.kitchen@okhdfcbank"  # a long UPI ID, 37 characters
LONG_NAME = "Sri Annapoorna Vegetarian Meals and Tiffin Centre"  # cut to 16 in an SMS
LONG_ADDRESS = "Thyagaraya Nagar Bus Terminus, South Usman Road, Chennai"  # cut to 28
KITCHEN_LINE = "{number}. {name}: {price}, {distance}"  # as flows/ordering.py writes each kitchen


def template() -> list:
    with open(LOCALES_DIR / "messages.pot", "rb") as file:
        return [message for message in read_po(file) if message.id]


def sms_texts() -> list[str]:
    """Texts written for SMS (every text under flows/sms/) and the shared texts SMS people read as they are."""
    written = {
        message.id for message in template() if any(path.startswith("flows/sms/") for path, _ in message.locations)
    }
    return sorted(written | texts.AS_IS)


def terms(language: str) -> str:
    """The longest terms of a pledge: a monthly amount, a place and a window of the day."""
    parts = [("{amount} a month", {"amount": "₹100000"}), ("within {km} km of {place}", {"km": 25, "place": "600017"}),
             ("only {window}", {"window": "11:30-14:30"})]  # fmt: skip
    return ", ".join(texts.words(language, text, **values) for text, values in parts)


def longest(language: str) -> dict[str, str]:
    """The longest value each placeholder may take, as the language writes it where it is translated."""
    price = format_rupees(MAX_PRICE_RUPEES * 100)  # whole rupees: registration takes no paise
    line = texts.words(language, KITCHEN_LINE, number=3, name=LONG_NAME, price=price, distance="2.9 km")
    reasons = [texts.words(language, reason, failed=99, total=999) for reason in SAFETY_REASONS.values()]
    place = texts.words(language, feed.PLACE_LINE, number=3, address=LONG_ADDRESS)
    return {
        "ref": REF,
        "upi": UPI,
        "kitchen": LONG_NAME,
        "name": LONG_NAME,
        "amount": format_rupees(100 * MAX_PRICE_RUPEES * 100),  # a meal credit of 100 meals
        "price": price,
        "distance": "2.9 km",
        "minutes": "120",
        "wait": "120",
        "next": LONG_NAME,
        "metres": "100",
        "count": "3",
        "place": "Opposite the old Saidapet bus depot main gate near the tea shop, 600015",
        "address": LONG_ADDRESS,
        "note": "old man in a blue shirt and grey dhoti, sitting by the gate, limps" * 2,
        "busier": "Sri Parthasarathy Temple Bus Stop Main Entrance",
        "map": map_link(Point(-12.345678, -123.456789)),
        "status": max((t(language, name) for name in STATUS_NAMES.values()), key=len),
        "reason": max(reasons, key=len),
        "kitchens": "\n".join([line] * 3),
        "places": "\n".join([place] * 3),
        "example": "FEED 600017 T Nagar bus stand",
        "pincode": "600017",
        "verb": "DELIVERED",
        "failed": "99",
        "total": "999",
        "language": "हिन्दी",
        "code": "HI",
        "meals": "100",
        "most": "100",
        "names": ", ".join([texts.clip(LONG_NAME, texts.CLIPPED["name"])] * 3),
        "credit": "MABCDEFGH",
        "pledge": "PABCDEFGH",
        "least": "₹10",
        "km": "25",
        "state": texts.words(language, "paused"),
        "terms": terms(language),
        "pledges": f"PABCDEFGH: {terms(language)}",
        "campaign": "CABCDEFGH",
        "share": "CABCDEFGH-12",
        "shares": ", ".join(f"CABCDEFGH-{number}" for number in range(1, 4)),
        "until": "26 நவ., 14:30" if language == "ta" else "26 नव॰, 14:30" if language == "hi" else "26 Nov, 14:30",
        "needed": "₹500",
        "target": "₹500",
        "promised": "₹490",
        "people": "12",
        "hours": "2",
        "times": "3",
        "month": "99",
        "rupees": "490",
        "paid": "₹490",
        "number": "+14155238886",
        "left": "100",
        "credits": "\n".join(
            [texts.words(language, "{ref}: {left} of {meals} meals left", ref="MABCDEFGH", left=99, meals=100)] * 2
        ),
    }


def test_every_short_form_replaces_a_text_the_flows_send():
    sent = {message.id for message in template()}
    assert set(texts.SHORT_FORMS) <= sent, set(texts.SHORT_FORMS) - sent
    assert sent >= texts.AS_IS, texts.AS_IS - sent


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sms_text_fits_two_parts_with_the_longest_values(language):
    values = longest(language)
    too_long = {}
    for message in sms_texts():
        text = t(language, message, **texts.clipped(values))
        whole = tuple(values[name] for name in texts.WHOLE if "{" + name + "}" in message)
        bodies = sms.fit(text, whole)
        if len(bodies) > 1 or sms.count_segments(bodies[0]) > sms.MAX_SEGMENTS or sms.splits_a_word(bodies[0], whole):
            too_long[message] = f"{sms.count_segments(sms.plain(text))} parts, {len(text)} characters: {text!r}"
    assert not too_long, "\n".join(too_long.values())


def test_the_language_offer_fits_two_parts_in_three_scripts():
    lines = sms_commands.language_lines((("en", "English"), *sms_commands.OTHER_LANGUAGES))
    assert sms.count_segments(lines) <= sms.MAX_SEGMENTS


def test_english_texts_go_as_gsm7_with_the_rupee_written_out():
    values = longest("en")
    for message in set(sms_texts()) - {sms_commands.LANGUAGE_LINE}:  # it names the languages in their scripts
        assert sms.is_gsm7(sms.plain(t("en", message, **texts.clipped(values)))), message
