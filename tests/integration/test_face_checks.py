"""The face-check limit counts from PostgreSQL, per donor, over the last hour."""

from __future__ import annotations

from datetime import timedelta

from domain.orders import Order
from domain.people import Person


def test_face_checks_are_counted_per_donor_over_the_last_hour(services):
    now = services.clock()
    with services.uow() as uow:
        donor, other = (uow.people.add(Person(f"whatsapp:+91980000000{n}", now)) for n in (1, 2))
        order = uow.orders.add(Order(reference="K7QX", donor_id=donor.id, created_at=now))
        for minutes in (0, 10, 59, 61):
            uow.faces.record_check(donor.id, order.id, now - timedelta(minutes=minutes))
        uow.faces.record_check(other.id, order.id, now)
        uow.commit()
    with services.uow() as uow:
        assert uow.faces.checks_since(donor.id, now - timedelta(hours=1)) == 3
        assert uow.faces.checks_since(other.id, now - timedelta(hours=1)) == 1
