"""The safety check of an order's spot, run as its own job; the donor's flow resumes after it."""

from __future__ import annotations

from domain.orders import OrderStatus
from flows import checks
from flows.ordering import order_point
from flows.safety import assess_spot
from jobs import runtime


def assess_safety(order_id: int) -> None:
    services = runtime.services()
    with services.uow() as uow:
        donor_id = uow.orders.donor_id_of(order_id)
        if donor_id is None:
            return
        person = uow.people.get(donor_id)
        # The donor's messages and this job take turns; the sender lock comes before the order's row.
        uow.inbox.lock_sender(person.address)
        order = uow.orders.get(order_id)
        if order.state != OrderStatus.SAFETY_CHECK:
            return
        point, threshold = order_point(order), services.settings.safety_threshold
        assessment, facts = assess_spot(
            uow, services.maps, services.safety_models, point, services.clock(), threshold, order.id
        )
        if facts.address and not order.place_address:
            order.place_address = facts.address  # shown to the kitchen with the map link
        convo = runtime.conversation(uow, person)
        checks.safety_assessed(convo, order, assessment, facts)
        uow.commit()
