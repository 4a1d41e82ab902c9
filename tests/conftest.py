"""Fixtures every test file may use, the `claims` and `stress` markers, and the CPU hogs of the
stress check. Shared helpers live in tests/helpers.py: test files import from there, never from each other."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


HOG = "while True: pass"  # one busy loop: a core kept busy by something else, as on a loaded laptop


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--cpu-hogs",
        default=None,
        metavar="N|auto",
        help="keep N cores busy with busy loops (`auto`: one per core) while the tests run: the "
        "stress check (`pytest -m stress --cpu-hogs auto`)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Started once, by the process that runs the session (not again in each xdist worker).
    wanted = config.getoption("--cpu-hogs")
    if not wanted or hasattr(config, "workerinput"):
        return
    count = (os.cpu_count() or 1) if wanted == "auto" else int(wanted)
    config._cpu_hogs = [
        subprocess.Popen(
            [sys.executable, "-c", HOG],  # type: ignore[attr-defined]
            stdin=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def pytest_unconfigure(config: pytest.Config) -> None:
    for hog in getattr(config, "_cpu_hogs", []):
        hog.kill()
        hog.wait()


def pytest_report_header(config: pytest.Config) -> str | None:
    hogs = getattr(config, "_cpu_hogs", [])
    return (
        f"stress: {len(hogs)} busy loops hold the cores, pids {[h.pid for h in hogs]}"
        if hogs
        else None
    )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    # Asking for a test that is a timing claim without -m claims deselects everything: say why.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and terminalreporter.stats.get(
        "deselected"
    ):
        terminalreporter.write_line(
            "ipctutor: every test selected is a timing claim, which the default run leaves out: "
            "add `-m claims` to run them."
        )


@pytest.fixture
def tutor_env(tmp_path, monkeypatch):
    """An environment for the CLI: its own progress folder, English, no colour surprises."""
    env = dict(os.environ)
    env.update(
        {
            "IPCTUTOR_HOME": str(tmp_path / "home"),
            "IPCTUTOR_LANG": "en",
            "COLUMNS": "120",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("NO_COLOR", None)
    monkeypatch.setenv("IPCTUTOR_HOME", env["IPCTUTOR_HOME"])
    return env
