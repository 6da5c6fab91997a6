"""The pure rules under a meal by SMS: how a text is cut into SMS parts, and how a typed place is read."""

from __future__ import annotations

from domain import sms
from domain.geo import Point
from domain.places import PlaceQuery, PostOffice, best_office, label_for, likeness, middle, parse_place


def test_gsm7_holds_160_alone_and_153_a_part():
    assert sms.segments("a" * 160) == ["a" * 160]
    assert [len(part) for part in sms.segments("a" * 161)] == [153, 8]
    assert sms.count_segments("a" * 306) == 2 and sms.count_segments("a" * 307) == 3


def test_one_character_outside_gsm7_makes_it_ucs2_70_alone_and_67_a_part():
    assert sms.count_segments("அ" * 70) == 1
    assert [len(part) for part in sms.segments("அ" * 71)] == [67, 4]
    assert not sms.is_gsm7("Pay ₹60")


def test_an_escaped_character_costs_two_and_is_never_cut():
    text = "a" * 152 + "€" + "b" * 10
    assert [len(part) for part in sms.segments(text)] == [152, 11]


def test_english_writes_the_rupee_out_but_tamil_keeps_it():
    assert sms.plain("Pay ₹60 · now") == "Pay Rs.60 - now"
    assert sms.plain("₹60 அனுப்புங்கள்") == "₹60 அனுப்புங்கள்"


def test_a_reference_the_parts_would_cut_starts_the_next_part():
    text = "x" * 151 + " K7QX and the rest"
    assert sms.splits_a_word(text, ("K7QX",))
    (kept,) = sms.fit(text, ("K7QX",))
    assert not sms.splits_a_word(kept, ("K7QX",)) and sms.segments(kept)[1].startswith("K7QX")
    assert kept.replace(" ", "") == text.replace(" ", "")


def test_a_text_longer_than_two_parts_goes_as_more_messages_cut_between_lines():
    lines = [f"line {number} " + "y" * 90 for number in range(5)]
    messages = sms.fit("\n".join(lines))
    assert len(messages) > 1 and all(sms.count_segments(message) <= 2 for message in messages)
    assert "\n".join(messages) == "\n".join(lines)


def test_a_place_is_read_with_or_without_its_pin_code():
    assert parse_place("600017 T Nagar bus stand") == PlaceQuery("T Nagar bus stand", "600017")
    assert parse_place("T Nagar bus stand, 600017") == PlaceQuery("T Nagar bus stand", "600017")
    assert parse_place("௬௦௦௦௧௭ T Nagar") == PlaceQuery("T Nagar", "600017")
    assert parse_place("Pondy Bazaar") == PlaceQuery("Pondy Bazaar")
    assert parse_place("012345 gate") == PlaceQuery("012345 gate")  # no PIN code starts with 0
    assert parse_place("  ") is None
    assert label_for(PlaceQuery("T Nagar bus stand", "600017")) == "T Nagar bus stand, 600017"


def test_an_office_stands_for_the_landmark_when_their_names_meet():
    offices = [
        PostOffice("Thygarayanagar H.O", Point(13.04536, 80.23761)),
        PostOffice("Hindi Prachar Sabha S.O", Point(13.03, 80.23)),
    ]
    assert best_office("T Nagar bus stand", offices) == offices[0]
    assert best_office("Hindi Prachar Sabha", offices) == offices[1]
    assert best_office("Pondy Bazaar", offices) is None
    assert likeness("Greams Road", "Greams Road S.O") == 1.0


def test_the_middle_of_a_pin_code_is_the_office_among_the_most_others():
    land, sea = PostOffice("Greams Road S.O", Point(13.06, 80.25)), PostOffice("DPI S.O", Point(13.10, 80.42))
    assert middle([sea, land], lambda point: 30 if point == land.point else 1) == land.point
    assert middle([], lambda point: 0) is None
