"""Giving: meal credits, pledges and campaigns, each with its ledger entries, and the same `ledger check` the
command line runs. Read only: what an operator may do about giving is done from the command line."""

from __future__ import annotations

from datetime import datetime

from flask import render_template, request, url_for

from bot.web.admin import bp
from bot.web.context import services
from domain.giving.campaigns import CampaignStatus
from domain.giving.pledges import PledgeStatus
from flows.giving import listings, reports
from flows.giving.texts import CAMPAIGN_STATES, CREDIT_STATES, ENTRY_KINDS, PLEDGE_STATES
from flows.i18n import N_

# Each section pages on its own: `credits_before=123` shows the credits older than account 123.
SECTIONS = ("credits", "pledges", "campaigns")
# Donors read both open states as "open for gifts"; staff filtering campaigns need them apart.
CAMPAIGN_NAMES = {
    **CAMPAIGN_STATES,
    CampaignStatus.ACTIVE: N_("open, nothing promised yet"),
    CampaignStatus.FUNDING: N_("open, some promised"),
}
NAMES = {"credit_states": CREDIT_STATES, "pledge_states": PLEDGE_STATES, "campaign_states": CAMPAIGN_NAMES}


@bp.get("/giving")
def giving() -> str:
    before = {section: request.args.get(f"{section}_before", type=int) for section in SECTIONS}
    pledge_status = chosen("pledge_status", PledgeStatus)
    campaign_status = chosen("campaign_status", CampaignStatus)
    with services().uow() as uow:
        check = reports.ledger_check(uow)
        credits = listings.credits_page(uow, before["credits"])
        pledges = listings.pledges_page(uow, pledge_status, before["pledges"])
        campaigns = listings.campaigns_page(uow, campaign_status, before["campaigns"])
    pages = {"credits": credits, "pledges": pledges, "campaigns": campaigns}
    return render_template(
        "admin/giving.html",
        check=check,
        credits=credits.rows,
        pledges=pledges.rows,
        campaigns=campaigns.rows,
        older={section: older(section, page.next_cursor) for section, page in pages.items()},
        pledge_status=pledge_status,
        campaign_status=campaign_status,
        kinds=ENTRY_KINDS,
        at=datetime.fromisoformat,
        **NAMES,
    )


def chosen(name: str, states: type) -> str | None:
    """A status filter from the address; anything that is not one of the states shows them all."""
    value = request.args.get(name, "")
    return value if value in {state.value for state in states} else None


def older(section: str, cursor: int | None) -> str | None:
    """The link to the section's next page, keeping the other sections and filters where they are."""
    if cursor is None:
        return None
    return url_for("admin.giving", **{**request.args.to_dict(), f"{section}_before": cursor}) + f"#{section}"
