"""The admins' dashboard in headless Chromium (Debian's, driven by Playwright): a login locked after five
wrong passwords, a kitchen verified with a reason, an operator refused, an order's page with its photos,
the numbers drawn as charts with a CSV download, giving with its ledger entries unfolded, and Tamil on a
phone's screen. Screenshots go to var/screens/.

Skipped, saying why, where Debian's chromium is missing (`make test` installs it when it can).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest

from bot.cli import DEMO_KITCHENS
from bot.web.app import create_app
from compose import build_services
from flows import admin
from jobs import runtime
from tests.support.browser import SCREENS, chromium_page, chromium_path, served
from tests.support.dashboard import ADMIN, OPERATOR, PASSWORD, add_staff
from tests.support.given import give_ahead
from tests.support.meals import deliver_a_meal
from tests.support.processes import free_port
from tests.support.stack import wipe

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="Debian's chromium is not installed: apt-get install chromium (make test does it as root with apt-get)",
)
SELVI = admin.NewKitchen("Selvi Mess", "+919800000300", 13.05, 80.25, 8, 45, "selvi@okhdfc", fssai="12345678901234")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def live(settings, clock):
    """The app on a free port with the demo kitchens, Selvi Mess waiting in Tamil, an admin and an operator."""
    port = free_port()
    built = build_services(dataclasses.replace(settings, public_base_url=f"http://127.0.0.1:{port}"), clock=clock)
    wipe(built)
    runtime.use(built)
    for new in [*DEMO_KITCHENS, dataclasses.replace(SELVI, language="ta")]:
        with built.uow() as uow:
            admin.add_kitchen(uow, new, clock())
    add_staff(built, ADMIN, "admin")
    add_staff(built, OPERATOR, "operator")
    app = create_app(built)
    with served(app, port) as base:
        yield built, base, app
    runtime.use(None)
    built.engine.dispose()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    page.click('form.stack button[type="submit"]')


def screenshot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"dashboard-{name}.png"), full_page=True)


def test_a_locked_login_then_an_admin_verifies_a_kitchen_with_a_reason_and_reads_it_in_tamil(live, tmp_path, clock):
    services, base, _ = live
    with chromium_page(tmp_path / "profile", viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{base}/admin/kitchens")
        assert page.url == f"{base}/admin/login?next=/admin/kitchens"
        for _ in range(4):
            log_in(page, ADMIN, "not the password")
            assert page.locator('[role="alert"]').inner_text() == "Wrong email or password."
        log_in(page, ADMIN, "not the password")
        locked = "Too many wrong passwords. This login is locked until 12:15."
        assert page.locator('[role="alert"]').inner_text() == locked
        log_in(page, ADMIN)  # the right password, while locked
        assert page.locator('[role="alert"]').inner_text() == locked
        screenshot(page, "1-locked")
        clock.advance(minutes=15, seconds=1)
        log_in(page, ADMIN)
        assert page.url == f"{base}/admin/kitchens"

        card = page.locator("article", has=page.locator("h3", has_text="Selvi Mess"))
        assert "12345678901234" in card.inner_text()
        card.locator('textarea[name="reason"]').fill("FSSAI licence checked on the portal")
        card.locator('button[data-action="verify"]').click()
        assert page.locator(".flash").inner_text() == "Selvi Mess is verified and was told so."
        assert "No kitchen is waiting." in page.inner_text("main")
        page.click('a:text-is("Selvi Mess")')
        assert "FSSAI licence checked on the portal" in page.locator("table").last.inner_text()  # what admins did
        screenshot(page, "2-verified")

        page.set_viewport_size(PHONE)
        page.goto(f"{base}/admin/kitchens?lang=ta")
        assert page.locator("h1").inner_text() == "சமையலறைகள்"
        assert page.locator("nav a").all_inner_texts()[:3] == ["கவனிக்க", "சமையலறைகள்", "ஆர்டர்கள்"]
        # Nothing wider than the phone: wide tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, "3-tamil-on-a-phone")
        assert page.failed == [f"{base}/admin/login?next=/admin/kitchens"] * 6  # wrong or locked: 401

    with services.uow() as uow:
        person = uow.people.by_address("whatsapp:+919800000300")
        told = uow.sent.to_address(person.address)
        assert uow.kitchens.for_person(person.id).status == "verified"
    assert len(told) == 1 and told[0].body.startswith("நல்ல செய்தி: Selvi Mess சரிபார்க்கப்பட்டது.")


def test_an_operator_sees_no_buttons_and_an_action_sent_anyway_is_refused(live, tmp_path):
    services, base, _ = live
    with chromium_page(tmp_path / "profile", viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{base}/admin/login")
        log_in(page, OPERATOR)
        page.goto(f"{base}/admin/kitchens")
        card = page.locator("article", has=page.locator("h3", has_text="Selvi Mess"))
        assert card.locator("button").count() == 0
        status = page.evaluate(
            """async () => {
                const token = document.querySelector('input[name="csrf_token"]').value;
                const form = new URLSearchParams({csrf_token: token, reason: "looks fine"});
                const answer = await fetch("/admin/kitchens/4/verify", {method: "POST", body: form});
                return answer.status;
            }"""
        )
        assert status == 403
    with services.uow() as uow:
        assert uow.kitchens.get(4).status == "pending"


def test_an_orders_page_then_the_numbers_as_charts_with_a_csv_download(live, tmp_path, media, clock):
    services, base, app = live
    reference = deliver_a_meal(app.test_client(), services, media, clock)
    with chromium_page(tmp_path / "profile", viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{base}/admin/login")
        log_in(page, ADMIN)
        page.goto(f"{base}/admin/orders")
        page.click(f"text={reference}")
        assert page.locator("h1").inner_text().startswith(f"Order {reference}")
        after = page.locator("table.timeline tbody tr td:nth-child(3)").all_inner_texts()
        assert after[-2:] == ["DELIVERED", "COMPLETED"]
        page.wait_for_function("[...document.querySelectorAll('.photos img')].every(i => i.naturalWidth > 0)")
        assert page.locator(".photos img").count() == 2
        screenshot(page, "4-order")

        page.goto(f"{base}/admin/numbers?days=7")
        page.wait_for_selector('canvas[data-drawn="true"]')
        drawn = page.evaluate(
            """() => [...document.querySelectorAll('canvas[data-figure]')].map(canvas => {
                const chart = Chart.getChart(canvas);
                return [canvas.dataset.figure, chart.data.datasets[0].data.slice(-1)[0]];
            })"""
        )
        assert dict(drawn)["meals_delivered"] == 1 and len(drawn) == 6
        screenshot(page, "5-numbers")
        with page.expect_download() as download:
            page.click('a[data-csv="meals_delivered"]')
        saved = download.value
        assert saved.suggested_filename == "ketpaar-meals_delivered-2026-11-20-2026-11-26.csv"
        rows = list(csv.DictReader(io.StringIO(Path(saved.path()).read_text(encoding="utf-8"))))
        assert rows[-1] == {"day": "2026-11-26", "meals": "1"}
        assert page.failed == []


def test_an_operator_reads_giving_unfolds_a_campaigns_ledger_and_reads_it_in_tamil_on_a_phone(live, tmp_path, media):
    services, base, app = live
    given = give_ahead(app.test_client(), services, media)
    with chromium_page(tmp_path / "profile", viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{base}/admin/login")
        log_in(page, OPERATOR)
        page.click('nav a:text-is("Giving")')
        assert page.url == f"{base}/admin/giving"
        assert page.locator('[data-check="passed"]').inner_text() == (
            "Every balance is the sum of its entries (3 accounts)."
        )
        assert "+91•••••••021" in page.locator(f'tr[data-pledge="{given.pledge}"]').inner_text()

        campaign = page.locator(f'tr[data-campaign="{given.campaign}"]')
        entries = campaign.locator("xpath=following-sibling::tr[1]")
        assert not entries.locator("table").is_visible()  # folded until asked for
        entries.locator("summary").click()
        kinds = entries.locator("td[data-kind]").all_inner_texts()
        assert kinds == ["opened for the price", "promised"]
        assert entries.locator(f'td:text-is("{given.campaign}-1")').is_visible()
        assert page.locator("form[method=post] button").count() == 1  # logging out, nothing to act on
        screenshot(page, "6-giving")

        page.set_viewport_size(PHONE)
        page.goto(f"{base}/admin/giving?lang=ta")
        assert page.locator("h1").inner_text() == "கொடை"
        assert page.locator("#check-title").inner_text() == "கணக்கு சரிபார்ப்பு"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, "7-giving-tamil-on-a-phone")
        assert page.failed == []
