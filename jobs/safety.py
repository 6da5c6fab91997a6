"""The safety check of an order's spot, run as its own job; the donor's flow resumes after it."""

from __future__ import annotations

from datetime import timedelta

from domain.orders import OrderStatus
from domain.safety import Signals, assess
from flows import donor
from flows.conversation import Conversation
from flows.ordering import order_point
from jobs import runtime

HISTORY_DAYS = 90


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
        now = services.clock()
        point = order_point(order)
        signals = Signals(history=uow.orders.delivery_history(point, now - timedelta(days=HISTORY_DAYS)))
        assessment = assess(point, now, signals, services.settings.safety_threshold)
        convo = Conversation(uow, services.links, now, person, services.settings.duplicate_policy())
        donor.safety_assessed(convo, order, assessment)
        uow.commit()
