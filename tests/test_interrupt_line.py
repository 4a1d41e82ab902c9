"""The one line an interrupted run ends with goes to stderr, also while a Rich status is on the screen
(`compare`, `run --repeat`), where sys.stderr is redirected into the console, which writes to stdout.

The tutor's stdout is a pseudo-terminal (so the status is drawn), its stderr a pipe: the line must be
in the pipe and nowhere on the screen. The signal comes once the run's children exist.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from helpers import ROOT


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def descendants_of(pid: int) -> list[int]:
    """Children, their children and so on: the tutor runs the demo's script, which starts the
    children (and under forkserver the fork server does)."""
    found, look = [], [pid]
    while look:
        below = children_of(look.pop())
        found += below
        look += below
    return found


def interrupted_under_a_status(
    args: list[str], workers: int, signum: int, env: dict
) -> tuple[int, str, str]:
    """(exit code, what the screen showed, stderr) for `args` stopped by `signum` once its
    `workers` children exist."""
    master, slave = os.openpty()
    env = dict(env, TERM="xterm-256color", COLUMNS="100")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "ipctutor", *args],
        cwd=str(ROOT),
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    os.close(slave)
    screen = b""
    try:
        deadline = time.monotonic() + 60
        while len(descendants_of(process.pid)) < workers + 1:  # the script and its children
            assert time.monotonic() < deadline, "the children never appeared"
            if select.select([master], [], [], 0.05)[0]:
                screen += os.read(master, 65536)
        os.kill(process.pid, signum)
        while process.poll() is None or select.select([master], [], [], 0)[0]:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    screen += os.read(master, 65536)
                except OSError:  # the terminal's other end is gone: all was read
                    break
        assert process.stderr is not None
        err = process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        os.close(master)
    return process.returncode, screen.decode(errors="replace"), err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize(
    "args",
    [
        ["compare", "pipe", "--workers", "2", "--delay", "30"],
        ["run", "pipe", "--repeat", "3", "--workers", "2", "--delay", "30", "--no-guess"],
    ],
    ids=["compare", "run --repeat"],
)
def test_the_interrupt_line_goes_to_stderr_under_a_status(args, signum, tutor_env):
    code, screen, err = interrupted_under_a_status(args, 2, signum, tutor_env)
    assert code == 128 + signum, (screen, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ipctutor: "), err
    assert ("Interrupted" if signum == signal.SIGINT else "Ended by SIGTERM") in lines[0], err
    assert "Interrupted" not in screen and "Ended by" not in screen, screen


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_interrupt_line_in_chinese_has_full_width_punctuation(signum, tutor_env):
    env = dict(tutor_env, IPCTUTOR_LANG="zh")
    args = ["compare", "pipe", "--workers", "2", "--delay", "30"]
    code, screen, err = interrupted_under_a_status(args, 2, signum, env)
    assert code == 128 + signum, (screen, err)
    line = err.strip()
    said = (
        "ipctutor：已中断："
        if signum == signal.SIGINT
        else "ipctutor：因 SIGTERM（被要求停止）而结束："
    )
    assert line.startswith(said), err
    assert not any(mark in line for mark in (": ", ", ", "; ", "(")), line  # never half-width
