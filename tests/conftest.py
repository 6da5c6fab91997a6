"""The real stack for integration and end-to-end tests: embedded PostgreSQL and Redis, once per run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot import devstack
from bot.settings import Settings
from bot.web.app import create_app
from compose import Services, build_services
from flows import admin
from jobs import runtime
from models.tables import metadata
from tests.support.media_host import MediaHost

# 12:00 in Chennai: daylight, and inside every demo kitchen's hours.
NOON_IN_CHENNAI = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    with devstack.services(tmp_path_factory.mktemp("stack"), "ketpaar_test") as env:
        devstack.migrate(env)
        yield env


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON_IN_CHENNAI)


@pytest.fixture
def settings(stack: dict[str, str], tmp_path) -> Settings:
    return Settings(
        environment="development",
        database_url=stack["DATABASE_URL"],
        redis_url=stack["REDIS_URL"],
        photo_dir=str(tmp_path / "photos"),
        media_allowed_hosts=("127.0.0.1",),
    )


def wipe(services: Services) -> None:
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with services.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    services.redis.flushdb()


@pytest.fixture
def services(settings: Settings, clock: Clock) -> Services:
    built = build_services(settings, clock=clock)
    wipe(built)
    runtime.use(built)
    yield built
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
