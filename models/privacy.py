"""What is kept about a person beside their orders: the consents they gave; and reads for privacy checks."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from domain.orders import Order
from domain.privacy import Consent, ConsentKind
from models import tables

consents = tables.consents.c


class ConsentLog:
    def __init__(self, session: Session):
        self.session = session

    def record(self, consent: Consent) -> None:
        self.session.execute(
            insert(tables.consents).values(
                person_id=consent.person_id,
                kind=consent.kind.value,
                agreed=consent.agreed,
                version=consent.version,
                order_id=consent.order_id,
                at=consent.at,
            )
        )

    def of_person(self, person_id: int) -> list[Consent]:
        query = select(tables.consents).where(consents.person_id == person_id).order_by(consents.id)
        return [
            Consent(row.person_id, ConsentKind(row.kind), row.at, row.agreed, row.version, row.order_id)
            for row in self.session.execute(query)
        ]


class PersonalData:
    def __init__(self, session: Session):
        self.session = session

    def glance_order(self, order_id: int) -> Order | None:
        """An order read without locking its row: for a view that only looks."""
        return self.session.get(Order, order_id)
