"""Dates and times read in the person's language and in India time; an empty value leaves its line out."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.orders import Order, OrderStatus
from tests.support.dialogue import DONOR, KITCHEN, SPOT, Dialogue, Photo, PinAt
from tests.support.texts import AGREED, ASKED_ABOUT_PHOTO, ASKED_AMMA_MESS, request, translated

# 01:30 on 27 November in Chennai, still the 26th in UTC.
AFTER_MIDNIGHT_IN_CHENNAI = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def past_order(d: Dialogue, reference: str, created_at: datetime, status: OrderStatus) -> Order:
    donor = d.uow.people.by_address(DONOR)
    return d.uow.orders.add(Order(reference, donor_id=donor.id, created_at=created_at, status=status.value))


def test_history_shows_dates_in_india_time():
    d = Dialogue()
    d.onboarded_donor()
    past_order(d, "AB23", AFTER_MIDNIGHT_IN_CHENNAI, OrderStatus.COMPLETED)
    d.verify(DONOR, [("HISTORY", "Your last orders:\nAB23 · 27 Nov, 01:30 · completed")])


def test_history_in_tamil_has_tamil_month_names():
    d = Dialogue()
    d.onboarded_donor(language="ta")
    past_order(d, "AB23", AFTER_MIDNIGHT_IN_CHENNAI, OrderStatus.COMPLETED)
    line = f"AB23 · 27 நவ., 01:30 · {translated('ta', 'completed')}"
    d.verify(DONOR, [("HISTORY", translated("ta", "Your last orders:\n{orders}").format(orders=line))])


def test_status_of_a_closed_order_says_when_it_was_placed_and_leaves_out_a_missing_kitchen():
    d = Dialogue()
    d.onboarded_donor(language="hi")
    past_order(d, "AB23", AFTER_MIDNIGHT_IN_CHENNAI, OrderStatus.CANCELLED)
    wanted = translated("hi", "Order {ref} ({when}): {status}.")
    d.verify(
        DONOR,
        [("STATUS", wanted.format(ref="AB23", when="27 नव॰, 01:30", status=translated("hi", "cancelled")))],
    )


def test_status_of_an_order_with_no_kitchen_yet_has_no_kitchen_line():
    d = Dialogue()
    d.onboarded_donor()
    d.verify(
        DONOR,
        [
            (Photo(), ASKED_ABOUT_PHOTO),
            ("YES", AGREED),
            ("STATUS", "Order {ref}: waiting for the location."),
            (PinAt(*SPOT), []),
            ("STATUS", "Order {ref}: checking the spot."),
        ],
    )


def test_a_kitchen_with_no_open_orders_gets_no_open_orders_line():
    d = Dialogue()
    d.kitchen()
    d.verify(KITCHEN, [("STATUS", "Amma Mess: verified. Meals left today: 5 of 5. Hours: 8-22.")])


def test_a_request_without_a_photo_has_no_photo_line():
    assert "Photo of the person" not in request(photo="")
    d = Dialogue()
    d.kitchen()
    d.through_the_checks()
    d.told(DONOR)
    d.order().forget_photo()
    d.verify(
        DONOR,
        [
            (
                "1",
                ASKED_AMMA_MESS,
                {KITCHEN: request(photo="")},
            )
        ],
    )
