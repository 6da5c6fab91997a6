"""Meals are reserved with a guarded UPDATE: racing donors never get more meals than were pledged."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from domain.capacity import CapacityReason
from domain.hours import india_day
from domain.orders import Order, OrderStatus
from domain.people import Person
from flows import admin
from flows.donor.onboarding import CONSENT_VERSION
from jobs.inbound import handle_inbound
from models import tables
from tests.support.texts import NONE_NEAR

DONORS = 20
MEALS = 5


def kitchen_with(services, meals: int):
    new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, meals, 60, "ammamess@okaxis", True)
    with services.uow() as uow:
        return admin.add_kitchen(uow, new, services.clock())


def donor_at_kitchen_list(services, number: int, kitchen_id: int) -> int:
    """A donor whose order lists the kitchen, with "1" (choose it) stored and waiting."""
    now = services.clock()
    with services.uow() as uow:
        person = uow.people.add(
            Person(
                f"whatsapp:+9198000{number:05d}",
                now,
                language_chosen=True,
                consent_at=now,
                consent_version=CONSENT_VERSION,
            )
        )
        order = Order(reference=f"R{number:03d}", donor_id=person.id, created_at=now, lat=13.0604, lng=80.2496)
        order.status = OrderStatus.VENDOR_SELECTION.value
        order.offered_kitchen_ids = [kitchen_id]
        uow.orders.add(order)
        person.active_order_id = order.id
        uow.commit()
    return services.store_inbound(f"SMrace{number}", person.address, {"From": person.address, "Body": "1"})


def test_twenty_donors_racing_for_five_meals_get_exactly_five(services):
    kitchen = kitchen_with(services, MEALS)
    messages = [donor_at_kitchen_list(services, number, kitchen.id) for number in range(DONORS)]
    start = threading.Barrier(DONORS)
    errors = []

    def choose(message_id: int) -> None:
        start.wait()
        try:
            handle_inbound(message_id)
        except Exception as error:  # collected so the test fails with it
            errors.append(error)

    threads = [threading.Thread(target=choose, args=(message_id,)) for message_id in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    day = india_day(services.clock())
    with services.engine.connect() as connection:
        orders = tables.orders.c
        served = connection.scalar(select(func.count()).where(orders.kitchen_id == kitchen.id))
        reserved = connection.scalar(select(tables.kitchen_days.c.reserved).where(tables.kitchen_days.c.day == day))
        logged = connection.scalar(select(func.sum(tables.capacity_log.c.change)))
        reservations = connection.scalar(select(func.count()).where(tables.capacity_log.c.reason == "reserved"))
        waiting = connection.scalar(select(func.count()).where(orders.status == "WAITING_FOR_KITCHEN"))
        unhandled = connection.scalar(select(func.count()).where(tables.inbound_messages.c.error.is_not(None)))
    assert served == MEALS
    assert reserved == MEALS == logged == reservations
    assert unhandled == 0
    assert waiting == DONORS - MEALS  # each keeps its order, waiting for a kitchen to free up
    told = told_each_person(services)
    requests = told.pop("whatsapp:+919800000101")
    assert len(requests) == MEALS and all(request.startswith("New meal request R") for request in requests)
    replies = list(told.values())
    asked = ["We asked Amma Mess to cook the meal (₹60). They have 5 minutes to answer."]
    no_meal = ["Sorry, Amma Mess has no meal left just now.\n" + NONE_NEAR]
    assert replies.count(asked) == MEALS
    assert replies.count(no_meal) == DONORS - MEALS


def told_each_person(services) -> dict[str, list[str]]:
    """What each person was told, with a donor's own order reference (R000, R001…) written as {ref}."""
    with services.engine.connect() as connection:
        sent = connection.execute(
            select(tables.outbound_messages.c.to_address, tables.outbound_messages.c.body).order_by(
                tables.outbound_messages.c.id
            )
        ).all()
    told: dict[str, list[str]] = {}
    for address, body in sent:
        reference = f"R{int(address[-5:]):03d}"
        told.setdefault(address, []).append(body.replace(reference, "{ref}"))
    return told


def test_released_meals_can_be_taken_again_and_the_log_adds_up(services):
    kitchen = kitchen_with(services, 1)
    day = india_day(services.clock())
    with services.uow() as uow:
        assert uow.kitchens.reserve_meal(kitchen, day, None)
        assert not uow.kitchens.reserve_meal(kitchen, day, None)
        uow.kitchens.release_meal(kitchen.id, day, None, CapacityReason.DECLINED)
        uow.kitchens.release_meal(kitchen.id, day, None, CapacityReason.DECLINED)  # nothing left to give back
        assert uow.kitchens.reserve_meal(kitchen, day, None)
        assert uow.kitchens.meals_left(kitchen, day) == 0
        uow.commit()
    with services.engine.connect() as connection:
        changes = connection.scalars(select(tables.capacity_log.c.change).order_by(tables.capacity_log.c.id)).all()
    assert changes == [1, -1, 1]


def test_each_india_day_starts_from_the_pledged_capacity(services):
    kitchen = kitchen_with(services, 1)
    today = india_day(services.clock())
    tomorrow = today.fromordinal(today.toordinal() + 1)
    with services.uow() as uow:
        assert uow.kitchens.reserve_meal(kitchen, today, None)
        assert uow.kitchens.meals_left(kitchen, today) == 0
        assert uow.kitchens.meals_left(kitchen, tomorrow) == 1
        assert uow.kitchens.reserve_meal(kitchen, tomorrow, None)
        uow.commit()
