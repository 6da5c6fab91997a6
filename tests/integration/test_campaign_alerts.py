"""NOTIFY NEAR on PostgreSQL: who is near a campaign (earthdistance), and at most three notices a day each,
counted by one guarded UPDATE (a CHECK holds the count whatever runs)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.geo import Point
from domain.giving.campaigns import Alert
from domain.people import Person

SPOT = Point(13.0604, 80.2496)


def subscribed(services, address: str, at: Point) -> int:
    with services.uow() as uow:
        person = uow.people.add(Person(address=address, created_at=services.clock()))
        uow.campaigns.set_alert(Alert(person.id, at.lat, at.lng, "600017"), services.clock())
        uow.commit()
        return person.id


def test_only_donors_within_their_radius_hear_and_each_at_most_three_times_a_day(services):
    near = subscribed(services, "whatsapp:+919800000051", Point(13.0700, 80.2500))  # about 1 km
    subscribed(services, "whatsapp:+919800000052", Point(13.2, 80.3))  # about 16 km
    with services.uow() as uow:
        assert [alert.person_id for alert in uow.campaigns.alerts_near(SPOT)] == [near]
        today = date(2026, 11, 26)
        counted = [uow.campaigns.count_alert(near, today) for _ in range(4)]
        tomorrow = uow.campaigns.count_alert(near, today + timedelta(days=1))
        uow.commit()
    assert counted == [True, True, True, False] and tomorrow
    with services.uow() as uow:
        uow.campaigns.drop_alert(near)
        uow.commit()
        assert uow.campaigns.alerts_near(SPOT) == []
