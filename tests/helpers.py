"""What several test files share, in one module: paths, running the real CLI, looking at processes
the way the kernel sees them, the other Pythons pyenv has, and how a timing claim is judged.

Test files import from here (`from helpers import run_cli`), never from each other.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
START_METHODS = ("fork", "spawn", "forkserver")
TRIES = 3  # a timing claim is judged on the best of this many tries


# ------------------------------------------------------------------ the CLI

def run_cli(*args: str, env: dict | None = None, timeout: float = 120,
            input: str | None = None) -> subprocess.CompletedProcess:
    """`python -m ipctutor ARGS` as a learner would run it; stdout and stderr captured."""
    return subprocess.run([sys.executable, "-m", "ipctutor", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, input=input,
                          stdin=None if input is not None else subprocess.DEVNULL)


# ------------------------------------------------------------------ processes (Linux /proc)

def state_of(pid: int) -> str | None:
    """The kernel's state letter (R, S, Z ...) of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


def wait_all_gone(pids: Iterable[int], timeout: float = 10.0) -> list[int]:
    """Wait until none of these PIDs exists (zombies count as existing); return those left.

    The timeout is only a guard against waiting for ever: a test asserts on what is left."""
    deadline = time.monotonic() + timeout
    left = list(pids)
    while left and time.monotonic() < deadline:
        left = [pid for pid in left if state_of(pid) is not None]
        if left:
            time.sleep(0.05)
    return left


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return state_of(pid) not in (None, "Z")


# ------------------------------------------------------------------ other Pythons

def pyenv_python(version: str) -> Path | None:
    """The newest Python `version` (e.g. "3.12") pyenv has here, or None."""
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return None
    found = sorted(Path(root, "versions").glob(f"{version}.*/bin/python")) if root else []
    return found[-1] if found else None


def other_python(version: str) -> str:
    """pyenv's Python `version` for a test about that version, or skip the test.

    Such a test gives the same answer whichever Python runs pytest, so CI runs it once (in the
    README's suite) and sets IPCTUTOR_CROSS_VERSION=0 for the suites on the other Pythons."""
    if os.environ.get("IPCTUTOR_CROSS_VERSION") == "0":
        pytest.skip(f"checks Python {version} from outside: run once per CI run, in another suite")
    found = pyenv_python(version)
    if found is None:
        pytest.skip(f"no Python {version} under pyenv")
    return str(found)


# ------------------------------------------------------------------ timing claims

def best_of_three(measure: Callable[[], Any], holds: Callable[[Any], bool], claim: str) -> Any:
    """A claim about speed: `measure()` up to TRIES times, passing on the first try whose figures
    `holds()`; if none does, fail with every try's figures. A burst of load from elsewhere can spoil
    one try; a claim that is false fails all three. Only for tests marked `claims`."""
    tries = []
    for _ in range(TRIES):
        figures = measure()
        tries.append(figures)
        if holds(figures):
            return figures
    shown = "\n".join(f"  try {n}: {figures}" for n, figures in enumerate(tries, 1))
    pytest.fail(f"{claim}: held in none of {TRIES} tries; each try's figures:\n{shown}",
                pytrace=False)
