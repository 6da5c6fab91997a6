"""The real stack for integration and end-to-end tests: embedded PostgreSQL and Redis, once per run."""

from __future__ import annotations

import dataclasses

import pytest

from bot import devstack
from bot.cli import DEMO_KITCHENS
from bot.settings import Settings
from bot.web.app import create_app
from compose import Services, build_services
from flows import admin
from jobs import runtime
from tests.support.browser import served
from tests.support.media_host import MediaHost
from tests.support.processes import free_port
from tests.support.s3 import CREDENTIALS, MotoServer
from tests.support.stack import NOON_IN_CHENNAI, Clock, wipe
from tests.support.twilio_http import RecordedTwilio


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    with devstack.services(tmp_path_factory.mktemp("stack"), "ketpaar_test") as env:
        devstack.migrate(env)
        yield env


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON_IN_CHENNAI)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> MotoServer:
    with MotoServer(tmp_path_factory.mktemp("moto") / "moto.log") as server:
        yield server


@pytest.fixture
def photo_store(request, monkeypatch) -> dict[str, str]:
    """Where the test's photos go: the folder, unless the test runs with BOTH_PHOTO_STORES (then also S3)."""
    if getattr(request, "param", "folder") == "folder":
        return {}
    server = request.getfixturevalue("s3_server")
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return {"photo_store": f"s3://{server.new_bucket()}/ketpaar", "s3_endpoint_url": server.url}


@pytest.fixture
def settings(stack: dict[str, str], tmp_path, photo_store: dict[str, str]) -> Settings:
    return Settings(
        environment="development",
        database_url=stack["DATABASE_URL"],
        redis_url=stack["REDIS_URL"],
        photo_dir=str(tmp_path / "photos"),
        media_allowed_hosts=("127.0.0.1",),
        **photo_store,
    )


@pytest.fixture
def services(settings: Settings, clock: Clock) -> Services:
    built = build_services(settings, clock=clock)
    wipe(built)
    runtime.use(built)
    yield built
    runtime.use(None)
    built.engine.dispose()


@pytest.fixture
def live(settings, clock):
    """The app served on a free port (for the simulator, which posts to its own webhook, and for a browser), its
    services sharing the test's clock, with the demo kitchens of `make run`."""
    port = free_port()
    built = build_services(dataclasses.replace(settings, public_base_url=f"http://127.0.0.1:{port}"), clock=clock)
    wipe(built)
    runtime.use(built)
    for new in DEMO_KITCHENS:
        with built.uow() as uow:
            admin.add_kitchen(uow, new, clock())
    with served(create_app(built), port) as base:
        yield built, base
    runtime.use(None)
    built.engine.dispose()


@pytest.fixture
def media():
    """A local HTTP server standing in for Twilio's media host."""
    with MediaHost() as host:
        yield host


@pytest.fixture
def client(services):
    return create_app(services).test_client()


@pytest.fixture
def kitchen(services):
    """A verified kitchen 250 m from the test spot, 5 meals a day at ₹60."""
    new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True)
    with services.uow() as uow:
        return admin.add_kitchen(uow, new, services.clock())


@pytest.fixture
def twilio_stack(settings, clock):
    """Builds services whose Twilio client is the HTTP client given, with a real-looking account and any
    other settings given; each built is the jobs' services until the next."""
    built_services = []

    def build(http, **other_settings) -> Services:
        account = {
            "twilio_account_sid": "AC" + "a" * 32,
            "twilio_auth_token": "a-real-looking-token",
            "twilio_whatsapp_from": "+14155238886",
        }
        configured = dataclasses.replace(settings, **{**account, **other_settings})
        built = build_services(configured, twilio_http_client=http, clock=clock)
        wipe(built)
        runtime.use(built)
        built_services.append(built)
        return built

    yield build
    runtime.use(None)
    for built in built_services:
        built.engine.dispose()


@pytest.fixture
def twilio_services(twilio_stack):
    """Services whose Twilio client talks to recorded responses, in the order given."""

    def build(*responses):
        http = RecordedTwilio(*responses)
        return twilio_stack(http), http

    return build
