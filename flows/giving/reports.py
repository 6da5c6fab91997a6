"""What an operator reads of the ledger: every account's balance, the check that each balance is the sum
of its entries (`flask --app wsgi ledger balances --json`, `ledger check`), and each pledge and campaign
with its entries, as the CLI, the dashboard and the API show them."""

from __future__ import annotations

from dataclasses import dataclass

from domain.giving.accounts import CampaignAccount, CreditAccount, PledgeAccount
from domain.giving.credits import Credit
from domain.giving.ledger import AccountKind, Balance, Line, Mismatch, mismatches, reached_kitchens
from domain.giving.pledges import Pledge
from flows.ports import UnitOfWork


def balance_dict(balance: Balance) -> dict[str, int]:
    return {"meals": balance.meals, "paise": balance.paise, "pending_paise": balance.pending_paise}


def ledger_balances(uow: UnitOfWork) -> list[dict]:
    """Each account, oldest first, with its balance as PostgreSQL keeps it and what it is."""
    stored = uow.ledger.stored_balances()
    listed = []
    for account_id, kind, reference, created_at in uow.ledger.accounts():
        listed.append(
            {
                "reference": reference,
                "kind": kind.value,
                "created_at": created_at.isoformat(),
                **balance_dict(stored.get(account_id, Balance())),
                **details(uow, kind, reference),
            }
        )
    return listed


def details(uow: UnitOfWork, kind: AccountKind, reference: str) -> dict:
    if kind == AccountKind.CREDIT:
        credit = uow.credits.by_reference(reference)
        return credit_details(credit, uow.kitchens.get(credit.kitchen_id).name)
    if kind == AccountKind.PLEDGE:
        return pledge_details(uow.pledges.by_reference(reference))
    campaign = uow.campaigns.by_reference(reference)
    return {"status": campaign.status, "target_paise": campaign.target_paise}


def credit_details(credit: Credit, kitchen: str) -> dict:
    return {
        "kitchen": kitchen,
        "status": credit.status,
        "meals_bought": credit.meals,
        "price_paise": credit.price_paise,
        "window": str(credit.window) if credit.window else None,
        "sms_only": credit.sms_only,
    }


def pledge_details(pledge: Pledge) -> dict:
    return {
        "status": pledge.status,
        "amount_paise": pledge.amount_paise,
        "monthly": pledge.monthly,
        "month": pledge.period.isoformat(),
        "place": {"lat": pledge.lat, "lng": pledge.lng, "label": pledge.place_label} if pledge.point else None,
        "radius_m": pledge.radius_m,
        "window": str(pledge.window) if pledge.window else None,
    }


def pledge_list(uow: UnitOfWork) -> list[dict]:
    """Every pledge, oldest first: its terms, what is left this month, what it paid and what is pending."""
    accounts, _ = uow.giving_search.pledges(limit=None)
    lines = uow.giving_search.lines(account.pledge.id for account in accounts)
    return [
        {**pledge_summary(account, lines.get(account.pledge.id, [])), "donor": account.donor}
        for account in reversed(accounts)
    ]


def pledge_summary(account: PledgeAccount, lines: list[Line]) -> dict:
    """A pledge's terms, its next renewal, what is left this month, what it paid and what is pending."""
    pledge, balance = account.pledge, account.balance
    meals_paid, paid_paise = reached_kitchens(line.entry for line in lines)
    return {
        "id": pledge.id,
        "reference": pledge.reference,
        "created_at": pledge.created_at.isoformat(),
        **pledge_details(pledge),
        "renews_on": pledge.renews_on.isoformat() if pledge.renews_on else None,
        "left_paise": balance.paise,
        "pending_paise": balance.pending_paise,
        "meals_paid": meals_paid,
        "paid_paise": paid_paise,
    }


def credit_summary(account: CreditAccount) -> dict:
    """Meals paid ahead at one kitchen: how many were bought, how many are left, and whether the kitchen has
    the money yet."""
    credit, balance = account.credit, account.balance
    return {
        "id": credit.id,
        "reference": credit.reference,
        "created_at": credit.created_at.isoformat(),
        "kitchen_id": account.kitchen_id,
        **credit_details(credit, account.kitchen),
        "meals_left": balance.meals,
        "left_paise": balance.paise,
        "pending_paise": balance.pending_paise,
    }


def campaign_summary(account: CampaignAccount, lines: list[Line]) -> dict:
    """A campaign's state and money: its goal, what was promised, what reached the kitchen, what it still needs."""
    campaign, needed = account.campaign, account.balance
    _, paid_paise = reached_kitchens(line.entry for line in lines)
    return {
        "id": campaign.id,
        "reference": campaign.reference,
        "status": campaign.status,
        "order": {"reference": account.order_reference, "status": account.order_status},
        "kitchen_id": campaign.kitchen_id,
        "kitchen": account.kitchen,
        "area": account.area,
        "target_paise": campaign.target_paise,
        "promised_paise": campaign.promised_paise(needed.paise),
        "paid_paise": paid_paise,
        "needed_paise": needed.paise,
        "pending_paise": needed.pending_paise,
        "created_at": campaign.created_at.isoformat(),
        "expires_at": campaign.expires_at.isoformat(),
    }


def line_dict(line: Line) -> dict:
    entry = line.entry
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "kind": entry.kind.value,
        "meals": entry.meals,
        "paise": entry.paise,
        "pending_paise": entry.pending_paise,
        "amount_paise": entry.amount_paise,
        "reference": line.reference,
        "note": entry.note,
    }


class UnknownCampaign(LookupError):
    """No campaign has that reference."""


def campaign_report(uow: UnitOfWork, reference: str) -> dict:
    """A campaign as an operator reads it: its state, money, shares (never who gave) and ledger entries."""
    found, _ = uow.giving_search.campaigns(reference=reference, limit=1)
    if not found:
        raise UnknownCampaign(reference)
    campaign = found[0].campaign
    lines = uow.giving_search.lines([campaign.id]).get(campaign.id, [])
    shares = uow.campaigns.shares(campaign.id)
    # A read: the pledges' references without `get`'s lock, which would hold up a renewal or a GIVE.
    covering = uow.pledges.references([share.pledge_id for share in shares if share.pledge_id])
    return {
        **campaign_summary(found[0], lines),
        "contributors": len({share.person_id for share in shares if share.status != "lapsed"}),
        "shares": [
            {
                "reference": share.reference(campaign.reference),
                "amount_paise": share.amount_paise,
                "status": share.status,
                "by_pledge": covering.get(share.pledge_id),
                "asked_at": share.asked_at.isoformat() if share.asked_at else None,
                "paid_at": share.paid_at.isoformat() if share.paid_at else None,
            }
            for share in shares
        ],
        "ledger": [line_dict(line) for line in lines],
    }


@dataclass(frozen=True)
class LedgerCheck:
    """What `ledger check` found: how many accounts it added up, and those whose kept balance is wrong."""

    accounts: int
    mismatches: list[Mismatch]
    references: dict[int, str]  # each account's reference, by id

    @property
    def passed(self) -> bool:
        return not self.mismatches


def ledger_check(uow: UnitOfWork) -> LedgerCheck:
    """Accounts whose kept balance differs from the sum of their entries, or is below zero: none, or a bug."""
    accounts = {account_id: reference for account_id, _, reference, _ in uow.ledger.accounts()}
    found = mismatches(uow.ledger.stored_balances(), uow.ledger.summed_balances())
    return LedgerCheck(len(accounts), found, accounts)
