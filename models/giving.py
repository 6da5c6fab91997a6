"""Meal credits, pledges and campaigns as stored; their money is in the ledger (models/ledger.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from domain.geo import Point
from domain.giving.credits import Credit, CreditStatus
from domain.giving.ledger import Balance
from domain.giving.pledges import Pledge, PledgeStatus
from models import tables

credits = tables.meal_credits.c
balances = tables.ledger_balances.c


class CreditRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, credit: Credit) -> Credit:
        self.session.add(credit)
        self.session.flush()
        return credit

    def by_reference(self, reference: str) -> Credit | None:
        """Locked: the kitchen's RECEIVED and a second RECEIVED must not both confirm it."""
        query = select(Credit).where(credits.reference == reference.upper()).with_for_update()
        return self.session.scalars(query.execution_options(populate_existing=True)).first()

    def at_kitchen(self, kitchen_id: int) -> list[tuple[Credit, Balance]]:
        """Every credit of the kitchen with its balance, oldest first."""
        query = (
            select(Credit, balances.meals, balances.paise, balances.pending_paise)
            .join(tables.ledger_balances, balances.account_id == credits.id)
            .where(credits.kitchen_id == kitchen_id)
            .order_by(credits.created_at, credits.id)
        )
        return [(row[0], Balance(row.meals, row.paise, row.pending_paise)) for row in self.session.execute(query)]

    def usable_at(self, kitchen_id: int) -> list[Credit]:
        """Confirmed credits of the kitchen with a meal left (its window and channel are the domain's to judge)."""
        query = (
            select(Credit)
            .join(tables.ledger_balances, balances.account_id == credits.id)
            .where(credits.kitchen_id == kitchen_id, credits.status == CreditStatus.CONFIRMED.value, balances.meals > 0)
            .order_by(credits.created_at, credits.id)
        )
        return list(self.session.scalars(query))

    def of_donor(self, donor_id: int) -> list[Credit]:
        query = select(Credit).where(credits.donor_id == donor_id).order_by(credits.created_at, credits.id)
        return list(self.session.scalars(query))


pledges = tables.pledges.c

# Active pledges that can pay `amount` and whose place (if any) is within their radius of the meal's:
# the domain orders them by fit. The place test here only keeps far pledges out of the list.
_PLEDGE_CANDIDATES = text(
    """
    SELECT p.id FROM pledges p JOIN ledger_balances b ON b.account_id = p.id
    WHERE p.status = 'active' AND b.paise >= :amount
      AND (p.lat IS NULL
           OR earth_distance(ll_to_earth(p.lat, p.lng), ll_to_earth(:lat, :lng)) <= p.radius_m)
    ORDER BY p.created_at, p.id
    """
)


class PledgeRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, pledge: Pledge) -> Pledge:
        self.session.add(pledge)
        self.session.flush()
        return pledge

    def get(self, pledge_id: int) -> Pledge | None:
        """Locked: a renewal, a pause and a cancel of one pledge wait for each other."""
        return self.session.get(Pledge, pledge_id, with_for_update=True, populate_existing=True)

    def by_reference(self, reference: str) -> Pledge | None:
        query = select(Pledge).where(pledges.reference == reference.upper()).with_for_update()
        return self.session.scalars(query.execution_options(populate_existing=True)).first()

    def of_donor(self, donor_id: int) -> list[Pledge]:
        query = select(Pledge).where(pledges.donor_id == donor_id).order_by(pledges.created_at, pledges.id)
        return list(self.session.scalars(query))

    def all(self) -> list[Pledge]:
        return list(self.session.scalars(select(Pledge).order_by(pledges.created_at, pledges.id)))

    def candidates(self, point: Point, amount_paise: int) -> list[Pledge]:
        ids = list(
            self.session.scalars(_PLEDGE_CANDIDATES, {"amount": amount_paise, "lat": point.lat, "lng": point.lng})
        )
        if not ids:
            return []
        query = select(Pledge).where(pledges.id.in_(ids)).order_by(pledges.created_at, pledges.id)
        return list(self.session.scalars(query))

    def due_for_renewal(self, month: date) -> list[int]:
        query = select(pledges.id).where(
            pledges.monthly.is_(True), pledges.status == PledgeStatus.ACTIVE.value, pledges.period < month
        )
        return list(self.session.scalars(query.order_by(pledges.id)))
