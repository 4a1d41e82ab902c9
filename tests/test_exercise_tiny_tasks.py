"""The futures-tiny-tasks exercise's verdict counts what was sent, not how long it took: one
`task K: N items` line per task the workers received (each task carries the number pickle gave
it), so the shipped file fails on the count of lines under every start method, however fast or
busy the machine, and the fix passes with exactly ceil(COUNT / CHUNK) of them."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from helpers import ROOT, START_METHODS
from ipctutor.content.exercises import load_course
from ipctutor.engine.practice_check import check

COURSE = load_course(ROOT / "exercises")
EXERCISE = COURSE.find("futures-tiny-tasks")


@pytest.mark.stress
def test_the_shipped_file_fails_on_the_number_of_tasks_it_sent():
    report = check(COURSE.broken(EXERCISE), EXERCISE.spec("en"), parallel=2)
    assert not report.passed
    assert {r.problem for r in report.results} == {"lines"}  # not a wrong sum, not a time
    for run in report.results:
        count, chunk = run.values["count"], run.values["chunk"]
        assert run.detail == f"{count} lines printed, {math.ceil(count / chunk)} expected"
    story = "\n".join(report.lines())
    assert re.search(
        r"fork, spawn, forkserver: \d+ lines printed, \d+ expected, in 3 of 3 runs", story
    )


@pytest.mark.parametrize("method", START_METHODS)
def test_the_fix_sends_full_chunks_and_a_last_smaller_one(method, tmp_path):
    script = (
        f"import multiprocessing as mp, runpy, sys; mp.set_start_method({method!r}); "
        f"sys.argv = ['x', '1001', '250']; "
        f"runpy.run_path({str(COURSE.solution(EXERCISE))!r}, run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "task 1: 250 items",
        "task 2: 250 items",
        "task 3: 250 items",
        "task 4: 250 items",
        "task 5: 1 items",
        f"sum of squares {sum(n * n for n in range(1001))}",
    ]
