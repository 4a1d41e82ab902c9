"""`ipctutor run pipe --workers 10` in a real pseudo-terminal, read as a person reads it."""

from __future__ import annotations

import re

import pexpect

from helpers import spawn_tutor

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_live_run_shows_ten_real_children(tutor_env):
    child = spawn_tutor("run", "pipe", "--workers", "10", "--delay", "0.5", env=tutor_env)
    child.expect("pipe demo, live")  # the live panel is drawn while the children run
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    screen = ANSI.sub("", child.before)
    final = screen[screen.rindex("Processes") :]  # the panel printed once the run is over
    rows = re.findall(
        r"child-(\d+)\s*│\s*(\d+)\s*│\s*(\d+) \(parent\)\s*│\s*exited\s*│\s*0\s*│", final
    )
    assert sorted(int(n) for n, _, _ in rows) == list(range(10))
    pids = {int(pid) for _, pid, _ in rows}
    assert len(pids) == 10  # ten distinct PIDs, as the kernel gave them
    parent = int(re.search(r"MainProcess \(parent\)\s*│\s*(\d+)", final).group(1))
    assert {int(ppid) for _, _, ppid in rows} == {parent} and parent not in pids
    assert "What the parent got" in screen and "What just happened" in screen
    assert "Done in" in screen


def test_no_color_gives_plain_lines_in_a_terminal(tutor_env):
    env = dict(tutor_env, NO_COLOR="1")
    child = spawn_tutor("run", "pipe", "--workers", "3", "--delay", "0", env=env)
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[" not in child.before  # no colour codes, no cursor movement
    assert "-- Processes" in child.before
