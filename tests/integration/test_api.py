"""The API on the real stack: tokens from the dashboard's table, one error envelope, cursor pages, kitchens
verified and suspended through the CLI's use cases, and the dashboard's numbers."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from flows import admin
from models import tables
from tests.support.dashboard import ADMIN, api_token, bearer, log_in, post
from tests.support.given import CREDIT_GIVER, PLEDGER, give_ahead
from tests.support.meals import deliver_a_meal
from tests.support.whatsapp import Phone, jpeg, onboard

WAITING = admin.NewKitchen("Selvi Mess", "+919800000300", 13.05, 80.25, 8, 45, "selvi@okhdfc", language="ta")


@pytest.fixture
def auth(services) -> dict[str, str]:
    return bearer(api_token(services))


def error(response) -> tuple[int, str, str | None]:
    body = response.get_json()["error"]
    return response.status_code, body["code"], body["field"]


def test_the_openapi_document_is_3_1_generated_from_the_code_and_public(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {
        "/api/v1/orders",
        "/api/v1/orders/{reference}",
        "/api/v1/kitchens",
        "/api/v1/kitchens/{kitchen_id}",
        "/api/v1/kitchens/{kitchen_id}/verify",
        "/api/v1/kitchens/{kitchen_id}/suspend",
        "/api/v1/pledges",
        "/api/v1/pledges/{reference}",
        "/api/v1/campaigns",
        "/api/v1/campaigns/{reference}",
        "/api/v1/safety/assess",
        "/api/v1/metrics",
    }
    assert spec["components"]["securitySchemes"] == {"bearer": {"type": "http", "scheme": "bearer"}}
    assert spec["components"]["schemas"]["ErrorBody"]["properties"]["field"]["type"] == ["string", "null"]
    assert spec["paths"]["/api/v1/orders"]["get"]["responses"]["default"] == {
        "$ref": "#/components/responses/DEFAULT_ERROR"
    }


def test_every_error_under_the_api_has_one_envelope_and_the_rest_of_the_app_keeps_its_own(client, auth):
    missing = client.get("/api/v1/kitchens")
    assert error(missing) == (401, "unauthorized", None) and missing.headers["WWW-Authenticate"] == "Bearer"
    assert error(client.get("/api/v1/nothing-here", headers=auth)) == (404, "not_found", None)
    wrong_method = client.delete("/api/v1/kitchens", headers=auth)
    assert error(wrong_method) == (405, "method_not_allowed", None) and "GET" in wrong_method.headers["Allow"]
    not_json = client.post("/api/v1/safety/assess", data="lat=13", headers=auth)
    assert error(not_json)[:2] == (400, "invalid")
    photo = client.get("/photos/forged")  # not the API: a bare 403, as before
    assert photo.status_code == 403 and not photo.is_json


def test_a_revoked_token_opens_nothing_from_the_next_request_on(services, client):
    token = api_token(services)
    assert client.get("/api/v1/kitchens", headers=bearer(token)).status_code == 200
    log_in(client, ADMIN)
    with services.uow() as uow:
        (made,) = uow.tokens.of_staff(uow.staff.by_email(ADMIN).id)
        made_id, used_at = made.id, made.last_used_at
    assert used_at == services.clock()
    post(client, "/admin/tokens", f"/admin/tokens/{made_id}/revoke")
    assert error(client.get("/api/v1/kitchens", headers=bearer(token))) == (401, "unauthorized", None)


def test_orders_come_newest_first_a_page_at_a_time_with_filters(services, client, media, auth):
    references = []
    for number in ("+919800000001", "+919800000002", "+919800000003"):
        donor = Phone(client, services, number, media)
        onboard(donor)
        references.append(donor.photograph(jpeg()))
    first = client.get("/api/v1/orders?limit=2", headers=auth).get_json()
    assert [order["reference"] for order in first["orders"]] == references[:0:-1]
    last = client.get(f"/api/v1/orders?limit=2&cursor={first['next_cursor']}", headers=auth).get_json()
    assert ([order["reference"] for order in last["orders"]], last["next_cursor"]) == ([references[0]], None)
    by_reference = client.get(f"/api/v1/orders?reference={references[1].lower()}", headers=auth).get_json()
    assert [order["reference"] for order in by_reference["orders"]] == [references[1]]
    assert client.get("/api/v1/orders?status=COMPLETED", headers=auth).get_json()["orders"] == []
    assert client.get("/api/v1/orders?first_day=2026-11-27", headers=auth).get_json()["orders"] == []
    assert error(client.get("/api/v1/orders?cursor=abc", headers=auth)) == (400, "invalid", "cursor")
    assert error(client.get("/api/v1/orders?status=EATEN", headers=auth)) == (400, "invalid", "status")
    assert error(client.get("/api/v1/orders?limit=0", headers=auth)) == (400, "invalid", "limit")


def test_one_order_has_its_timeline_and_an_unknown_one_is_a_404(services, client, media, kitchen, clock, auth):
    reference = deliver_a_meal(client, services, media, clock)
    order = client.get(f"/api/v1/orders/{reference}", headers=auth).get_json()
    assert order["status"] == "COMPLETED" and order["kitchen"] == {"id": kitchen.id, "name": "Amma Mess"}
    assert [event["to"] for event in order["timeline"]][:3] == ["CREATED", "SAFETY_CHECK", "VENDOR_SELECTION"]
    assert order["timeline"][0]["from"] is None
    assert order["safety"]["reasons"]["time_of_day"]["code"] == "daylight"
    assert error(client.get("/api/v1/orders/QQQQ", headers=auth)) == (404, "not_found", None)


def test_a_kitchen_is_verified_then_suspended_through_the_api_and_each_move_is_audited(services, client, auth):
    with services.uow() as uow:
        waiting = admin.add_kitchen(uow, WAITING, services.clock())
    url = f"/api/v1/kitchens/{waiting.id}"
    assert client.get(url, headers=auth).get_json()["standing"] == "pending"
    assert error(client.post(f"{url}/verify", json={}, headers=auth)) == (400, "invalid", "reason")
    assert error(client.post(f"{url}/verify", json={"reason": "  "}, headers=auth)) == (400, "invalid", "reason")
    verified = client.post(f"{url}/verify", json={"reason": "FSSAI checked"}, headers=auth).get_json()
    assert (verified["kitchen"]["standing"], verified["moved"], verified["kept"]) == ("verified", [], [])
    assert Phone(client, services, "+919800000300").replies()[0].startswith("நல்ல செய்தி: Selvi Mess")
    again = client.post(f"{url}/verify", json={"reason": "twice"}, headers=auth)
    assert again.get_json()["kitchen"]["standing"] == "verified"  # verified once, told once
    suspended = client.post(f"{url}/suspend", json={"reason": "late meals"}, headers=auth).get_json()
    assert suspended["kitchen"]["standing"] == "suspended"
    back = client.post(f"{url}/verify", json={"reason": "it is fine"}, headers=auth)
    assert error(back) == (409, "conflict", None) and "reinstate it instead" in back.get_json()["error"]["message"]
    assert error(client.post("/api/v1/kitchens/999/suspend", json={"reason": "x"}, headers=auth))[:2] == (
        404,
        "not_found",
    )
    listed = client.get("/api/v1/kitchens", headers=auth).get_json()["kitchens"]
    assert [(kitchen["name"], kitchen["standing"]) for kitchen in listed] == [("Selvi Mess", "suspended")]
    with services.engine.connect() as connection:
        rows = connection.execute(select(tables.audit_log).where(tables.audit_log.c.via == "api")).all()
    assert [(row.actor, row.action, row.reason) for row in rows] == [
        (ADMIN, "kitchen.verify", "FSSAI checked"),
        (ADMIN, "kitchen.suspend", "late meals"),
    ]


def test_metrics_are_the_dashboards_numbers(services, client, media, kitchen, clock, auth):
    deliver_a_meal(client, services, media, clock)
    metrics = client.get("/api/v1/metrics?days=7", headers=auth).get_json()
    assert metrics["period"] == {"first": "2026-11-20", "last": "2026-11-26"}
    tables_by_name = {figures["name"]: figures for figures in metrics["figures"]}
    assert tables_by_name["meals_delivered"]["rows"][-1] == ["2026-11-26", 1]
    assert tables_by_name["minutes_from_pin"]["rows"][-1] == ["2026-11-26", 2.0, 32.0]
    assert tables_by_name["kitchen_answers"]["columns"][:3] == ["kitchen", "asked", "accepted"]
    assert error(client.get("/api/v1/metrics?days=5", headers=auth)) == (400, "invalid", "days")


def test_an_operators_token_may_read_but_not_act(services, client):
    """Operators get no tokens; one whose admin was made an operator since is refused every change."""
    token = api_token(services)
    with services.engine.begin() as connection:
        connection.execute(tables.staff.update().values(role="operator"))
    with services.uow() as uow:
        kitchen = admin.add_kitchen(uow, dataclasses.replace(WAITING, language="en"), services.clock())
    assert client.get("/api/v1/kitchens", headers=bearer(token)).status_code == 200
    refused = client.post(f"/api/v1/kitchens/{kitchen.id}/verify", json={"reason": "ok"}, headers=bearer(token))
    assert error(refused) == (403, "forbidden", None)


def test_pledges_come_newest_first_a_page_at_a_time_filtered_by_status_with_donors_masked(
    services, client, media, kitchen, auth
):
    given = give_ahead(client, services, media)
    second = Phone(client, services, "+919800000022")
    onboard(second)
    second.send("PLEDGE 100")
    newer = second.replies()[0].split("Pledge ", 1)[1].split(":", 1)[0]
    second.send(f"PAUSE {newer}")

    first = client.get("/api/v1/pledges?limit=1", headers=auth).get_json()
    assert [pledge["reference"] for pledge in first["pledges"]] == [newer]
    assert first["pledges"][0]["donor"] == "+91•••••••022" and "ledger" not in first["pledges"][0]
    last = client.get(f"/api/v1/pledges?limit=1&cursor={first['next_cursor']}", headers=auth).get_json()
    assert ([pledge["reference"] for pledge in last["pledges"]], last["next_cursor"]) == ([given.pledge], None)
    assert last["pledges"][0] | {"id": 0, "created_at": ""} == {
        "id": 0,
        "reference": given.pledge,
        "donor": "+91•••••••021",
        "created_at": "",
        "status": "active",
        "amount_paise": 60000,
        "monthly": True,
        "month": "2026-11-01",
        "place": None,
        "radius_m": 3000,
        "window": None,
        "renews_on": "2026-12-01",
        "left_paise": 60000,
        "pending_paise": 0,
        "meals_paid": 0,
        "paid_paise": 0,
    }
    paused = client.get("/api/v1/pledges?status=paused", headers=auth).get_json()
    assert [pledge["reference"] for pledge in paused["pledges"]] == [newer]
    assert client.get("/api/v1/pledges?status=ended", headers=auth).get_json() == {"pledges": [], "next_cursor": None}
    assert error(client.get("/api/v1/pledges?status=lost", headers=auth)) == (400, "invalid", "status")
    assert error(client.get("/api/v1/pledges?cursor=-1", headers=auth)) == (400, "invalid", "cursor")
    assert error(client.get("/api/v1/pledges?limit=201", headers=auth)) == (400, "invalid", "limit")
    listed = client.get("/api/v1/pledges", headers=auth).get_data(as_text=True)
    assert PLEDGER.removeprefix("+") not in listed and CREDIT_GIVER.removeprefix("+") not in listed


def test_one_pledge_and_one_campaign_come_with_their_ledger_entries_and_an_unknown_one_is_a_404(
    services, client, media, kitchen, auth
):
    given = give_ahead(client, services, media)
    pledge = client.get(f"/api/v1/pledges/{given.pledge.lower()}", headers=auth).get_json()
    assert pledge["reference"] == given.pledge and pledge["donor"] == "+91•••••••021"
    [renewed] = pledge["ledger"]
    assert (renewed["kind"], renewed["paise"], renewed["pending_paise"], renewed["reference"]) == (
        "renewed",
        60000,
        0,
        "",
    )

    campaign = client.get(f"/api/v1/campaigns/{given.campaign}", headers=auth).get_json()
    assert (campaign["status"], campaign["order"]["reference"], campaign["area"]) == (
        "FUNDING",
        given.order,
        "13.06, 80.25",
    )
    assert (campaign["target_paise"], campaign["promised_paise"], campaign["paid_paise"]) == (6000, 2000, 0)
    assert [(entry["kind"], entry["reference"]) for entry in campaign["ledger"]] == [
        ("opened", ""),
        ("committed", f"{given.campaign}-1"),
    ]
    assert [share["reference"] for share in campaign["shares"]] == [f"{given.campaign}-1"]
    listed = client.get("/api/v1/campaigns?status=FUNDING", headers=auth).get_json()
    assert [row["reference"] for row in listed["campaigns"]] == [given.campaign] and listed["next_cursor"] is None
    assert client.get("/api/v1/campaigns?status=EXPIRED", headers=auth).get_json()["campaigns"] == []

    for url in (
        "/api/v1/pledges/PZZZZ",
        "/api/v1/campaigns/CZZZZ",
        "/api/v1/campaigns/C%20--",
        f"/api/v1/pledges/{given.campaign}",
    ):
        assert error(client.get(url, headers=auth)) == (404, "not_found", None), url


def test_pledges_and_campaigns_need_a_token(client):
    for url in ("/api/v1/pledges", "/api/v1/pledges/P1234", "/api/v1/campaigns", "/api/v1/campaigns/C1234"):
        assert error(client.get(url)) == (401, "unauthorized", None), url
        assert error(client.get(url, headers=bearer("not-a-token"))) == (401, "unauthorized", None), url
