"""The benchmark's own PostgreSQL and Redis, and a way to empty them between benchmarks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import text

from bot import devstack
from compose import Services
from models.tables import metadata

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
DATABASE = "ketpaar_bench"


@contextmanager
def private_stack(var: Path = VAR) -> Iterator[dict[str, str]]:
    """Embedded servers under `var`, migrated, whatever DATABASE_URL / REDIS_URL say.

    The benchmarks truncate every table, so they never run against a configured database.
    """
    with ExitStack() as stack:
        env = {
            "DATABASE_URL": stack.enter_context(devstack.embedded_postgres(var / "pg", DATABASE)),
            "REDIS_URL": stack.enter_context(devstack.embedded_redis(var / "redis.rdb")),
        }
        devstack.migrate(env)
        yield env


def wipe(services: Services) -> None:
    """Empties every table and the Redis database, as the tests do."""
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with services.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    services.redis.flushdb()
