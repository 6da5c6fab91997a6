"""The safety check of an order's spot, run as its own job; the donor's flow resumes after it."""

from __future__ import annotations

from bot import logs
from domain.orders import OrderStatus
from flows.donor import resume
from flows.safety import assess_spot
from jobs import runtime


@logs.scoped
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
        logs.bind_here(order_ref=order.reference)
        assessment, facts = assess_spot(
            uow,
            services.maps,
            services.safety_models,
            order.point,
            services.clock(),
            services.settings.safety_threshold,
            order.id,
        )
        order.learn_address(facts.address)  # shown to the kitchen with the map link
        resume.safety_assessed(runtime.conversation(services, uow, person), order, assessment, facts)
        uow.commit()
