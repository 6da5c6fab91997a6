"""What an operator reads of the ledger: every account's balance, and the check that each balance is the
sum of its entries (`flask --app wsgi ledger balances --json`, `ledger check`)."""

from __future__ import annotations

from domain.giving.ledger import AccountKind, Balance, EntryKind, Mismatch, mismatches
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
        kitchen = uow.kitchens.get(credit.kitchen_id)
        return {
            "kitchen": kitchen.name,
            "status": credit.status,
            "meals_bought": credit.meals,
            "price_paise": credit.price_paise,
            "window": str(credit.window) if credit.window else None,
            "sms_only": credit.sms_only,
        }
    if kind == AccountKind.PLEDGE:
        return pledge_details(uow.pledges.by_reference(reference))
    campaign = uow.campaigns.by_reference(reference)
    return {"status": campaign.status, "target_paise": campaign.target_paise}


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
    listed = []
    for pledge in uow.pledges.all():
        entries = uow.ledger.entries(pledge.id)
        balance = uow.ledger.balance(pledge.id)
        paid = [entry for entry in entries if entry.kind == EntryKind.PAID]
        listed.append(
            {
                "reference": pledge.reference,
                "donor": (uow.people.get(pledge.donor_id).address if pledge.donor_id else None),
                "created_at": pledge.created_at.isoformat(),
                **pledge_details(pledge),
                "left_paise": balance.paise,
                "pending_paise": balance.pending_paise,
                "meals_paid": len(paid),
                "paid_paise": -sum(entry.pending_paise for entry in paid),
            }
        )
    return listed


class UnknownCampaign(LookupError):
    """No campaign has that reference."""


def campaign_report(uow: UnitOfWork, reference: str) -> dict:
    """A campaign as an operator reads it: its state, money, shares (never who gave) and ledger entries."""
    campaign = uow.campaigns.by_reference(reference)
    if campaign is None:
        raise UnknownCampaign(reference)
    order = uow.orders.among([campaign.order_id])[0]
    needed = uow.ledger.balance(campaign.id)
    shares = uow.campaigns.shares(campaign.id)
    return {
        "reference": campaign.reference,
        "status": campaign.status,
        "order": {"reference": order.reference, "status": order.status},
        "kitchen": uow.kitchens.get(campaign.kitchen_id).name,
        "target_paise": campaign.target_paise,
        "promised_paise": campaign.target_paise - needed.paise if campaign.state != "EXPIRED" else 0,
        "needed_paise": needed.paise,
        "pending_paise": needed.pending_paise,
        "created_at": campaign.created_at.isoformat(),
        "expires_at": campaign.expires_at.isoformat(),
        "contributors": len({share.person_id for share in shares if share.status != "lapsed"}),
        "shares": [
            {
                "reference": share.reference(campaign.reference),
                "amount_paise": share.amount_paise,
                "status": share.status,
                "by_pledge": uow.pledges.get(share.pledge_id).reference if share.pledge_id else None,
                "asked_at": share.asked_at.isoformat() if share.asked_at else None,
                "paid_at": share.paid_at.isoformat() if share.paid_at else None,
            }
            for share in shares
        ],
        "ledger": [
            {
                "kind": entry.kind.value,
                "paise": entry.paise,
                "pending_paise": entry.pending_paise,
                "note": entry.note,
                "at": entry.at.isoformat(),
            }
            for entry in uow.ledger.entries(campaign.id)
        ],
    }


def ledger_check(uow: UnitOfWork) -> list[Mismatch]:
    """Accounts whose kept balance differs from the sum of their entries, or is below zero: none, or a bug."""
    return mismatches(uow.ledger.stored_balances(), uow.ledger.summed_balances())
