"""DELETE MY DATA over the signed webhook: after it, a search of every table finds neither the number
nor anything personal in the rows that name the person's orders."""

from __future__ import annotations

import pytest

from bot.web.app import create_app
from jobs.privacy import forget_farewells
from tests.support.faces import face
from tests.support.privacy import every_row, fed_and_rated, translated
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, CONSENT, WELCOME
from tests.support.whatsapp import SPOT, Phone, onboard

NUMBER = "+919800000001"
ASKED = (
    "This deletes what we keep about you: your number, messages, photos and places. Open orders are "
    "cancelled where they still can be. Reply YES to delete."
)
DELETED = "Your data is deleted: your number, messages, photos and places. Thank you for using Ketpaar."
# What a search may not find in a row naming one of the person's orders: the place, as pinned and as
# a map link, the photo links, the donor's words about the person.
PERSONAL = ("Gemini bus stop", "13.0604", "80.2496", "13.060400", "/photos/", "blue shirt")


def test_after_erasure_nothing_personal_is_left_in_any_table(services, client, media, kitchen, clock):
    donor = Phone(client, services, NUMBER, media)
    cook = Phone(client, services, "+919800000101", media)
    onboard(donor)
    fed = fed_and_rated(donor, cook, clock)
    open_order = donor.photograph(face("person_b_1.jpg"))
    donor.send(pin=SPOT, Label="Gemini bus stop")
    donor.expect([AMMA_MESS_FROM_SPOT])
    donor.send("1")
    donor.expect(ASKED_AMMA_MESS)
    cook.replies()  # the request, checked in test_meal
    donor.send("DELETE MY DATA")
    donor.expect(ASKED)
    donor.send("YES")
    donor.seen = 0  # all the rest went
    donor.expect(DELETED)  # the one last word
    cook.expect("Order {ref} was cancelled by the donor. Please do not cook it.", ref=open_order)
    assert forget_farewells() == 1
    rows = every_row(services)
    for table, texts in rows.items():
        for row in texts:
            assert NUMBER.lstrip("+") not in row, (table, row)
            if fed in row or open_order in row:
                assert not any(personal in row for personal in PERSONAL), (table, row)
    assert rows["people"] == [rows["people"][0]] and "+919800000101" in rows["people"][0]  # the kitchen's contact
    assert rows["photos"] == [] and rows["face_embeddings"] == [] and rows["consents"] == []
    assert rows["face_checks"] == [] and len(rows["erased_people"]) == 1
    orders = {order.split(",")[1]: order for order in rows["orders"]}
    assert set(orders) == {fed, open_order}  # kept for the kitchen's accounts, with no donor
    assert ",COMPLETED," in orders[fed] and ",6000," in orders[fed] and ",13.06,80.25," in orders[fed]
    assert ",CANCELLED," in orders[open_order]
    donor.seen = 0  # the outbox is empty now: read it afresh
    donor.send("hi")
    donor.expect(WELCOME)  # a returning number starts fresh


def test_a_second_erasure_is_recognised_and_leaves_nothing_either(services, client):
    donor = Phone(client, services, NUMBER)
    onboard(donor)
    donor.send("DELETE MY DATA")
    donor.expect(ASKED)
    donor.send("YES")
    donor.seen = 0
    donor.expect(DELETED)
    forget_farewells()
    donor.seen = 0
    donor.send("DELETE MY DATA")
    donor.expect("Your data was already deleted on 26-11-2026. We keep nothing else about you.")
    assert forget_farewells() == 1
    assert not any(NUMBER.lstrip("+") in row for texts in every_row(services).values() for row in texts)


@pytest.mark.parametrize(
    ("choice", "language", "words", "yes"), [("2", "ta", "என் தரவை அழி", "ஆம்"), ("3", "hi", "मेरा डेटा मिटाओ", "हाँ")]
)
def test_delete_my_data_in_tamil_and_hindi(services, client, choice, language, words, yes):
    donor = Phone(client, services, NUMBER)
    donor.send("hi")
    donor.send(choice)
    donor.expect([WELCOME, translated(language, CONSENT)])
    donor.send(words)
    donor.expect(translated(language, ASKED))
    donor.send(yes)
    donor.seen = 0
    donor.expect(translated(language, DELETED))


def test_an_operator_erases_a_number_silently_and_a_busy_kitchen_only_once_its_orders_are_done(
    services, client, media, kitchen, clock
):
    donor = Phone(client, services, NUMBER, media)
    cook = Phone(client, services, "+919800000101", media)
    onboard(donor)
    reference = donor.photograph(face("person_a_1.jpg"))
    donor.send(pin=SPOT)
    donor.send("1")
    runner = create_app(services).test_cli_runner()
    refused = runner.invoke(args=["people", "erase", "+919800000101", "--yes"])
    assert refused.exit_code != 0 and reference in refused.output
    erased = runner.invoke(args=["people", "erase", NUMBER, "--yes"])
    assert erased.exit_code == 0 and erased.output == "erased person 2 (whatsapp)\n", erased.output
    cook.replies()
    donor.replies()
    assert runner.invoke(args=["people", "erase", NUMBER, "--yes"]).exit_code != 0  # nobody left
    assert not any(NUMBER.lstrip("+") in row for texts in every_row(services).values() for row in texts)
    assert runner.invoke(args=["people", "erase", "+919800000101", "--yes"]).exit_code == 0
