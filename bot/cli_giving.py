"""Operator commands for the giving ledger: `flask --app wsgi ledger balances|check`, and (with pledges and
campaigns) `pledges list`, `campaigns show`."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup

from bot.web.context import services
from flows.giving import reports

ledger = AppGroup("ledger", help="The one ledger of meal credits, pledges and campaigns.")
pledges = AppGroup("pledges", help="Pledges: money promised ahead, paid meal by meal to kitchens.")
campaigns = AppGroup("campaigns", help="Micro-campaigns: strangers' shares toward one meal.")


@ledger.command("balances")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def ledger_balances(as_json: bool) -> None:
    """Every account's balance: meals and paise available, paise pending at a kitchen."""
    with services().uow() as uow:
        listed = reports.ledger_balances(uow)
    if as_json:
        click.echo(json.dumps(listed, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'REFERENCE':<10} {'KIND':<9} {'MEALS':>6} {'PAISE':>10} {'PENDING':>10}")
    for account in listed:
        click.echo(
            f"{account['reference']:<10} {account['kind']:<9} {account['meals']:>6} "
            f"{account['paise']:>10} {account['pending_paise']:>10}"
        )


@ledger.command("check")
def ledger_check() -> None:
    """Adds up every account's entries again; exits 1 when any kept balance differs or is below zero."""
    with services().uow() as uow:
        found = reports.ledger_check(uow)
    for mismatch in found.mismatches:
        click.echo(
            f"account {mismatch.account_id}: kept {reports.balance_dict(mismatch.stored)}, "
            f"entries add up to {reports.balance_dict(mismatch.summed)}",
            err=True,
        )
    if not found.passed:
        raise click.exceptions.Exit(1)
    click.echo(f"ledger check: {found.accounts} accounts, every balance is the sum of its entries")


@pledges.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def pledges_list(as_json: bool) -> None:
    """Every pledge: its terms, what is left this month, the meals it paid for."""
    with services().uow() as uow:
        listed = reports.pledge_list(uow)
    if as_json:
        click.echo(json.dumps(listed, indent=2, ensure_ascii=False))
        return
    for pledge in listed:
        cadence = "a month" if pledge["monthly"] else "once"
        click.echo(
            f"{pledge['reference']:<10} {pledge['status']:<7} {pledge['amount_paise'] / 100:>9.2f} {cadence:<8} "
            f"left {pledge['left_paise'] / 100:.2f}  meals paid {pledge['meals_paid']}"
        )


@campaigns.command("show")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def campaigns_show(reference: str, as_json: bool) -> None:
    """A campaign's state, money, shares and ledger entries (never who gave)."""
    try:
        with services().uow() as uow:
            report = reports.campaign_report(uow, reference)
    except reports.UnknownCampaign as error:
        raise click.ClickException(f"no campaign {error}") from error
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{report['reference']}  {report['status']}  order {report['order']['reference']}  "
        f"{report['promised_paise'] / 100:.2f} of {report['target_paise'] / 100:.2f}"
    )
    for share in report["shares"]:
        click.echo(f"  {share['reference']:<12} {share['amount_paise'] / 100:>8.2f}  {share['status']}")


def register(app: Flask) -> None:
    app.cli.add_command(ledger)
    app.cli.add_command(pledges)
    app.cli.add_command(campaigns)
