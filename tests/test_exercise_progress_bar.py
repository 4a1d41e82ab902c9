"""What the pool-progress exercise's hints say the check shows, run for real: the shipped file
under every start method, the same check `ipctutor practice` runs. The story is deterministic:
map() returns nothing before the last task ends, and the last task waits for an Event the parent
sets only after reporting the other results; the run's watchdog only ends the wait.
"""

from __future__ import annotations

import pytest

from helpers import ROOT
from ipctutor.content.exercises import load_course
from ipctutor.engine.practice_check import check

COURSE = load_course(ROOT / "exercises")
pytestmark = [pytest.mark.stress, pytest.mark.timeout(600)]


def test_pool_progress_the_parent_waits_in_map_one_worker_in_wait_and_nothing_was_reported():
    exercise = COURSE.find("pool-progress")
    report = check(COURSE.broken(exercise), exercise.spec("en"), runs=1, parallel=2)
    lines = report.lines()
    text = "\n".join(lines)
    assert not report.passed, text
    assert {r.method for r in report.results} == {"fork", "spawn", "forkserver"}
    assert all(r.problem == "stuck" for r in report.results), text
    assert all("done " not in r.stdout for r in report.results), text  # not one result reported
    processes = [line.strip() for line in lines if line.strip().startswith(("the parent", "child"))]
    assert any(p.startswith("the parent") and "waits in map()" in p for p in processes), text
    waiting = [p for p in processes if p.startswith("child") and "waits in wait()" in p]
    assert len(waiting) == 1, text  # the last task, held; the other workers are idle
