"""The dashboard through Flask's test client, as a browser uses it: a CSRF token from each page's form."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from bot.adapters import ScryptPasswords
from compose import Services
from domain.staff import Actor
from flows import staff

PASSWORD = "a long enough password"
ADMIN = "asha@ketpaar.test"
OPERATOR = "ravi@ketpaar.test"
_CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def add_staff(services: Services, email: str, role: str) -> None:
    with services.uow() as uow:
        staff.add_member(uow, email, role, PASSWORD, ScryptPasswords(), Actor("cli:test", "cli"), services.clock())


def csrf_token(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, follow: bool = False):
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    form = {"csrf_token": token, "email": email, "password": password}
    return client.post("/admin/login", data=form, follow_redirects=follow)


def post(client: FlaskClient, page: str, url: str, **form: str):
    """Posts a form as the page at `page` would, with that page's CSRF token."""
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **form})


def api_token(services: Services, email: str = ADMIN) -> str:
    """An admin and a token of theirs, made by the use case the dashboard and `admin create-token` call."""
    add_staff(services, email, "admin")
    with services.uow() as uow:
        member = uow.staff.by_email(email)
        return staff.make_token(uow, member, "tests", Actor("cli:test", "cli"), services.clock())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
