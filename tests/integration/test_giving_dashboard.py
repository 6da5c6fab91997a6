"""The dashboard's giving page on the real stack: meal credits, pledges and campaigns with their ledger
entries, givers' numbers masked, and the result of the same `ledger check` the command line runs."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text as sql

from bot.web.app import create_app
from tests.support.dashboard import ADMIN, OPERATOR, add_staff, log_in
from tests.support.given import CAMPAIGNER, CREDIT_GIVER, FRIEND, PLEDGER, give_ahead


@pytest.fixture
def given(services, client, media, kitchen):
    return give_ahead(client, services, media)


def page(client, **query) -> str:
    response = client.get("/admin/giving", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row(html: str, kind: str, reference: str) -> str:
    """The table row of one credit, pledge or campaign, and the row of its ledger entries after it."""
    found = re.search(rf'<tr data-{kind}="{reference}">.*?</tr>\s*<tr class="entries">.*?</details>', html, re.S)
    assert found, f"no {kind} {reference} on the page"
    return found.group(0)


def kinds(html: str) -> list[str]:
    return re.findall(r'data-kind="(\w+)"', html)


def test_a_stranger_is_sent_to_the_login(client):
    response = client.get("/admin/giving")
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/login?next=/admin/giving")


@pytest.mark.parametrize("role", ["operator", "admin"])
def test_credits_pledges_and_campaigns_show_with_their_ledger_entries_and_givers_masked(services, client, given, role):
    email = OPERATOR if role == "operator" else ADMIN
    add_staff(services, email, role)
    log_in(client, email)
    html = page(client)
    assert '<a href="/admin/giving">Giving</a>' in html

    credit = row(html, "credit", given.credit)
    assert "+91•••••••005" in credit and "Amma Mess" in credit and "ready for hungry people" in credit
    assert '<td class="num">2 / 2</td><td class="num">₹120</td>' in credit
    assert kinds(credit) == ["purchased", "confirmed"]
    assert "+₹120" in credit and "−₹120" in credit  # confirmed: available up, pending down

    pledge = row(html, "pledge", given.pledge)
    assert "+91•••••••021" in pledge and "₹600 a month" in pledge and "1 Dec 2026" in pledge
    assert kinds(pledge) == ["renewed"] and "anywhere" in pledge

    campaign = row(html, "campaign", given.campaign)
    assert f'href="/admin/orders/{given.order}">{given.order}</a>' in campaign
    assert f'<tr data-campaign="{given.campaign}"><td>{given.campaign}</td><td>13.06, 80.25</td>' in campaign
    assert re.search(r'<td class="num">₹60</td><td class="num">₹20</td>\s*<td class="num">–</td>', campaign)
    assert "open, some promised" in campaign
    assert kinds(campaign) == ["opened", "committed"] and f"<td>{given.campaign}-1</td>" in campaign

    for number in (CREDIT_GIVER, PLEDGER, CAMPAIGNER, FRIEND):
        assert number.removeprefix("+") not in html and number[-10:] not in html  # no whole number anywhere
    assert re.findall(r'<form method="post"', html) == ['<form method="post"']  # logging out, nothing else
    assert client.post("/admin/giving").status_code == 405  # read only


def test_the_ledger_check_is_the_command_lines_and_shows_a_balance_that_is_not_the_sum_of_its_entries(
    services, client, given
):
    add_staff(services, OPERATOR, "operator")
    log_in(client, OPERATOR)
    html = page(client)
    assert 'data-check="passed"' in html
    assert "Every balance is the sum of its entries (3 accounts)." in html
    assert (
        create_app(services)
        .test_cli_runner()
        .invoke(args=["ledger", "check"])
        .output.startswith("ledger check: 3 accounts")
    )
    with services.engine.begin() as connection:  # what no code path does: a balance changed beside its entries
        connection.execute(sql("UPDATE ledger_balances SET meals = 5 WHERE account_id = (SELECT id FROM meal_credits)"))
    failed = page(client)
    assert 'data-check="failed"' in failed
    assert re.search(rf"<tr><td>{given.credit}</td>\s*<td class=\"num\">5 meals · ₹120", failed)


def test_filters_and_pages_keep_to_their_own_section(services, client, given):
    add_staff(services, ADMIN, "admin")
    log_in(client, ADMIN)
    paused = page(client, pledge_status="paused")
    assert f'data-pledge="{given.pledge}"' not in paused and f'data-campaign="{given.campaign}"' in paused
    assert f'data-pledge="{given.pledge}"' in page(client, pledge_status="active")
    expired = page(client, campaign_status="EXPIRED", pledge_status="nonsense")  # an unknown status: all
    assert f'data-campaign="{given.campaign}"' not in expired and f'data-pledge="{given.pledge}"' in expired
    with services.uow() as uow:
        credit_id = uow.credits.by_reference(given.credit).id
    older = page(client, credits_before=credit_id)
    assert f'data-credit="{given.credit}"' not in older and f'data-pledge="{given.pledge}"' in older


def test_the_giving_page_reads_in_tamil(services, client, given):
    add_staff(services, OPERATOR, "operator")
    log_in(client, OPERATOR)
    html = page(client, lang="ta")
    assert '<html lang="ta">' in html
    assert "<h1>கொடை</h1>" in html and '<h2 id="credits">முன்பணச் சாப்பாடுகள்</h2>' in html
    assert "கணக்கு சரிபார்ப்பு" in html  # the ledger check
    assert re.search(r'data-kind="renewed">[^<]*[\u0b80-\u0bff]', html)  # an entry's kind, in Tamil
