"""GET /api/v1/pledges and /api/v1/campaigns (filtered by status, newest first, a page at a time), and one of
each by its reference with its ledger entries."""

from __future__ import annotations

from bot.web.api import schemas
from bot.web.api.auth import api_blueprint
from bot.web.api.errors import ApiError
from bot.web.context import services
from flows.giving import listings, reports

bp = api_blueprint("giving", __name__, "Giving: pledges and campaigns, each with its ledger entries.")
REFERENCE_LENGTH = 12  # as long as an account's reference may be


@bp.get("/pledges")
@bp.arguments(schemas.PledgeQuery, location="query")
@bp.response(200, schemas.PledgePage)
def pledges(query: dict) -> dict:
    """List pledges, newest first. Donors' numbers are masked.

    Pass the answer's `next_cursor` as `cursor` for the next page; it is null on the last page."""
    with services().uow() as uow:
        page = listings.pledges_page(uow, query.get("status"), before(query), query["limit"])
    return {"pledges": page.rows, "next_cursor": cursor(page)}


@bp.get("/pledges/<reference>")
@bp.response(200, schemas.Pledge)
def pledge(reference: str) -> dict:
    """One pledge: its terms, next renewal, what is left and paid, and its ledger entries."""
    with services().uow() as uow:
        try:
            return listings.pledge_report(uow, readable(reference, "pledge"))
        except listings.UnknownPledge as error:
            raise ApiError(404, "not_found", f"no pledge {reference}") from error


@bp.get("/campaigns")
@bp.arguments(schemas.CampaignQuery, location="query")
@bp.response(200, schemas.CampaignPage)
def campaigns(query: dict) -> dict:
    """List campaigns, newest first. Who gave is never shown.

    Pass the answer's `next_cursor` as `cursor` for the next page; it is null on the last page."""
    with services().uow() as uow:
        page = listings.campaigns_page(uow, query.get("status"), before(query), query["limit"])
    return {"campaigns": page.rows, "next_cursor": cursor(page)}


@bp.get("/campaigns/<reference>")
@bp.response(200, schemas.Campaign)
def campaign(reference: str) -> dict:
    """One campaign, as `flask --app wsgi campaigns show --json` prints it: money, shares and ledger entries."""
    with services().uow() as uow:
        try:
            return reports.campaign_report(uow, readable(reference, "campaign"))
        except reports.UnknownCampaign as error:
            raise ApiError(404, "not_found", f"no campaign {reference}") from error


def before(query: dict) -> int | None:
    return int(query["cursor"]) if "cursor" in query else None


def cursor(page: listings.Page) -> str | None:
    return str(page.next_cursor) if page.next_cursor else None


def readable(reference: str, what: str) -> str:
    """Letters and digits only: anything else names nothing (and never reaches the database)."""
    if not (reference.isascii() and reference.isalnum() and len(reference) <= REFERENCE_LENGTH):
        raise ApiError(404, "not_found", f"no {what} {reference}")
    return reference.upper()
