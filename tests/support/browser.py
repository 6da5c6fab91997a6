"""The simulator page in Debian's Chromium, driven by Playwright against the app served on a free port.

The app runs in a thread of the test's process and the jobs in a real RQ worker (burst) in the test's own
thread, so both share the test's clock: the sweep of a silent kitchen is driven by advancing it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from compose import Services
from tests.support.processes import ROOT, wait_for
from tests.support.replies import Expected, assert_told
from tests.support.stack import Clock
from tests.support.whatsapp import run_jobs

SCREENS = ROOT / "var" / "screens"
# Debian's chromium: Playwright's own browser download is not reachable everywhere; `make test`
# installs this one where it can (see the Makefile).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def served(app, port: int) -> Iterator[str]:
    """The app on 127.0.0.1:port in a thread (one thread per request: the page polls while it sends)."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class Panel:
    """One phone of the simulator page, used as a person would: typing, attaching, reading the chat."""

    def __init__(self, page, role: str, services: Services, clock: Clock):
        self.page, self.role, self.services, self.clock = page, role, services, clock
        self.root = page.locator(f'section[data-role="{role}"]')
        self.channel = self.root.get_attribute("data-channel")  # whatsapp, or sms for the phone without WhatsApp
        self.seen = 0  # of the bot's messages to the number shown, how many the test has read
        self.read: dict[str, int] = {}  # the same for the numbers shown before
        self.reference = ""

    @property
    def phone(self) -> str:
        return self.root.locator(".js-phone").input_value()

    @property
    def address(self) -> str:
        return self.phone if self.channel == "sms" else f"whatsapp:{self.phone}"

    def switch_to(self, phone: str) -> None:
        """Another number: the panel opens that number's own chat, and we remember what we read of the last."""
        self.read[self.phone], self.seen = self.seen, self.read.get(phone, 0)
        self.root.locator(".js-phone").fill(phone)
        self.root.locator(".js-phone").press("Tab")  # the change event
        wait_for(lambda: self.root.locator(".bubble").first.inner_text() == f"Chat with {phone}", what="a new chat")
        self.wait_for_chat(self.seen)

    def wait_for_chat(self, replies: int) -> None:
        """Until the page shows that many of the bot's messages, none of them still waiting to be sent."""
        wait_for(
            lambda: len(self.told()) >= replies and self.root.locator(".how.pending").count() == 0,
            what=f"{replies} replies to {self.phone} on the page, each sent or not",
        )

    def images_loaded(self) -> int:
        return self.root.locator(".js-log img").evaluate_all("images => images.filter(i => i.naturalWidth).length")

    def say(self, text: str = "", photo: Path | dict | None = None) -> None:
        """Sends a message, waits until the webhook has stored it, then lets the worker run every job.

        `photo` is a file, or Playwright's {"name", "mimeType", "buffer"}.
        """
        self.clock.advance(seconds=20)  # people take a moment to type
        if photo is not None:
            self.root.locator(".js-photo").set_input_files(str(photo) if isinstance(photo, Path) else photo)
        self.root.locator(".js-body").fill(text)
        self.root.locator(".js-body").press("Enter")
        self.settle()

    def share_demo_spot(self) -> None:
        self.clock.advance(seconds=20)
        self.root.locator(".js-demo").click()
        self.root.locator(".js-send-loc").click()
        self.settle()

    def settle(self) -> None:
        wait_for(lambda: self.root.locator(".meta", has_text="sending…").count() == 0, what="the webhook")
        run_jobs(self.services)

    def labels(self) -> list[str]:
        """How each of the bot's messages went, as the label under it says, oldest first."""
        return self.root.locator(".js-log .bot .how").all_inner_texts()

    def why(self) -> list[str]:
        """The stored reason of each of the bot's messages, the labels' tooltips."""
        return self.root.locator(".js-log .bot .how").evaluate_all("labels => labels.map(l => l.title)")

    def window(self) -> str:
        """The line under the number that says what the 24-hour window is now."""
        return self.root.locator(".js-window").inner_text()

    def outside_the_window(self) -> bool:
        return self.root.get_by_role("switch", name="Outside the 24-hour window").is_checked()

    def put_outside_the_window(self, outside: bool = True) -> None:
        """Flips the switch, as a person would, and waits until the page shows the state the server answered."""
        switch = self.root.get_by_role("switch", name="Outside the 24-hour window")
        switch.set_checked(outside)
        wanted = "Outside:" if outside else "Inside:"
        wait_for(lambda: switch.is_enabled() and self.window().startswith(wanted), what=f"{wanted} {self.phone}")

    def told(self) -> list[str]:
        """The texts of the bot's bubbles in this panel's chat, oldest first."""
        return self.root.locator(".js-log .bot").evaluate_all(
            "bubbles => bubbles.map(b => (b.querySelector('.text') || {textContent: ''}).textContent)"
        )

    def expect(self, wanted: Expected, **values: str) -> None:
        """What the bot sent this number since the last look is exactly `wanted`, as the page shows it."""
        with self.services.uow() as uow:
            total = len(uow.sent.to_address(self.address, settled_only=True))
        self.wait_for_chat(total)
        shown = self.told()
        new, self.seen = shown[self.seen :], len(shown)
        assert_told(self.phone, new, wanted, **{"ref": self.reference, **values})

    def latest_order(self) -> str:
        """The reference of this number's latest order (told in "Photo received", or by SMS in "Order …: near")."""
        with self.services.uow() as uow:
            person = uow.people.by_address(self.address)
            return uow.orders.for_donor(person.id, limit=1)[0].reference

    def last_photo_link(self) -> str:
        """The photo link of the bot's latest message to this number (a new one each run)."""
        with self.services.uow() as uow:
            return uow.sent.to_address(self.address)[-1].media_urls[0]

    def screenshot(self, name: str) -> Path:
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def chromium_page(profile: Path, **options) -> Iterator:
    """A page in a fresh Debian Chromium profile; `page.failed` collects every answer of 400 or more."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium_path(), args=CHROMIUM_ARGS, accept_downloads=True, **options
        )
        page = context.new_page()
        page.failed = []
        page.on("response", lambda response: response.status >= 400 and page.failed.append(response.url))
        try:
            yield page
        finally:
            context.close()
