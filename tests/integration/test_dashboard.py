"""The dashboard on the real stack through Flask's test client: logins and their lock, CSRF, operators who
read and admins who act, and each page showing what the database holds."""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import pytest
from sqlalchemy import insert, select, update

from flows import admin
from jobs import sweeps
from models import tables
from tests.support.dashboard import ADMIN, OPERATOR, PASSWORD, add_staff, csrf_token, log_in, post
from tests.support.meals import deliver_a_meal
from tests.support.whatsapp import SPOT, Phone, jpeg, onboard, run_jobs

PAGES = ["/admin/attention", "/admin/kitchens", "/admin/orders", "/admin/numbers", "/admin/models"]
SELVI = admin.NewKitchen("Selvi Mess", "+919800000300", 13.05, 80.25, 8, 45, "selvi@okhdfc", fssai="12345678901234")


@pytest.fixture
def admin_client(services, client):
    add_staff(services, ADMIN, "admin")
    assert log_in(client, ADMIN).status_code == 302
    return client


@pytest.fixture
def waiting_kitchen(services):
    """A kitchen that registered in Tamil and waits for verification."""
    with services.uow() as uow:
        return admin.add_kitchen(uow, dataclasses.replace(SELVI, language="ta"), services.clock())


def text(response) -> str:
    return response.get_data(as_text=True)


def audit(services) -> list[tuple]:
    with services.engine.connect() as connection:
        rows = connection.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()
    return [(row.actor, row.action, row.target, row.reason) for row in rows if row.action != "login"]


def test_every_page_sends_a_stranger_to_the_login(client):
    for page in PAGES:
        response = client.get(page)
        assert (response.status_code, response.headers["Location"]) == (302, f"/admin/login?next={page}")


def test_the_fifth_wrong_password_locks_the_login_for_15_minutes_even_for_the_right_one(services, client, clock):
    add_staff(services, ADMIN, "admin")
    for _ in range(4):
        assert "Wrong email or password." in text(log_in(client, ADMIN, "wrong password"))
    locked = log_in(client, ADMIN, "wrong password")
    assert "Too many wrong passwords. This login is locked until 12:15." in text(locked)  # India time
    assert "locked until 12:15" in text(log_in(client, ADMIN, PASSWORD))
    assert client.get("/admin/kitchens").status_code == 302
    clock.advance(minutes=15, seconds=1)
    response = log_in(client, ADMIN, PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")
    assert client.get("/admin/kitchens").status_code == 200
    assert audit(services)[-1] == (ADMIN, "login.locked", ADMIN, "5 wrong passwords in a row")


def test_the_session_cookie_is_httponly_and_same_site_lax_and_logging_out_ends_it(services, client):
    add_staff(services, ADMIN, "admin")
    cookie = log_in(client, ADMIN).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # development: http
    page = text(client.get("/admin/kitchens"))
    assert client.post("/admin/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert client.get("/admin/kitchens").status_code == 302


def test_a_login_goes_back_to_the_page_asked_for_but_never_off_the_dashboard(services, client):
    add_staff(services, ADMIN, "admin")
    token = csrf_token(text(client.get("/admin/login")))
    form = {"csrf_token": token, "email": ADMIN, "password": PASSWORD}
    assert client.post("/admin/login?next=/admin/numbers", data=form).headers["Location"] == "/admin/numbers"
    client.post("/admin/logout", data={"csrf_token": csrf_token(text(client.get("/admin/kitchens")))})
    token = csrf_token(text(client.get("/admin/login")))
    form["csrf_token"] = token
    assert client.post("/admin/login?next=//evil.example/admin", data=form).headers["Location"] == "/admin/"


def test_a_post_without_its_csrf_token_is_refused(admin_client, waiting_kitchen, services):
    response = admin_client.post(f"/admin/kitchens/{waiting_kitchen.id}/verify", data={"reason": "FSSAI checked"})
    assert response.status_code == 400 and "did not come from this dashboard" in text(response)
    with services.uow() as uow:
        assert uow.kitchens.get(waiting_kitchen.id).status == "pending"


def test_an_operator_reads_every_page_but_is_refused_every_action(services, client, waiting_kitchen):
    add_staff(services, OPERATOR, "operator")
    log_in(client, OPERATOR)
    for page in [*PAGES, f"/admin/kitchens/{waiting_kitchen.id}"]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'data-action="verify"' not in text(response)  # no buttons an operator may not press
    page = f"/admin/kitchens/{waiting_kitchen.id}"
    refused = post(client, page, f"{page}/verify", reason="FSSAI checked")
    assert refused.status_code == 403 and "only an admin can do this" in text(refused)
    assert client.get("/admin/tokens").status_code == 403
    with services.uow() as uow:
        assert uow.kitchens.get(waiting_kitchen.id).status == "pending"
    assert audit(services) == [("cli:test", "staff.create", OPERATOR, "")]


def test_an_admin_verifies_a_waiting_kitchen_with_a_reason_and_it_is_told_in_tamil(
    services, admin_client, waiting_kitchen
):
    queue = text(admin_client.get("/admin/kitchens"))
    assert "Waiting for verification (1)" in queue and "12345678901234" in queue
    assert "https://www.openstreetmap.org/?mlat=13.05000&amp;mlon=80.25000" in queue
    no_reason = post(admin_client, "/admin/kitchens", f"/admin/kitchens/{waiting_kitchen.id}/verify", reason="")
    assert no_reason.status_code == 302
    assert "Please write a reason" in text(admin_client.get("/admin/kitchens"))
    done = post(admin_client, "/admin/kitchens", f"/admin/kitchens/{waiting_kitchen.id}/verify", reason="FSSAI checked")
    assert done.headers["Location"] == f"/admin/kitchens/{waiting_kitchen.id}"
    page = text(admin_client.get(done.headers["Location"]))
    assert "Selvi Mess is verified and was told so." in page and "FSSAI checked" in page
    told = Phone(admin_client, services, "+919800000300").replies()
    assert len(told) == 1 and told[0].startswith("நல்ல செய்தி: Selvi Mess சரிபார்க்கப்பட்டது.")
    verified = (ADMIN, "kitchen.verify", f"kitchen {waiting_kitchen.id} Selvi Mess", "FSSAI checked")
    assert audit(services) == [("cli:test", "staff.create", ADMIN, ""), verified]


def test_suspending_a_kitchen_from_the_dashboard_tells_it_why(services, admin_client, kitchen):
    page = f"/admin/kitchens/{kitchen.id}"
    assert post(admin_client, page, f"{page}/suspend", reason="food complaints").status_code == 302
    assert "Amma Mess is suspended and was told why." in text(admin_client.get(page))
    told = Phone(admin_client, services, "+919800000101").replies()
    assert told == [
        "Amma Mess is suspended by Ketpaar. Reason: food complaints\n"
        "You will get no new orders until an admin reinstates you."
    ]
    again = post(admin_client, page, f"{page}/suspend", reason="twice")
    assert again.status_code == 302
    assert "Amma Mess is suspended; it cannot become suspended" in text(admin_client.get(page))


def test_an_orders_page_shows_its_timeline_safety_duplicate_payment_and_photos(
    services, admin_client, media, kitchen, clock
):
    reference = deliver_a_meal(admin_client, services, media, clock)
    listed = text(admin_client.get("/admin/orders", query_string={"status": "COMPLETED"}))
    assert f">{reference}</a>" in listed
    for filters in ({"status": "CANCELLED"}, {"reference": "ZZZZ"}, {"first_day": "2026-11-27"}):
        assert f">{reference}</a>" not in text(admin_client.get("/admin/orders", query_string=filters)), filters
    for filters in ({"kitchen": kitchen.id}, {"reference": reference.lower()}, {"last_day": "2026-11-26"}):
        assert f">{reference}</a>" in text(admin_client.get("/admin/orders", query_string=filters)), filters

    page = text(admin_client.get(f"/admin/orders/{reference}"))
    timeline = re.findall(r"<tr><td>[^<]+</td><td>[^<]+</td><td>([A-Z_]+)</td>", page)
    assert timeline == [
        "CREATED",
        "SAFETY_CHECK",
        "VENDOR_SELECTION",
        "PAYMENT_REDIRECT",
        "PAYMENT_CONFIRMED",
        "IN_TRANSIT",
        "DELIVERED",
        "COMPLETED",
    ]
    assert '<td>time_of_day</td><td class="num">1.0</td><td>daylight</td>' in page
    assert "No earlier meal for this person was found." in page
    photos = re.findall(r'<img src="(http://127.0.0.1:5000/photos/[^"]+)" alt="([^"]+)"', page)
    assert [alt for _, alt in photos] == ["Photo of the person", "Delivery photo"]
    for url, _ in photos:
        assert admin_client.get(url.removeprefix("http://127.0.0.1:5000")).status_code == 200
    assert admin_client.get("/admin/orders/NOPE").status_code == 404


def test_an_order_fed_nearby_before_shows_the_earlier_reference_distance_and_minutes(
    services, admin_client, media, kitchen, clock
):
    first = deliver_a_meal(admin_client, services, media, clock)
    clock.advance(minutes=10)
    second = Phone(admin_client, services, "+919800000002", media)
    onboard(second)
    reference = second.photograph(jpeg())  # no face: the check goes by place and time
    with services.engine.begin() as connection:  # the photo job's verdict, as a face match would leave it
        connection.execute(
            update(tables.orders)
            .where(tables.orders.c.reference == reference)
            .values(duplicate_of=first, duplicate_metres=42.4, duplicate_minutes=41, duplicate_distance=0.41)
        )
    page = text(admin_client.get(f"/admin/orders/{reference}"))
    assert f'href="/admin/orders/{first}">{first}</a>' in page
    assert "42 m away" in page and "41 minutes" in page and "0.41" in page


def test_attention_lists_stuck_orders_flagged_claims_failed_messages_and_failed_jobs(
    services, admin_client, media, kitchen, clock
):
    donor = Phone(admin_client, services, "+919800000001", media)
    onboard(donor)
    reference = donor.photograph(jpeg())
    donor.send(pin=SPOT)
    donor.send("1")  # Amma Mess is asked: 5 minutes to answer
    clock.advance(minutes=6)
    assert f">{reference}</a>" not in text(admin_client.get("/admin/attention"))  # the sweep's grace
    clock.advance(minutes=2)  # 3 minutes past the kitchen's 5
    assert re.search(
        rf">{reference}</a></td><td>[^<]+</td><td class=\"num\">3</td>", text(admin_client.get("/admin/attention"))
    )
    sweeps.kitchen_timeouts()
    assert f">{reference}</a>" not in text(admin_client.get("/admin/attention"))

    with services.engine.begin() as connection:
        message = connection.execute(
            insert(tables.outbound_messages)
            .values(
                to_address="whatsapp:+919800000009",
                body="Hello again",
                status="failed",
                error="21610 unsubscribed",
                attempts=6,
            )
            .returning(tables.outbound_messages.c.id)
        ).scalar_one()
    page = text(admin_client.get("/admin/attention"))
    assert "Hello again" in page and "21610 unsubscribed" in page
    assert post(admin_client, "/admin/attention", f"/admin/attention/messages/{message}/retry").status_code == 302
    run_jobs(services)
    assert Phone(admin_client, services, "+919800000009").replies() == ["Hello again"]
    assert "Hello again" not in text(admin_client.get("/admin/attention"))

    job = services.queue.enqueue("builtins.divmod", 1, 0, job_id="divide-by-nothing")
    run_jobs(services)
    assert "ZeroDivisionError" in text(admin_client.get("/admin/attention"))
    assert post(admin_client, "/admin/attention", "/admin/attention/jobs/divide-by-nothing/retry").status_code == 302
    assert services.queue.job_ids == [job.id]
    run_jobs(services)
    refused = post(admin_client, "/admin/attention", "/admin/attention/jobs/divide-by-nothing/discard", reason="")
    assert refused.status_code == 302 and "a reason is required" in text(admin_client.get("/admin/attention"))
    post(admin_client, "/admin/attention", "/admin/attention/jobs/divide-by-nothing/discard", reason="a test job")
    assert "divide-by-nothing" not in text(admin_client.get("/admin/attention"))
    assert [entry[1:] for entry in audit(services)[1:]] == [
        ("message.retry", f"message {message}", ""),
        ("job.retry", "job divide-by-nothing", ""),
        ("job.discard", "job divide-by-nothing", "a test job"),
    ]


def test_the_models_page_promotes_and_rolls_back_with_a_reason(services, admin_client, tmp_path):
    with services.uow() as uow:
        for version, promoted in ((1, True), (2, False)):
            metrics = {"auc": 0.81 + version / 100, "rules_auc": 0.7, "current_auc": None}
            uow.safety.add_model(version, str(tmp_path / f"v{version}.txt"), 300, ["x"], metrics, promoted)
        uow.commit()
    page = text(admin_client.get("/admin/models"))
    assert "Safety model v1 decides the score now." in page and "0.830" in page
    post(admin_client, "/admin/models", "/admin/models/2/promote", reason="more data")
    assert "Safety model v2 decides the score now." in text(admin_client.get("/admin/models"))
    post(admin_client, "/admin/models", "/admin/models/rollback", reason="v2 too strict")
    assert "Safety model v1 decides the score now." in text(admin_client.get("/admin/models"))
    assert [entry[1:] for entry in audit(services)[1:]] == [
        ("model.promote", "safety model v2", "more data"),
        ("model.rollback", "safety model v2", "v2 too strict"),
    ]


def test_numbers_count_a_delivered_meal_with_its_minutes_and_each_chart_downloads_as_csv(
    services, admin_client, media, kitchen, clock
):
    deliver_a_meal(admin_client, services, media, clock)
    page = text(admin_client.get("/admin/numbers?days=7"))
    assert 'src="/admin/static/vendor/chart.umd.min.js"' in page
    assert admin_client.get("/admin/static/vendor/chart.umd.min.js").status_code == 200

    def table(name: str) -> list[dict]:
        response = admin_client.get(f"/admin/numbers/{name}.csv?days=7")
        assert response.mimetype == "text/csv"
        return list(csv.DictReader(io.StringIO(text(response))))

    delivered = table("meals_delivered")
    assert [row["day"] for row in delivered][-2:] == ["2026-11-25", "2026-11-26"] and len(delivered) == 7
    assert delivered[-1]["meals"] == "1" and delivered[0]["meals"] == "0"
    assert table("minutes_from_pin")[-1] == {"day": "2026-11-26", "to_accept": "2.0", "to_delivery": "32.0"}
    assert table("safety_pass_rate")[-1] == {
        "day": "2026-11-26",
        "assessed": "1",
        "passed": "1",
        "pass_rate_percent": "100.0",
    }
    assert table("kitchen_answers") == [
        {"kitchen": "Amma Mess", "asked": "1", "accepted": "1", "declined": "0", "timed_out": "0",
         "acceptance_percent": "100.0", "timeout_percent": "0.0"}
    ]  # fmt: skip
    assert table("by_area") == [
        {"area": "13.06, 80.25", "lat": "13.06", "lng": "80.25", "orders": "1", "delivered": "1",
         "pass_rate_percent": "100.0", "nudged": "0"}
    ]  # fmt: skip
    assert table("duplicate_nudges")[-1] == {
        "day": "2026-11-26",
        "nudged": "0",
        "continued": "0",
        "cancelled": "0",
        "no_answer": "0",
    }
    assert admin_client.get("/admin/numbers/nothing.csv").status_code == 404


def test_the_language_chosen_stays_for_the_next_pages(admin_client):
    assert "<h1>Kitchens</h1>" in text(admin_client.get("/admin/kitchens"))
    tamil = text(admin_client.get("/admin/kitchens?lang=ta"))
    assert '<html lang="ta">' in tamil and "<h1>சமையலறைகள்</h1>" in tamil
    assert "<h1>ஆர்டர்கள்</h1>" in text(admin_client.get("/admin/orders"))
    assert "<h1>ऑर्डर</h1>" in text(admin_client.get("/admin/orders?lang=hi"))


def test_attention_lists_messages_no_channel_could_carry_with_why_and_sends_again_only_where_it_makes_sense(
    services, client
):
    def unsent(address: str, kind: str, reason: str) -> int:
        with services.engine.begin() as connection:
            return connection.execute(
                insert(tables.outbound_messages)
                .values(to_address=address, body=f"A {kind}", kind=kind, status="not_sent", channel_reason=reason)
                .returning(tables.outbound_messages.c.id)
            ).scalar_one()

    no_template = "outside the 24-hour window, no upi_link template in en; no SMS sender configured"
    upi_link = unsent("whatsapp:+919800000009", "upi_link", no_template)
    new_order = unsent("whatsapp:+919800000101", "new_order", no_template.replace("upi_link", "new_order"))
    stopped = unsent("+919800000008", "reply", "the person sent STOP on SMS")
    with services.uow() as uow:
        uow.channels.stop("+919800000008", services.clock(), "test")
        uow.commit()

    add_staff(services, OPERATOR, "operator")
    log_in(client, OPERATOR)
    page = text(client.get("/admin/attention"))
    assert "Messages that could not be sent (3)" in page and no_template in page and "not sent" in page
    assert "Send again" not in page  # an operator reads
    client.post("/admin/logout", data={"csrf_token": csrf_token(page)})

    add_staff(services, ADMIN, "admin")
    log_in(client, ADMIN)
    page = text(client.get("/admin/attention"))
    listed = re.findall(r'data-message="(\d+)" data-status="not_sent"', page)
    assert listed == [str(stopped), str(new_order), str(upi_link)]  # newest first

    def cell(message_id: int) -> str:
        return re.search(rf'data-message="{message_id}".*?</tr>', page, re.S).group(0)

    assert 'data-not-again="stopped">Not sent again: the person sent STOP.' in cell(stopped)
    assert 'data-not-again="order_moved_on">Not sent again: the order went to the next kitchen' in cell(new_order)
    assert "Send again" in cell(upi_link) and no_template in cell(upi_link)
    assert page.count("Send again") == 1 and f"/admin/attention/messages/{upi_link}/retry" in page

    refused = post(client, "/admin/attention", f"/admin/attention/messages/{stopped}/retry")
    assert refused.status_code == 302
    assert "the person sent STOP: nothing goes to them until they send START" in text(client.get("/admin/attention"))
    no_token = client.post(f"/admin/attention/messages/{upi_link}/retry")
    assert no_token.status_code == 400 and "did not come from this dashboard" in text(no_token)

    assert post(client, "/admin/attention", f"/admin/attention/messages/{upi_link}/retry").status_code == 302
    run_jobs(services)
    with services.engine.connect() as connection:
        statuses = dict(
            connection.execute(select(tables.outbound_messages.c.id, tables.outbound_messages.c.status)).all()
        )
    assert (statuses[upi_link], statuses[new_order], statuses[stopped]) == ("stored", "not_sent", "not_sent")
    assert [entry[1:] for entry in audit(services)[2:]] == [("message.retry", f"message {upi_link}", "")]
