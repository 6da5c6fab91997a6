"""Names of giving states, as people read them in a notice (the `status` of the pledge and campaign templates)."""

from __future__ import annotations

from domain.giving.campaigns import CampaignStatus
from domain.giving.credits import CreditStatus
from domain.giving.ledger import EntryKind
from domain.giving.pledges import PledgeStatus
from flows.i18n import N_

CREDIT_STATES = {
    CreditStatus.PENDING: N_("waiting for the kitchen's RECEIVED"),
    CreditStatus.CONFIRMED: N_("ready for hungry people"),
}

PLEDGE_STATES = {
    PledgeStatus.ACTIVE: N_("active"),
    PledgeStatus.PAUSED: N_("paused"),
    PledgeStatus.ENDED: N_("ended"),
}
# A pledge's terms, as a line of parts joined by commas: "₹600 a month, within 3 km of 600017, only 11-15".
MONTHLY = N_("{amount} a month")
ONCE = N_("{amount} once")
NEAR_PLACE = N_("within {km} km of {place}")
NEAR_PIN = N_("within {km} km of your pin")
ONLY_AT = N_("only {window}")

CAMPAIGN_STATES = {
    CampaignStatus.CREATED: N_("opening"),
    CampaignStatus.ACTIVE: N_("open for gifts"),
    CampaignStatus.FUNDING: N_("open for gifts"),
    CampaignStatus.THRESHOLD_MET: N_("all promised, a kitchen asked"),
    CampaignStatus.ORDER_PLACED: N_("the kitchen cooks once the shares are paid"),
    CampaignStatus.DELIVERED: N_("delivered"),
    CampaignStatus.COMPLETED: N_("completed"),
    CampaignStatus.EXPIRED: N_("expired"),
    CampaignStatus.CANCELLED: N_("cancelled"),
}

# What each ledger entry did, as staff read the ledger on the dashboard.
ENTRY_KINDS = {
    EntryKind.PURCHASED: N_("bought, money on its way"),
    EntryKind.CONFIRMED: N_("money reached the kitchen"),
    EntryKind.ALLOCATED: N_("set aside for a meal"),
    EntryKind.RELEASED: N_("given back"),
    EntryKind.PAID: N_("paid to the kitchen"),
    EntryKind.LAPSED: N_("lapsed"),
    EntryKind.RENEWED: N_("renewed for the month"),
    EntryKind.OPENED: N_("opened for the price"),
    EntryKind.COMMITTED: N_("promised"),
}
