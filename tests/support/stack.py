"""What the real-stack tests share: the frozen clock they start from, and wiping the database between tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from compose import Services
from models.tables import metadata

# 12:00 in Chennai: daylight, and inside every demo kitchen's hours.
NOON_IN_CHENNAI = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def wipe(services: Services) -> None:
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with services.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    services.redis.flushdb()
