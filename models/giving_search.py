"""Meal credits, pledges and campaigns as the dashboard and the API list them: newest first, a page at a
time, read without locking (a GIVE or a RECEIVED never waits for a page to be read).

Pages are cut by account id, as orders' are by order id: a pledge made while someone pages neither
repeats nor shifts a row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from domain.giving.accounts import CampaignAccount, CreditAccount, PledgeAccount
from domain.giving.campaigns import Campaign
from domain.giving.credits import Credit
from domain.giving.ledger import Balance, Line
from domain.giving.pledges import Pledge
from models import tables
from models.ledger import entry_from

balances = tables.ledger_balances.c
entries = tables.ledger_entries.c
people = tables.people.c
kitchens = tables.kitchens.c
orders = tables.orders.c
shares = tables.campaign_shares.c
T = TypeVar("T")
BALANCE = (balances.meals, balances.paise, balances.pending_paise)


def _balance(row) -> Balance:
    return Balance(row.meals, row.paise, row.pending_paise)


def _paged(query: Select, account_id, before_id: int | None, limit: int | None) -> Select:
    if before_id is not None:
        query = query.where(account_id < before_id)
    query = query.order_by(account_id.desc())
    return query.limit(limit + 1) if limit is not None else query


def _chosen(query: Select, accounts, status: str | None, reference: str) -> Select:
    """Only the accounts of one status, or the one with this reference, when asked."""
    if status:
        query = query.where(accounts.status == status)
    if reference:
        query = query.where(accounts.reference == reference.upper())
    return query


def _cut(found: list[T], limit: int | None, account_id: Callable[[T], int | None]) -> tuple[list[T], int | None]:
    """The page, and the cursor of the next one (None on the last)."""
    if limit is None or len(found) <= limit:
        return found, None
    return found[:limit], account_id(found[limit - 1])


class GivingSearch:
    def __init__(self, session: Session):
        self.session = session

    def credits(self, before_id: int | None = None, limit: int | None = 50) -> tuple[list[CreditAccount], int | None]:
        credits = tables.meal_credits.c
        query = (
            select(Credit, *BALANCE, people.address, kitchens.id.label("kitchen_id"), kitchens.name)
            .join(tables.ledger_balances, balances.account_id == credits.id)
            .join(tables.kitchens, kitchens.id == credits.kitchen_id)
            .outerjoin(tables.people, people.id == credits.donor_id)
        )
        rows = self.session.execute(_paged(query, credits.id, before_id, limit))
        found = [CreditAccount(row[0], _balance(row), row.address, row.kitchen_id, row.name) for row in rows]
        return _cut(found, limit, lambda account: account.credit.id)

    def pledges(
        self, status: str | None = None, before_id: int | None = None, limit: int | None = 50, reference: str = ""
    ) -> tuple[list[PledgeAccount], int | None]:
        pledges = tables.pledges.c
        query = (
            select(Pledge, *BALANCE, people.address)
            .join(tables.ledger_balances, balances.account_id == pledges.id)
            .outerjoin(tables.people, people.id == pledges.donor_id)
        )
        query = _chosen(query, pledges, status, reference)
        rows = self.session.execute(_paged(query, pledges.id, before_id, limit))
        found = [PledgeAccount(row[0], _balance(row), row.address) for row in rows]
        return _cut(found, limit, lambda account: account.pledge.id)

    def campaigns(
        self, status: str | None = None, before_id: int | None = None, limit: int | None = 50, reference: str = ""
    ) -> tuple[list[CampaignAccount], int | None]:
        campaigns = tables.campaigns.c
        query = (
            select(
                Campaign,
                *BALANCE,
                kitchens.name,
                orders.reference.label("order_reference"),
                orders.status.label("order_status"),
                func.coalesce(func.nullif(orders.place_label, ""), orders.place_address).label("place_label"),
                orders.lat,
                orders.lng,
            )
            .join(tables.ledger_balances, balances.account_id == campaigns.id)
            .join(tables.kitchens, kitchens.id == campaigns.kitchen_id)
            .join(tables.orders, orders.id == campaigns.order_id)
        )
        query = _chosen(query, campaigns, status, reference)
        rows = self.session.execute(_paged(query, campaigns.id, before_id, limit))
        found = [
            CampaignAccount(
                row[0],
                _balance(row),
                row.name,
                row.order_reference,
                row.order_status,
                row.place_label,
                row.lat,
                row.lng,
            )
            for row in rows
        ]
        return _cut(found, limit, lambda account: account.campaign.id)

    def lines(self, account_ids: Iterable[int]) -> dict[int, list[Line]]:
        """Each account's entries, oldest first, with the order or campaign share each concerns."""
        wanted = sorted(set(account_ids))
        if not wanted:
            return {}
        share_campaign = tables.ledger_accounts.alias("share_campaign")
        query = (
            select(
                tables.ledger_entries,
                orders.reference.label("order_reference"),
                share_campaign.c.reference.label("campaign_reference"),
                shares.number.label("share_number"),
            )
            .outerjoin(tables.orders, orders.id == entries.order_id)
            .outerjoin(tables.campaign_shares, shares.id == entries.share_id)
            .outerjoin(share_campaign, share_campaign.c.id == shares.campaign_id)
            .where(entries.account_id.in_(wanted))
            .order_by(entries.account_id, entries.id)
        )
        found: dict[int, list[Line]] = defaultdict(list)
        for row in self.session.execute(query):
            found[row.account_id].append(Line(entry_from(row), _reference(row)))
        return dict(found)


def _reference(row) -> str:
    """A share names its order too; the share's reference says more (which contributor's promise)."""
    if row.share_number is not None:
        return f"{row.campaign_reference}-{row.share_number}"
    return row.order_reference or ""
