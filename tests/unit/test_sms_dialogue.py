"""The SMS donor's conversation as scripted dialogues on fakes, every reply compared whole; every SMS
anyone is sent fits two parts."""

from __future__ import annotations

from datetime import timedelta

from babel.messages.pofile import read_po

from domain import sms
from domain.geo import Point
from domain.orders import OrderStatus as S
from domain.places import FoundPlace, PointSource
from domain.safety import Signals, assess
from flows.donor import resume
from flows.i18n import LOCALES_DIR
from tests.support.dialogue import SPOT, Dialogue

DONOR = "+919800000007"
SMS_KITCHEN = "+919800000102"
WELCOME = [
    "Ketpaar buys a meal for a hungry person near you. Send FEED, the PIN code and a landmark, like: "
    "FEED 600017 T Nagar bus stand\n"
    "The place and your NOTE go only to the kitchen; a NOTE is deleted after 30 days. STOP ends messages.",
    "தமிழ்: LANG TA அனுப்புங்கள்\nहिन्दी के लिए LANG HI भेजें",
]
NOTE_HINT = "To help the kitchen find the person, send NOTE and a few words, like: NOTE old man, blue shirt"
T_NAGAR = FoundPlace(Point(*SPOT), "Thygarayanagar H.O, 600017", PointSource.PINCODE)
CHECKING = "Order {ref}: near Thygarayanagar H.O, 600017. We are checking the spot."
# A first FEED: the welcome, and the place found; as many SMS as their parts allow (domain.combining).
FIRST_FEED = [WELCOME[0], f"{WELCOME[1]}\n{CHECKING}", NOTE_HINT]
BOTH_KITCHENS = "Kitchens near you:\n1. Amma Mess Rs.60 214 m\n2. Second Mess Rs.60 349 m\nReply with a number."


CHOOSE_BUS_STAND = "Which place? Reply with its number:\n1. T. Nagar Bus Terminus\n2. Broadway Bus Terminus"


def sms_dialogue() -> Dialogue:
    d = Dialogue()
    d.kitchen()
    d.kitchen("Second Mess", SMS_KITCHEN, at=(13.0630, 80.2478))
    d.places.add("T Nagar bus stand", "600017", T_NAGAR)
    return d


def fed(d: Dialogue) -> None:
    """A new number's FEED, through the safety check, to the kitchen list."""
    d.verify(DONOR, [("FEED 600017 T Nagar bus stand", FIRST_FEED)])
    d.run_safety_check(DONOR)
    d.expect(DONOR, BOTH_KITCHENS)


def all_fit(d: Dialogue) -> None:
    for to, body, media in d.uow.outbox.sent:
        if not to.startswith("whatsapp:"):
            assert sms.count_segments(body) <= sms.MAX_SEGMENTS and not media, body


def test_the_first_message_is_welcomed_in_two_short_texts_and_help_follows():
    d = sms_dialogue()
    help_text = (
        "To buy a meal, send FEED, the PIN code and a landmark. Also: NOTE, STOP, STATUS, CANCEL, PAID, LANG.\n"
        "Give ahead: CREDIT 10 AMMA, PLEDGE 600 MONTH, GIVE <ref> 20, IMPACT. Cannot pay? USE PLEDGE."
    )
    d.verify(DONOR, [("hello", WELCOME), ("hello", help_text)])
    assert d.uow.people.by_address(DONOR).consent_at == d.now


def test_a_meal_by_sms_from_feed_to_rating_with_an_sms_kitchen():
    d = sms_dialogue()
    fed(d)
    d.verify(DONOR, [("NOTE old man, blue shirt", [])])  # the hint said the kitchen reads it
    request = (  # three texts, each able to stand alone; one SMS where they fit two parts together
        "New order {ref}: 1 meal, Rs.60. Reply ACCEPT {ref} or DECLINE {ref} within 5 min.\n"
        "Order {ref} place: T Nagar bus stand, 600017\nMap: https://maps.google.com/?q=13.060400,80.249600\n"
        "Order {ref}, the person: old man, blue shirt"
    )
    asked = "We asked Second Mess to cook the meal (Rs.60). They answer within 5 min."
    d.verify(DONOR, [("2", asked, {SMS_KITCHEN: request})])
    pay = (
        "Second Mess accepted order {ref}. Pay Rs.60 by UPI to:\namma@okaxis\nWrite {ref} in the UPI note.\n"
        "No smartphone? Call 6366200200 (UPI 123PAY) to pay by UPI from any phone."
    )
    d.verify(
        SMS_KITCHEN,
        [
            ("ACCEPT", "The donor will pay Rs.60 to amma@okaxis. When it arrives, reply PAID {ref}.", {DONOR: pay}),
            ("PAID", "Payment noted for order {ref}. Once the meal is handed over, send DELIVERED {ref}.",
             {DONOR: []}),  # the donor's UPI app told them they paid
            ("READY", [], {DONOR: [
                "The meal for order {ref} is on its way."]}),
            ("DELIVERED", [], {DONOR: [
                "The meal for order {ref} was handed over. How was Second Mess? Reply 1 to 5."]}),
        ],
    )  # fmt: skip
    d.verify(DONOR, [("4", [])])
    assert d.newest_order().state == S.COMPLETED and d.newest_order().delivery_photo_id is None
    all_fit(d)


def test_a_whatsapp_kitchen_reads_the_typed_place_and_the_note():
    d = sms_dialogue()
    fed(d)
    d.send(DONOR, "NOTE old man, blue shirt")
    d.told(DONOR)
    request = (
        "New meal request {ref}: 1 meal, ₹60.\nPlace: T Nagar bus stand, 600017\n"
        "Map (near the place named): https://maps.google.com/?q=13.060400,80.249600\n"
        "Reply ACCEPT {ref} or DECLINE {ref} within 5 minutes."
    )
    person = "About the person: old man, blue shirt"
    d.verify(DONOR, [("1", "We asked Amma Mess to cook the meal (Rs.60). They answer within 5 min.",
                      {"whatsapp:+919800000101": f"{request}\n{person}"})])  # fmt: skip


def test_without_a_pin_code_or_a_match_the_donor_is_asked_for_one():
    d = sms_dialogue()
    d.send(DONOR, "hi")
    d.verify(
        DONOR,
        [
            ("FEED", "Please write the place after FEED, like: FEED 600017 T Nagar bus stand"),
            (
                "FEED Pondy Bazaar",
                "We could not find that place. Please add its 6-digit PIN code, like: FEED 600017 T Nagar bus stand",
            ),
            ("FEED 999999 Pondy Bazaar", "We do not know the PIN code 999999. Please check it and send FEED again."),
            ("NOTE old man", "Please send FEED and the place first, then NOTE."),
        ],
    )
    assert not d.uow.orders.rows


def test_several_matches_are_offered_as_numbered_choices():
    d = sms_dialogue()
    d.places.add(
        "Bus stand",
        None,
        FoundPlace(Point(*SPOT), "T. Nagar Bus Terminus, Chennai", PointSource.GEOCODE),
        FoundPlace(Point(13.0827, 80.2707), "Broadway Bus Terminus, George Town", PointSource.GEOCODE),
    )
    d.send(DONOR, "hi")
    d.verify(
        DONOR,
        [
            ("FEED Bus stand", CHOOSE_BUS_STAND),
            ("7", "Please reply with a number from 1 to 2, or send FEED with another place."),
            ("1", f"Order {{ref}}: near T. Nagar Bus Terminus. We are checking the spot.\n{NOTE_HINT}"),
        ],
    )  # fmt: skip
    order = d.newest_order()
    assert (order.point_source, order.place_label, order.state) == ("geocode", "Bus stand", S.SAFETY_CHECK)


def test_a_meal_ordered_nearby_lately_is_a_nudge_the_donor_overrides_with_1():
    d = sms_dialogue()
    fed(d)
    d.send(DONOR, "1")
    d.told("whatsapp:+919800000101")
    other = "+919800000008"
    d.now += timedelta(minutes=20)
    d.send(other, "hi")
    d.send(other, "FEED 600017 T Nagar bus stand")
    d.told(other)
    d.run_safety_check(other)
    nudge = "Order {ref}: a meal was ordered 20 min ago, 0 m from here. If it is someone else, reply 1."
    d.expect(other, nudge)
    d.verify(other, [("hello", nudge), ("1", BOTH_KITCHENS)])


def test_an_unsafe_place_is_turned_down_with_one_reason_and_a_new_feed_checks_again():
    d = sms_dialogue()
    d.now = d.now.replace(hour=17, minute=30)  # 23:00 in Chennai
    d.verify(DONOR, [("FEED 600017 T Nagar bus stand", FIRST_FEED)])
    order = d.order(DONOR)
    resume.safety_assessed(d.conversation(DONOR), order, assess(order.point, d.now, Signals()))
    d.expect(
        DONOR,
        "Order {ref}: this place is not safe for a delivery now (after 10 pm). "
        "Send FEED with a busier place, or CANCEL.",
    )
    d.verify(
        DONOR,
        [
            ("hello", "Order {ref} needs a safer place. Send FEED with a busy place near you, or CANCEL."),
            ("FEED 600017 T Nagar bus stand", f"{CHECKING}\n{NOTE_HINT}"),
        ],
    )
    assert order.state == S.SAFETY_CHECK and len(d.uow.orders.rows) == 1


def test_lang_ta_answers_in_tamil_from_the_catalog():
    d = sms_dialogue()
    d.send(DONOR, "hi")
    with open(LOCALES_DIR / "ta" / "LC_MESSAGES" / "messages.po", "rb") as file:
        tamil = read_po(file)
    checking = tamil["Order {ref}: near {address}. We are checking the spot."].string
    hint = tamil[NOTE_HINT].string
    d.verify(
        DONOR,
        [
            ("LANG TA", tamil["Language changed."].string),
            ("FEED 600017 T Nagar bus stand", [checking.replace("{address}", "Thygarayanagar H.O, 600017"), hint]),
        ],
    )
