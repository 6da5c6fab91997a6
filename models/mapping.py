"""Maps the plain domain classes onto the tables, so the domain never imports SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.orm import registry, relationship

from domain.giving.campaigns import Campaign, Share
from domain.giving.credits import Credit
from domain.giving.pledges import Pledge
from domain.kitchens import Kitchen
from domain.orders import Order, OrderEvent
from domain.people import Person
from domain.staff import ApiToken, StaffMember
from models import tables

mapper_registry = registry(metadata=tables.metadata)
_mapped = False


def start_mappers() -> None:
    """Idempotent: the app, the worker and the tests each call it once at start."""
    global _mapped
    if _mapped:
        return
    mapper_registry.map_imperatively(Person, tables.people)
    mapper_registry.map_imperatively(Kitchen, tables.kitchens)
    mapper_registry.map_imperatively(OrderEvent, tables.order_events)
    mapper_registry.map_imperatively(StaffMember, tables.staff)
    mapper_registry.map_imperatively(ApiToken, tables.api_tokens)
    mapper_registry.map_imperatively(
        Order,
        tables.orders,
        properties={
            "events": relationship(OrderEvent, order_by=tables.order_events.c.id, cascade="all, delete-orphan")
        },
    )
    mapper_registry.map_imperatively(Credit, tables.meal_credits)
    mapper_registry.map_imperatively(Pledge, tables.pledges)
    mapper_registry.map_imperatively(Campaign, tables.campaigns)
    mapper_registry.map_imperatively(Share, tables.campaign_shares)
    _mapped = True
