"""Privacy rules in plain Python: who may see a photo."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.orders import Order, OrderStatus
from domain.privacy import PhotoGrant, photo_visible

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


def asked(kitchen_id: int = 7) -> Order:
    order = Order(reference="K7QX", donor_id=1, created_at=NOW, photo_id=100, kitchen_id=kitchen_id, id=3)
    order.status = OrderStatus.VENDOR_SELECTION.value
    return order


def test_a_kitchen_sees_the_photo_while_asked_and_while_cooking():
    order = asked()
    grant = PhotoGrant(100, 3, 7)
    assert photo_visible(grant, order)
    for status in (OrderStatus.PAYMENT_REDIRECT, OrderStatus.PAYMENT_CONFIRMED, OrderStatus.IN_TRANSIT):
        order.move_to(status, NOW)
        assert photo_visible(grant, order), status


def test_a_kitchen_that_declined_or_timed_out_no_longer_sees_it():
    order = asked()
    order.drop_kitchen()
    assert not photo_visible(PhotoGrant(100, 3, 7), order)
    order.assign_kitchen(8, 6000, NOW.date(), NOW)  # the next kitchen asked
    assert not photo_visible(PhotoGrant(100, 3, 7), order)
    assert photo_visible(PhotoGrant(100, 3, 8), order)


def test_nobody_sees_it_once_the_order_has_ended():
    order = asked()
    for status in (OrderStatus.PAYMENT_REDIRECT, OrderStatus.PAYMENT_CONFIRMED, OrderStatus.DELIVERED):
        order.move_to(status, NOW)
    assert not photo_visible(PhotoGrant(100, 3, 7), order)
    cancelled = asked()
    cancelled.move_to(OrderStatus.CANCELLED, NOW)
    assert not photo_visible(PhotoGrant(100, 3, 7), cancelled)


def test_a_link_works_only_for_the_photo_of_the_order_it_names():
    order = asked()
    assert not photo_visible(PhotoGrant(101, 3, 7), order)
    assert not photo_visible(PhotoGrant(100, 3, 7), None)


def test_the_donor_sees_the_delivery_photo_of_their_order_until_they_erase_their_data():
    order = asked()
    order.delivery_photo_id = 200
    assert photo_visible(PhotoGrant(200, 3), order)
    order.donor_id = None
    assert not photo_visible(PhotoGrant(200, 3), order)
