"""Running the Procfile's commands and `make run`'s stack as real processes, and reading what they print."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def procfile_words(name: str, env: dict[str, str], *extra: str) -> list[str]:
    """The Procfile's `name:` command word for word (with `extra` added), run from the venv."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(f"{name}:"))
    words = [word.replace("$PORT", env.get("PORT", "")) for word in shlex.split(line.removeprefix(f"{name}:"))]
    words = [word.replace("$REDIS_URL", env.get("REDIS_URL", "")) for word in words]
    words[0] = str(Path(sys.executable).parent / words[0])
    return [*words, *extra]


def start(words: list[str], env: dict[str, str], log) -> subprocess.Popen:
    """In a session of its own, so that stop() reaches it and everything it started."""
    return subprocess.Popen(words, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout_s: float = 30) -> int:
    """Signals the process's whole group (as Ctrl-C does a terminal's) and waits for it."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        return process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def get_when_up(
    base: str, path: str, timeout_s: float = 60, process: subprocess.Popen | None = None
) -> requests.Response:
    """The first answer to GET `path`; fails at once if `process`, the server, has exited."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return requests.get(base + path, timeout=5)
        except requests.ConnectionError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise
            time.sleep(0.2)


def wait_for(condition, timeout_s: float = 30, what: str = "the condition"):
    """Polls `condition` until it returns something truthy, which is returned."""
    deadline = time.monotonic() + timeout_s
    while not (found := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
    return found
