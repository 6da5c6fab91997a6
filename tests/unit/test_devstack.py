"""`make run`'s console (its reminder, one line per job) and the run.env through which commands in other
terminals find its services."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime

import pytest
from honcho.printer import Message

from bot.devstack import Console, banner, clean_metrics
from bot.settings import Settings, running_services
from jobs.worker import job_line

RUN_ENV = "KETPAAR_ENV=development\nDATABASE_URL=postgresql://dev\nREDIS_URL=unix:///tmp/dev.sock\n"


class Ticking:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def line(text: str) -> Message:
    return Message("line", text + "\n", datetime(2026, 11, 26, 12, 0), "worker.1", None)


def test_the_simulator_address_is_said_again_once_it_has_scrolled_away_and_minutes_have_passed():
    output, clock = io.StringIO(), Ticking()
    console = Console(
        output, "  Simulator: http://127.0.0.1:5000/dev/simulator", every_s=180, after_lines=3, clock=clock
    )
    for number in range(5):
        console.write(line(f"job {number}"))
    assert "Simulator" not in output.getvalue()  # many lines, but within three minutes of the banner
    clock.now = 200
    console.write(line("job 5"))
    assert output.getvalue().splitlines()[-1] == "  Simulator: http://127.0.0.1:5000/dev/simulator"
    clock.now = 500
    console.write(line("job 6"))  # minutes later, but the address is still in sight
    assert output.getvalue().count("Simulator") == 1


def test_the_banner_names_the_var_folder_a_command_needs_when_it_is_not_the_default(tmp_path):
    assert banner("http://127.0.0.1:5071", tmp_path)[2] == (
        f"  Operators, in another terminal: KETPAAR_VAR={tmp_path} .venv/bin/flask --app wsgi vendor list"
    )


def write_run_env(folder, pid: int) -> dict[str, str]:
    (folder / "run.env").write_text(f"KETPAAR_RUN_PID={pid}\n{RUN_ENV}")
    return {"KETPAAR_VAR": str(folder)}


def test_a_command_takes_the_services_and_development_from_a_running_make_run(tmp_path):
    env = write_run_env(tmp_path, os.getpid())
    found = running_services(env)
    assert found["KETPAAR_ENV"] == "development" and found["DATABASE_URL"] == "postgresql://dev"
    settings = Settings.from_env(env)
    assert not settings.production and settings.redis_url == "unix:///tmp/dev.sock"


def test_a_run_env_left_by_a_make_run_that_has_ended_is_not_read(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    env = write_run_env(tmp_path, int(ended.stdout))
    assert running_services(env) == {}
    with pytest.raises(SystemExit) as refused:
        Settings.from_env(env)
    assert str(refused.value) == (
        f"DATABASE_URL and REDIS_URL not set, and no running `make run` wrote {tmp_path / 'run.env'}: "
        "start it, give this command the KETPAAR_VAR it was started with, or set them"
    )


def test_a_command_given_its_own_services_keeps_its_own_environment(tmp_path):
    env = write_run_env(tmp_path, os.getpid())
    assert running_services({**env, "DATABASE_URL": "postgresql://elsewhere"}) == {}
    settings = Settings.from_env({**env, "DATABASE_URL": "postgresql://db", "REDIS_URL": "redis://r"})
    assert settings.production  # not development because a make run happens to be running


def test_a_job_says_what_it_did_in_one_line_and_a_sweep_that_found_nothing_says_nothing():
    assert job_line("handle_inbound-12", True, 0.137, None) == "handle_inbound-12 done in 0.14 s"
    assert job_line("kitchen_timeouts", True, 0.05, 2) == "kitchen_timeouts done in 0.05 s, 2"
    assert job_line("kitchen_timeouts", True, 0.05, 0) is None
    assert job_line("send_message-3", False, 10.0, None) == "send_message-3 FAILED in 10.00 s"


def test_make_run_empties_the_metrics_folder_of_what_a_previous_run_counted(tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_host-4242.db").write_bytes(b"old counts")
    (folder / "README").write_text("not ours")
    clean_metrics(str(folder))
    assert [path.name for path in folder.iterdir()] == ["README"]
    clean_metrics(str(tmp_path / "new"))  # made when missing
    assert (tmp_path / "new").is_dir()
