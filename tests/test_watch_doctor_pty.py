"""`ipctutor watch` and `ipctutor doctor` in a real 80x24 terminal, in English and Chinese: what a
person sees fits the width, says what it should, and Ctrl-C stops every process of the script."""

from __future__ import annotations

import os
import re
import time

import pexpect
import pytest

from helpers import ANSI, ROOT, spawn, wait_all_gone
from ipctutor.screen.textwidth import cell_width

FIXTURES = ROOT / "tests" / "fixtures" / "doctor"


def tutor(*args: str, env: dict, lang: str) -> pexpect.spawn:
    """The tutor in an 80x24 terminal, in `lang`."""
    child = spawn(*args, env=dict(env, IPCTUTOR_LANG=lang), size=(24, 80))
    child.timeout = 90
    return child


def seen(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    child.raw = child.before
    return ANSI.sub("", child.before)


def fits(child: pexpect.spawn) -> None:
    """Every stretch written between two cursor movements (a line, a redrawn line) fits 80 cells."""
    wide = [line for line in ANSI.sub("\n", child.raw).splitlines() if cell_width(line) > 80]
    assert not wide, wide[:3]


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ("five_queue.py, watched live", "What the script printed", "Done in")),
        ("zh", ("five_queue.py（实时观察）", "脚本打印的内容", "进程")),
    ],
)
def test_watch_draws_its_panels_at_80_columns(tutor_env, lang, words):
    child = tutor("watch", "-s", "spawn", str(FIXTURES / "five_queue.py"), env=tutor_env, lang=lang)
    child.expect(re.escape(words[0]))  # the live panel, while the script runs
    screen = seen(child)
    assert child.exitstatus == 0, screen
    for word in words[1:]:
        assert word in screen
    assert "got [(0, 0), (1, 1), (2, 4), (3, 9), (4, 16)]" in screen
    fits(child)


def test_watch_shows_a_script_s_output_once(tutor_env, tmp_path):
    """A script whose parent gets nothing through IPC: its output in watch's own panel, not again
    in the panel a demo gets ("What the parent printed")."""
    script = tmp_path / "joins.py"
    script.write_text(
        "import multiprocessing as mp\n\n\ndef work(n):\n    pass\n\n\n"
        'if __name__ == "__main__":\n'
        "    children = [mp.Process(target=work, args=(n,)) for n in range(2)]\n"
        "    for child in children:\n        child.start()\n"
        "    for child in children:\n        child.join()\n"
        '    print("first line")\n    print("both children joined")\n'
    )
    child = tutor("watch", str(script), env=tutor_env, lang="en")
    screen = seen(child)
    assert child.exitstatus == 0, screen
    assert screen.count("both children joined") == 1, screen
    assert "What the parent printed" not in screen, screen


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            "en",
            (
                "1. pickling",
                "line 5",
                "A lambda cannot be pickled",
                "ipctutor learn pool",
                "1 problem found.",
            ),
        ),
        (
            "zh",
            (
                "1. pickling",
                "第 5 行",
                "lambda 无法被 pickle",
                "ipctutor learn pool",
                "发现 1 个问题。",
            ),
        ),
    ],
)
def test_doctor_draws_its_findings_at_80_columns(tutor_env, lang, words):
    child = tutor(
        "doctor", "--runs", "1", str(FIXTURES / "pool_lambda.py"), env=tutor_env, lang=lang
    )
    screen = seen(child)
    assert child.exitstatus == 1, screen
    for word in words:
        assert word in screen, screen
    fits(child)


def test_ctrl_c_stops_and_reaps_every_process_of_the_watched_script(tutor_env, tmp_path):
    script = tmp_path / "naps.py"
    script.write_text(
        "import multiprocessing, os, time\n\n"
        "def nap():\n    print('napping', os.getpid(), flush=True)\n    time.sleep(60)\n\n"
        "if __name__ == '__main__':\n"
        "    kids = [multiprocessing.Process(target=nap) for _ in range(3)]\n"
        "    for k in kids:\n        k.start()\n"
        "    for k in kids:\n        k.join()\n"
    )
    child = tutor("watch", "--plain", str(script), env=tutor_env, lang="en")
    pids = set()
    while len(pids) < 3:
        child.expect(r"printed: napping (\d+)")
        pids.add(int(child.match.group(1)))
    child.sendintr()
    screen = seen(child)
    assert child.exitstatus == 130, screen
    assert "interrupted" in screen.lower() or "stopped" in screen.lower()
    assert wait_all_gone(pids) == []


def running(script: str) -> set[int]:
    """PIDs of live processes whose command line names `script` (Linux /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if script.encode() in cmdline.read():
                    found.add(int(entry))
        except (OSError, ValueError):
            continue
    return found


def test_ctrl_c_stops_every_run_of_doctor(tutor_env, tmp_path):
    script = tmp_path / "stuck_for_ctrl_c.py"
    script.write_bytes((FIXTURES / "join_before_get.py").read_bytes())
    child = tutor("doctor", "--plain", "--timeout", "30", str(script), env=tutor_env, lang="en")
    child.expect("Running")
    deadline = time.monotonic() + 30
    while len(running(script.name)) < 3 and time.monotonic() < deadline:  # a run per start method
        time.sleep(0.05)
    pids = running(script.name)
    assert pids
    child.sendintr()
    screen = seen(child)
    assert child.exitstatus == 130, screen
    assert "interrupted" in screen
    assert wait_all_gone(pids) == []
    assert script.read_bytes() == (FIXTURES / "join_before_get.py").read_bytes()
