"""Shared test helpers: run the real CLI in a subprocess, with a private home and lessons."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
START_METHODS = ("fork", "spawn", "forkserver")


@pytest.fixture
def tutor_env(tmp_path, monkeypatch):
    """An environment for the CLI: its own progress folder, English, no colour surprises."""
    env = dict(os.environ)
    env.update({"IPCTUTOR_HOME": str(tmp_path / "home"), "IPCTUTOR_LANG": "en",
                "COLUMNS": "120", "PYTHONUNBUFFERED": "1"})
    env.pop("NO_COLOR", None)
    monkeypatch.setenv("IPCTUTOR_HOME", env["IPCTUTOR_HOME"])
    return env


def run_cli(*args: str, env: dict | None = None, timeout: float = 120,
            input: str | None = None) -> subprocess.CompletedProcess:
    """`python -m ipctutor ARGS` as a learner would run it; stdout and stderr captured."""
    return subprocess.run([sys.executable, "-m", "ipctutor", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, input=input,
                          stdin=None if input is not None else subprocess.DEVNULL)
