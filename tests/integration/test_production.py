"""Fail closed: in production the app, the worker and the CLI refuse unsafe settings, in one line."""

from __future__ import annotations

import base64
import dataclasses
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet
from flask.cli import cli as flask_cli
from redis import Redis

from bot.adapters import TwilioTransport
from bot.settings import DEV_AUTH_TOKEN, DEV_SECRET_KEY, TWILIO_MEDIA_HOSTS, Settings
from bot.web.app import create_app
from compose import build_services
from jobs import runtime
from jobs.worker import KetpaarWorker
from tests.support.dashboard import ADMIN, add_staff, log_in
from tests.support.stack import wipe

ROOT = Path(__file__).resolve().parents[2]
PHOTO_KEY = Fernet.generate_key().decode()
# What the development settings derive from DEV_SECRET_KEY; a production key must not be it.
DEV_PHOTO_KEY = Settings(environment="development").fernet_keys()[0]


@pytest.fixture
def production(stack, tmp_path) -> dict[str, str]:
    """A complete, valid production environment (KETPAAR_ENV left unset: production is the default)."""
    return {
        "DATABASE_URL": stack["DATABASE_URL"],
        "REDIS_URL": stack["REDIS_URL"],
        "PUBLIC_BASE_URL": "https://ketpaar.example.org",
        "SECRET_KEY": "9f1c2a7e5b3d4f60a8c7e1b2d3f4a5b6c7d8e9f0",
        "PHOTO_ENCRYPTION_KEY": PHOTO_KEY,
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": "3b1f0c9d8e7a6b5c4d3e2f1a0b9c8d7e",
        "TWILIO_WHATSAPP_FROM": "+14155238886",
        "PHOTO_DIR": str(tmp_path / "photos"),
    }


@pytest.fixture
def environ(monkeypatch):
    """Makes the process environment exactly the given variables, for everything that reads it."""

    def use(env: dict[str, str | None]) -> None:
        for name in (*(setting.metadata["env"] for setting in fields(Settings)), "PORT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            if value is not None:
                monkeypatch.setenv(name, value)
        monkeypatch.setattr(runtime, "_services", None)
        monkeypatch.delitem(sys.modules, "wsgi", raising=False)  # `flask --app wsgi` imports it afresh

    return use


REFUSALS = {
    "SECRET_KEY unset": ("SECRET_KEY", None),
    "SECRET_KEY short": ("SECRET_KEY", "7f3a9c1e5b2d8f40a6c3e9b1d7f2a5c"),
    "SECRET_KEY development": ("SECRET_KEY", DEV_SECRET_KEY),
    "PHOTO_ENCRYPTION_KEY unset": ("PHOTO_ENCRYPTION_KEY", None),
    "PHOTO_ENCRYPTION_KEY short": ("PHOTO_ENCRYPTION_KEY", base64.urlsafe_b64encode(b"sixteen byte key").decode()),
    "PHOTO_ENCRYPTION_KEY not Fernet": ("PHOTO_ENCRYPTION_KEY", f"{PHOTO_KEY},{'x' * 44}"),
    "PHOTO_ENCRYPTION_KEY development": ("PHOTO_ENCRYPTION_KEY", DEV_PHOTO_KEY),
    "TWILIO_AUTH_TOKEN unset": ("TWILIO_AUTH_TOKEN", None),
    "TWILIO_AUTH_TOKEN empty": ("TWILIO_AUTH_TOKEN", ""),
    "TWILIO_AUTH_TOKEN development": ("TWILIO_AUTH_TOKEN", DEV_AUTH_TOKEN),
    "PUBLIC_BASE_URL http": ("PUBLIC_BASE_URL", "http://ketpaar.example.org"),
    "PUBLIC_BASE_URL unset": ("PUBLIC_BASE_URL", None),
    "TWILIO_ACCOUNT_SID unset (token and sender, no SID)": ("TWILIO_ACCOUNT_SID", None),
    "TWILIO_WHATSAPP_FROM unset (token and SID, no sender)": ("TWILIO_WHATSAPP_FROM", None),
}


def refusal(error: pytest.ExceptionInfo[SystemExit]) -> str:
    message = str(error.value.code)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(("variable", "value"), REFUSALS.values(), ids=REFUSALS.keys())
def test_production_refuses_to_start(production, environ, stack, variable, value):
    environ({**production, variable: value})
    with pytest.raises(SystemExit) as app_error:
        create_app()
    assert refusal(app_error).startswith(variable)
    with pytest.raises(SystemExit) as worker_error:
        KetpaarWorker(["ketpaar"], connection=Redis.from_url(stack["REDIS_URL"]))
    assert refusal(worker_error).startswith(variable)
    with pytest.raises(SystemExit):
        runtime.services()
    command = CliRunner().invoke(flask_cli, ["--app", "wsgi", "seed-demo"])
    assert command.exit_code != 0
    assert command.output.strip().startswith(variable)
    assert command.output.strip().endswith("in production")


def test_a_mistyped_environment_is_production(environ, stack):
    environ({**stack, "KETPAAR_ENV": "develop"})
    with pytest.raises(SystemExit) as error:
        create_app()
    assert refusal(error).startswith("SECRET_KEY is the development value")


def test_the_flask_command_refuses_in_one_line(production):
    env = {**os.environ, **production, "SECRET_KEY": "short"}
    env.pop("KETPAAR_ENV", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo"]
    done = subprocess.run(flask, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert done.stderr.strip() == "SECRET_KEY must be at least 32 bytes in production"


def test_valid_production_settings_start_with_twilio_and_without_dev_pages(production, environ, stack):
    environ(production)
    client = create_app().test_client()
    assert client.get("/dev/simulator").status_code == 404
    assert client.get("/dev/outbox", query_string={"to": "whatsapp:+919800000001"}).status_code == 404
    assert isinstance(runtime.services().transport, TwilioTransport)
    assert runtime.services().settings.media_allowed_hosts == TWILIO_MEDIA_HOSTS  # not the app's own host


def test_in_production_the_dashboards_session_cookie_is_secure_httponly_and_lax(production, environ):
    environ(production)
    app = create_app()
    wipe(runtime.services())
    add_staff(runtime.services(), ADMIN, "admin")
    client = app.test_client()
    cookie = log_in(client, ADMIN).headers["Set-Cookie"]
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_development_keeps_the_dev_pages_even_with_twilio_configured(production, environ):
    environ({**production, "KETPAAR_ENV": "development", "PUBLIC_BASE_URL": "http://127.0.0.1:5000"})
    client = create_app().test_client()
    assert client.get("/dev/simulator").status_code == 200


def test_rotating_secret_key_leaves_photos_readable(production, environ):
    environ(production)
    first = build_services(Settings.from_env())
    key = first.photo_store.put(b"a seeker's photo")
    rotated = dataclasses.replace(first.settings, secret_key="0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c")
    second = build_services(rotated)
    assert second.photo_store.get(key) == b"a seeker's photo"
    assert second.settings.fernet_keys() == [PHOTO_KEY]  # nothing derived from SECRET_KEY
    first.engine.dispose()
    second.engine.dispose()
