"""The simulator page in headless Chromium: a whole meal in English with a kitchen that stays silent, and
one that switches to Tamil midway with LANG; then a meal ordered from the phone without WhatsApp, for kitchens
outside WhatsApp's 24-hour window, each message labelled with how it went. Screenshots go to var/screens/.

Skipped, saying why, where Debian's chromium is missing (`make test` installs it when it can).
"""

from __future__ import annotations

import pytest
import requests

from domain.channels import MessageKind
from jobs import sweeps
from tests.support import meal_texts as meal
from tests.support.browser import CHROMIUM_ARGS, Panel, chromium_path
from tests.support.faces import FACES
from tests.support.processes import wait_for
from tests.support.texts import (
    AGREED,
    ASKED_ABOUT_PHOTO,
    ASKED_AMMA_MESS,
    CONSENT,
    READY,
    WELCOME,
    request,
)
from tests.support.whatsapp import jpeg

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed: apt-get install chromium (make test does it as root with apt-get)",
)
MEAL_PHOTO = {"name": "meal.jpg", "mimeType": "image/jpeg", "buffer": jpeg(640, 480, "seagreen")}
GONE = "photo no longer available"


@pytest.fixture
def page(tmp_path):
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh profile: no stored phone numbers from another run
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1100},
            timezone_id="Europe/London",  # the page must show India time whatever the browser's zone is
        )
        page = context.new_page()
        page.failed = []  # every answer of 400 or more the page got, favicon included
        page.on("response", lambda response: response.status >= 400 and page.failed.append(response.url))
        yield page
        context.close()


def test_a_meal_in_english_with_a_silent_kitchen_then_one_switching_to_tamil(live, page, clock, monkeypatch):
    services, base = live
    page.goto(f"{base}/dev/simulator")
    donor, kitchen = Panel(page, "donor", services, clock), Panel(page, "kitchen", services, clock)
    english_meal_with_a_silent_kitchen(donor, kitchen)
    the_chat_survives_a_reload(page, donor, kitchen, monkeypatch)
    tamil_meal_switching_midway(donor, kitchen)
    # Photo links die by design (an hour on, or once the order no longer needs the kitchen to see it);
    # the page shows those as gone, checked above. Nothing else may fail.
    assert [url for url in page.failed if "/photos/" not in url] == []


def onboard(donor: Panel) -> None:
    donor.say("hi")
    donor.expect(WELCOME)
    donor.say("1")
    donor.expect(CONSENT)
    donor.say("yes")
    donor.expect(READY)


def photograph(donor: Panel, face: str) -> None:
    donor.say(photo=FACES / face)
    donor.reference = donor.latest_order()
    donor.expect(ASKED_ABOUT_PHOTO)
    donor.say("YES")
    donor.expect(AGREED)


def cook(kitchen: Panel, donor: Panel, kitchen_reads: dict[str, str], donor_reads: dict) -> None:
    """The kitchen accepts, is paid, sends the meal and delivers it with a photo; both sides read each step."""
    kitchen.reference = donor.reference
    for command in ("ACCEPT", "PAID", "READY"):
        kitchen.say(command)
        kitchen.expect(kitchen_reads[command])
        donor.expect(donor_reads[command])
    kitchen.say("DELIVERED", photo=MEAL_PHOTO)
    kitchen.expect(kitchen_reads["DELIVERED"])
    donor.expect(donor_reads["DELIVERED"], photo=donor.last_photo_link())


def english_meal_with_a_silent_kitchen(donor: Panel, kitchen: Panel) -> None:
    onboard(donor)
    photograph(donor, "person_a_1.jpg")
    donor.share_demo_spot()
    donor.expect([meal.ALL_THREE])
    donor.say("1")
    donor.expect(ASKED_AMMA_MESS)
    kitchen.reference = donor.reference
    kitchen.expect(request(meal.DEMO_SPOT, kitchen.last_photo_link(), "₹60"))
    donor.screenshot("en-1-kitchen-asked")

    donor.clock.advance(minutes=6)  # Amma Mess says nothing for longer than its 5 minutes
    sweeps.kitchen_timeouts()
    donor.settle()
    silent = meal.AFTER_AMMA_IS_SILENT
    donor.expect(silent.told)
    kitchen.expect(meal.AMMA_TOO_LATE)
    if silent.pick:
        donor.say(silent.pick)
        donor.expect(silent.then)
    donor.screenshot("en-2-next-kitchen-asked")

    kitchen.switch_to(meal.SARAVANA)  # a clean chat: what was asked of Saravana Tiffin, and nothing else
    kitchen.expect(request(meal.DEMO_SPOT, kitchen.last_photo_link(), "₹50"))
    kitchen.screenshot("en-3-next-kitchen-reads-the-request")
    cook(kitchen, donor, meal.kitchen_side("₹50", "saravana@oksbi"), meal.SARAVANA_EN)
    donor.say("5")
    donor.expect(meal.SARAVANA_EN["5"])
    donor.screenshot("en-4-delivered")


def the_chat_survives_a_reload(page, donor: Panel, kitchen: Panel, monkeypatch) -> None:
    """Both directions, the donor's own photo as a thumbnail, India time; an expired link says so."""
    before = donor.told()
    page.reload()
    donor.wait_for_chat(len(before))
    assert donor.told() == before
    mine = donor.root.locator(".mine")
    assert mine.first.inner_text().startswith("hi\n26 Nov 12:00 IST")
    assert donor.root.locator(".mine img").count() == 1  # the seeker's photo, not "[photo]"
    assert kitchen.root.locator(".mine img").count() == 1  # the delivery photo
    wait_for(lambda: donor.images_loaded() == 2, what="the seeker's and the delivery's photos")
    donor.clock.advance(seconds=donor.services.settings.photo_link_seconds + 1)  # links age by the app's clock
    page.reload()
    donor.wait_for_chat(len(before))
    assert donor.root.locator(".gone").all_inner_texts() == [GONE]  # the delivery photo's link expired
    donor.screenshot("en-5-reloaded-an-hour-later")


def tamil_meal_switching_midway(donor: Panel, kitchen: Panel) -> None:
    donor.switch_to("+919800000002")
    onboard(donor)
    photograph(donor, "person_b_1.jpg")
    donor.say("LANG TA")
    donor.expect(meal.LANGUAGE_CHANGED_TA)
    donor.share_demo_spot()
    donor.expect([meal.ALL_THREE_TA])
    donor.screenshot("ta-1-switched-to-tamil")
    donor.say("1")
    donor.expect(meal.AMMA_TA["1"])
    kitchen.switch_to(meal.AMMA)  # back to the chat of the first meal, where it left off
    kitchen.reference = donor.reference
    kitchen.expect(request(meal.DEMO_SPOT, kitchen.last_photo_link(), "₹60"))
    cook(kitchen, donor, meal.kitchen_side("₹60", "ammamess@okaxis"), meal.AMMA_TA)
    donor.say("4")
    donor.expect(meal.AMMA_TA["4"])
    donor.screenshot("ta-2-delivered")


TEMPLATE = "HX" + "0123456789abcdef" * 2
SMS_FALLBACK = "outside the 24-hour window, no new_order template in en: SMS"


def test_an_sms_donor_feeds_someone_and_kitchens_outside_the_window_get_the_order_by_sms_or_template(live, page, clock):
    services, base = live
    page.goto(f"{base}/dev/simulator")
    texts, kitchen = Panel(page, "sms", services, clock), Panel(page, "kitchen", services, clock)
    # Text only: no photo, no pin, no profile name, and no window to leave.
    assert texts.root.locator("input[type=file], .js-lat, .js-send-loc, .js-name, [role=switch]").count() == 0
    wait_for(lambda: texts.window() == "SMS has no 24-hour window: every message goes by SMS.", what="the SMS note")

    # Amma Mess was added by an operator and never wrote: outside the window until it does.
    never = "Outside: a template if one is set, else SMS. Never wrote on WhatsApp."
    wait_for(lambda: kitchen.window() == never, what="Amma Mess's window")
    assert kitchen.outside_the_window()
    kitchen.say("HELP")
    kitchen.expect(meal.KITCHEN_HELP)
    wait_for(lambda: kitchen.window() == "Inside: free text. Last message 26 Nov 12:00 IST.", what="an open window")
    assert not kitchen.outside_the_window() and kitchen.labels() == ["WhatsApp"]
    kitchen.put_outside_the_window()
    assert kitchen.window() == "Outside: a template if one is set, else SMS. Last message 25 Nov 11:59 IST."
    state = requests.get(f"{base}/dev/channels", params={"phone": meal.AMMA}, timeout=5).json()
    assert not state["whatsapp"]["window_open"]

    texts.say(meal.SMS_FEED)
    texts.reference = texts.latest_order()
    texts.expect(meal.SMS_FEED_TOLD)
    assert set(texts.labels()) == {"SMS"} and texts.root.locator(".mine").first.inner_text().startswith(meal.SMS_FEED)
    texts.say("2")
    texts.expect(meal.SMS_ASKED_AMMA)
    kitchen.reference = texts.reference
    kitchen.expect(meal.request_by_sms_donor("₹60"))
    assert kitchen.labels()[-1] == "SMS" and kitchen.why()[-1] == SMS_FALLBACK
    texts.screenshot("sms-1-kitchen-outside-the-window-asked-by-sms")

    # With an approved template (`templates set new_order HX…`), the next kitchen, which never wrote, gets that.
    with services.uow() as uow:
        uow.templates.set(MessageKind.NEW_ORDER, "en", TEMPLATE, clock())
        uow.commit()
    kitchen.say(f"DECLINE {kitchen.reference}")
    kitchen.expect(meal.DECLINED)
    assert kitchen.labels()[-1] == "WhatsApp" and not kitchen.outside_the_window()  # it wrote: inside again
    texts.expect(meal.SMS_AMMA_DECLINED)
    kitchen.switch_to(meal.SARAVANA)
    kitchen.expect(meal.request_by_sms_donor("₹50"))
    assert kitchen.labels() == [f"WhatsApp template new_order {TEMPLATE}"]
    assert kitchen.why() == ["outside the 24-hour window: new_order template"] and kitchen.outside_the_window()
    kitchen.screenshot("sms-2-next-kitchen-asked-by-template")
    page.set_viewport_size(
        {"width": 390, "height": 844}
    )  # a phone's screen: one panel under the other, no sideways scroll
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    texts.root.scroll_into_view_if_needed()
    texts.screenshot("sms-3-on-a-phone-screen")
    assert page.failed == []
