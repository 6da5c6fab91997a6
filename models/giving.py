"""Meal credits, pledges and campaigns as stored; their money is in the ledger (models/ledger.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from domain.geo import Point
from domain.giving.campaigns import NEAR_NOTICES_A_DAY, Alert, Campaign, CampaignStatus, Share, ShareStatus
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

    def get(self, credit_id: int) -> Credit | None:
        return self.session.get(Credit, credit_id)

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

    def references(self, pledge_ids: list[int]) -> dict[int, str]:
        """Each pledge's reference, by id, read without a lock: for a report, which changes nothing."""
        query = select(pledges.id, pledges.reference).where(pledges.id.in_(pledge_ids))
        return {row.id: row.reference for row in self.session.execute(query)}

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


campaigns = tables.campaigns.c
shares = tables.campaign_shares.c
alerts = tables.campaign_alerts.c

_ALERTS_NEAR = text(
    """
    SELECT person_id, lat, lng, label, radius_m FROM campaign_alerts
    WHERE earth_box(ll_to_earth(:lat, :lng), radius_m) @> ll_to_earth(lat, lng)
      AND earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(lat, lng)) <= radius_m
    ORDER BY created_at, person_id
    """
)
# At most three notices a day: counted in one guarded statement, so two campaigns opening at once cannot both
# take a person's third (and a CHECK holds the count to three whatever runs).
_COUNT_ALERT = text(
    """
    UPDATE campaign_alerts
    SET told_count = CASE WHEN told_on = :day THEN told_count + 1 ELSE 1 END, told_on = :day
    WHERE person_id = :person AND (told_on IS DISTINCT FROM :day OR told_count < :most)
    RETURNING person_id
    """
)


class CampaignRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, campaign: Campaign) -> Campaign:
        self.session.add(campaign)
        self.session.flush()
        return campaign

    def get(self, campaign_id: int) -> Campaign | None:
        """Locked: a GIVE, the kitchen's RECEIVED and a sweep on one campaign wait for each other."""
        return self.session.get(Campaign, campaign_id, with_for_update=True, populate_existing=True)

    def by_reference(self, reference: str) -> Campaign | None:
        query = select(Campaign).where(campaigns.reference == reference.upper()).with_for_update()
        return self.session.scalars(query.execution_options(populate_existing=True)).first()

    def for_order(self, order_id: int) -> Campaign | None:
        query = select(Campaign).where(campaigns.order_id == order_id).with_for_update()
        return self.session.scalars(query.execution_options(populate_existing=True)).first()

    def all(self) -> list[Campaign]:
        return list(self.session.scalars(select(Campaign).order_by(campaigns.created_at, campaigns.id)))

    def add_share(self, share: Share) -> Share:
        self.session.add(share)
        self.session.flush()
        return share

    def drop_share(self, share: Share) -> None:
        """A promise the ledger refused (the campaign needed less): it never was."""
        self.session.delete(share)
        self.session.flush()

    def shares(self, campaign_id: int) -> list[Share]:
        query = select(Share).where(shares.campaign_id == campaign_id).order_by(shares.number)
        return list(self.session.scalars(query))

    def share(self, campaign_id: int, number: int) -> Share | None:
        query = select(Share).where(shares.campaign_id == campaign_id, shares.number == number).with_for_update()
        return self.session.scalars(query).first()

    def of_person(self, person_id: int) -> list[Share]:
        query = select(Share).where(shares.person_id == person_id).order_by(shares.promised_at, shares.id)
        return list(self.session.scalars(query))

    def open_ids(self, statuses: frozenset[str]) -> list[int]:
        query = select(campaigns.id).where(campaigns.status.in_(sorted(statuses))).order_by(campaigns.id)
        return list(self.session.scalars(query))

    def orders_with_shares_asked_since(self, cutoff: datetime) -> list[int]:
        """Orders of campaigns with a share asked for before `cutoff` and not yet paid, or whose creator was
        asked to cover late shares before it."""
        late_share = (
            select(campaigns.order_id)
            .join(tables.campaign_shares, shares.campaign_id == campaigns.id)
            .where(shares.status == ShareStatus.ASKED.value, shares.asked_at <= cutoff)
        )
        cover_asked = select(campaigns.order_id).where(
            campaigns.status == CampaignStatus.ORDER_PLACED.value, campaigns.cover_asked_at <= cutoff
        )
        return sorted(set(self.session.scalars(late_share.union(cover_asked))))

    def set_alert(self, alert: Alert, at: datetime) -> None:
        values = {"lat": alert.lat, "lng": alert.lng, "label": alert.label, "radius_m": alert.radius_m}
        self.session.execute(
            pg_insert(tables.campaign_alerts)
            .values(person_id=alert.person_id, created_at=at, **values)
            .on_conflict_do_update(index_elements=["person_id"], set_=values)
        )

    def drop_alert(self, person_id: int) -> None:
        self.session.execute(delete(tables.campaign_alerts).where(alerts.person_id == person_id))

    def alerts_near(self, point: Point) -> list[Alert]:
        rows = self.session.execute(_ALERTS_NEAR, {"lat": point.lat, "lng": point.lng})
        return [Alert(row.person_id, row.lat, row.lng, row.label, row.radius_m) for row in rows]

    def count_alert(self, person_id: int, day: date) -> bool:
        """Counts one notice to the person today; False when they had their three."""
        counted = self.session.execute(_COUNT_ALERT, {"person": person_id, "day": day, "most": NEAR_NOTICES_A_DAY})
        return counted.first() is not None
