"""Meal credits, pledges and campaigns a page at a time, as the dashboard and the API list them: newest
first, each with its ledger entries, and givers' numbers masked (staff need to tell givers apart, not to
reach them; `pledges list` on the command line keeps the whole number)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.giving.accounts import PledgeAccount
from domain.giving.ledger import Line
from domain.people import masked
from flows.giving.reports import campaign_summary, credit_summary, line_dict, pledge_summary
from flows.ports import UnitOfWork

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_cursor: int | None  # the `before` of the next page; None on the last


def credits_page(uow: UnitOfWork, before: int | None = None, limit: int = PAGE_SIZE) -> Page:
    found, cursor = uow.giving_search.credits(before, limit)
    lines = uow.giving_search.lines(account.credit.id for account in found)
    rows = [
        {**credit_summary(account), "donor": masked(account.donor), "ledger": _ledger(lines, account.credit.id)}
        for account in found
    ]
    return Page(rows, cursor)


def pledges_page(uow: UnitOfWork, status: str | None = None, before: int | None = None, limit: int = PAGE_SIZE) -> Page:
    found, cursor = uow.giving_search.pledges(status, before, limit)
    lines = uow.giving_search.lines(account.pledge.id for account in found)
    return Page([_pledge_row(account, lines) for account in found], cursor)


class UnknownPledge(LookupError):
    """No pledge has that reference."""


def pledge_report(uow: UnitOfWork, reference: str) -> dict:
    """One pledge as the dashboard and the API show it: as listed, with all its ledger entries."""
    found, _ = uow.giving_search.pledges(reference=reference, limit=1)
    if not found:
        raise UnknownPledge(reference)
    return _pledge_row(found[0], uow.giving_search.lines([found[0].pledge.id]))


def _pledge_row(account: PledgeAccount, lines: dict[int, list[Line]]) -> dict:
    return {
        **pledge_summary(account, lines.get(account.pledge.id, [])),
        "donor": masked(account.donor),
        "ledger": _ledger(lines, account.pledge.id),
    }


def campaigns_page(
    uow: UnitOfWork, status: str | None = None, before: int | None = None, limit: int = PAGE_SIZE
) -> Page:
    """Campaigns never name who gave, masked or not."""
    found, cursor = uow.giving_search.campaigns(status, before, limit)
    lines = uow.giving_search.lines(account.campaign.id for account in found)
    rows = [
        {
            **campaign_summary(account, lines.get(account.campaign.id, [])),
            "ledger": _ledger(lines, account.campaign.id),
        }
        for account in found
    ]
    return Page(rows, cursor)


def _ledger(lines: dict[int, list[Line]], account_id: int) -> list[dict]:
    return [line_dict(line) for line in lines.get(account_id, [])]
