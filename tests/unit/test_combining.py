"""One message per person per job: which texts join (domain.combining), as the outbox and its fake apply it."""

from __future__ import annotations

from domain import sms
from domain.channels import MessageKind
from domain.combining import Text, combine

DONOR, KITCHEN, SMS_DONOR = "whatsapp:+919800000001", "whatsapp:+919800000101", "+919800000007"
STATUS = MessageKind.STATUS_CHANGE


def bodies(texts: list[Text]) -> list[tuple[str, str]]:
    return [(message.to, message.body) for message in combine(texts)]


def test_what_one_job_says_to_one_person_is_one_message_a_line_each():
    said = [Text(DONOR, "Photo received. Your order is K7QX."), Text(DONOR, "Did the person agree to this photo?")]
    assert bodies(said) == [(DONOR, "Photo received. Your order is K7QX.\nDid the person agree to this photo?")]


def test_each_person_gets_their_own_message_in_the_order_said():
    said = [
        Text(KITCHEN, "New meal request K7QX"),
        Text(DONOR, "We asked Amma Mess."),
        Text(KITCHEN, "About the person"),
    ]
    assert bodies(said) == [(KITCHEN, "New meal request K7QX\nAbout the person"), (DONOR, "We asked Amma Mess.")]


def test_a_photo_is_a_message_of_its_own_and_no_text_moves_across_it():
    photo = Text(DONOR, "The meal was delivered: https://k/p/1", media=("https://k/p/1",))
    said = [Text(DONOR, "before"), photo, Text(DONOR, "after")]
    assert bodies(said) == [(DONOR, "before"), (DONOR, photo.body), (DONOR, "after")]
    assert combine(said)[1].media == ("https://k/p/1",)


def test_a_template_kind_joins_only_its_own_kind_with_the_same_values():
    """Outside the 24-hour window the message goes as its kind's template, which carries only its own values."""
    request = {"ref": "K7QX", "price": "₹60"}
    said = [
        Text(KITCHEN, "New meal request K7QX", kind=MessageKind.NEW_ORDER, variables=request),
        Text(KITCHEN, "About the person: old man", kind=MessageKind.NEW_ORDER, variables=request),
        Text(KITCHEN, "Please do not cook it."),
        Text(DONOR, "K7QX is being cooked.", kind=STATUS, variables={"ref": "K7QX", "status": "paid"}),
        Text(DONOR, "K7QX is on its way.", kind=STATUS, variables={"ref": "K7QX", "status": "on the way"}),
    ]
    assert bodies(said) == [
        (KITCHEN, "New meal request K7QX\nAbout the person: old man"),
        (KITCHEN, "Please do not cook it."),
        (DONOR, "K7QX is being cooked."),
        (DONOR, "K7QX is on its way."),
    ]


def test_sms_texts_join_only_while_the_whole_fits_one_messages_parts_and_no_reference_is_cut():
    long_line = "x" * 120
    said = [Text(SMS_DONOR, long_line), Text(SMS_DONOR, long_line), Text(SMS_DONOR, long_line)]
    messages = combine(said)
    assert [message.body for message in messages] == [f"{long_line}\n{long_line}", long_line]
    assert all(sms.count_segments(message.body) <= sms.MAX_SEGMENTS for message in messages)
    reference = [Text(SMS_DONOR, "a" * 150, whole=("K7QX",)), Text(SMS_DONOR, "Pay order K7QX.", whole=("K7QX",))]
    [joined] = combine(reference)
    assert not sms.splits_a_word(joined.body, ("K7QX",))


def test_an_sms_text_is_fitted_even_alone_and_reads_rupees_as_rs():
    assert bodies([Text(SMS_DONOR, "Pay ₹60 to amma@okaxis.")]) == [(SMS_DONOR, "Pay Rs.60 to amma@okaxis.")]


def test_an_interim_note_is_dropped_when_anything_follows_it_in_the_same_job():
    checking = Text(DONOR, "We are checking the spot.", interim=True)
    assert bodies([checking, Text(DONOR, "Kitchens near you: 1. Amma Mess")]) == [
        (DONOR, "Kitchens near you: 1. Amma Mess")
    ]
    alone = combine([Text(DONOR, "Noted."), checking, Text(KITCHEN, "New meal request")])
    assert [(message.body, message.interim) for message in alone] == [
        ("Noted.", False),
        ("We are checking the spot.", True),  # never joined to another text: it may yet be replaced
        ("New meal request", False),
    ]
