"""`ipctutor doctor --ctrl-c`: the tutor presses Ctrl-C in each run, as a learner at the terminal
would, and says how the script took it. Each script really runs under fork, spawn and forkserver.

What is judged is fixed before the press or by it, never by how fast a process reacts: which
workers ignore SIGINT is read from /proc when the Ctrl-C is pressed (after every worker began), a
run stuck after it has tasks of 30 s that nothing stops, and a fixed script ends at the press.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys

import pytest

from helpers import ROOT, run_cli
from ipctutor.engine.diagnose import diagnose

FIXTURES = ROOT / "tests" / "fixtures" / "doctor"
EXERCISES = ROOT / "exercises"
ALL = ["fork", "spawn", "forkserver"]

pytestmark = [
    pytest.mark.skipif(
        multiprocessing.get_all_start_methods() != ALL, reason="needs fork, spawn and forkserver"
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/status"),
]


def summary(found) -> list[tuple]:
    return [(f.problem, f.start_methods, f.line, f.lesson) for f in found.findings]


def test_pool_workers_that_take_the_ctrl_c_are_named_with_the_pool_line():
    found = diagnose(FIXTURES / "ctrl_c_pool.py", runs=1, ctrl_c=True)
    assert found.pressed == 3, [r.ctrl_c_at for r in found.runs]
    assert summary(found) == [("ctrl-c", ALL, 15, "pool")]
    finding = found.findings[0]
    assert "SIG_IGN" in finding.summary and "initializer" in finding.summary
    assert len(finding.evidence) == 3  # one line for each of the 3 workers, with its real PID
    workers = {
        row.pid
        for seen in found.runs
        for row in seen.run.rows.values()
        if row.role == "pool worker"
    }
    for seen in found.runs:  # the parent's KeyboardInterrupt is what Ctrl-C does: no finding
        assert seen.returncode != 0 and not seen.stuck
        assert set(seen.ignores_sigint.values()) == {False}
        assert set(seen.ignores_sigint) <= workers


def test_workers_that_ignore_sigint_and_a_parent_that_terminates_get_no_finding():
    found = diagnose(FIXTURES / "ctrl_c_pool_ignored.py", runs=1, ctrl_c=True)
    assert found.pressed == 3
    assert summary(found) == []
    for seen in found.runs:
        assert seen.returncode == 0 and "stopped" in seen.stdout
        assert seen.ignores_sigint and set(seen.ignores_sigint.values()) == {True}


def test_an_executor_that_waits_after_the_ctrl_c_is_a_ctrl_c_hang_at_its_with_line():
    found = diagnose(FIXTURES / "ctrl_c_executor.py", runs=1, ctrl_c=True, watchdog=3)
    assert found.pressed == 3
    assert summary(found) == [("ctrl-c", ALL, 16, "futures")]
    finding = found.findings[0]
    assert "cancel_futures=True" in finding.summary and "terminate_workers" in finding.summary
    assert all(seen.stuck for seen in found.runs)


def test_the_exercise_as_shipped_loses_its_tasks_and_its_solution_is_clean():
    """The exercise presses its own Ctrl-C: doctor names it without --ctrl-c."""
    found = diagnose(EXERCISES / "pool-ctrl-c.py", runs=1)
    problems = summary(found)
    assert ("ctrl-c", ALL, 36, "pool") in problems  # the workers, at the Pool's line
    assert ("ctrl-c", ALL, 43, "pool") in problems  # then pool.join() waits for ever
    assert len(problems) == 2, problems
    assert summary(diagnose(EXERCISES / "solutions" / "pool-ctrl-c.py", runs=1)) == []


def test_a_script_with_no_child_is_never_pressed_and_the_cli_says_so(tmp_path):
    script = tmp_path / "alone.py"
    script.write_text('print("no child here")\n')
    done = run_cli("doctor", "--ctrl-c", "--plain", "--runs", "1", str(script))
    assert done.returncode == 0, done.stderr
    assert "Ctrl-C was pressed in 0 of 3 runs" in done.stdout
    assert "Traceback" not in done.stderr
    done = run_cli("doctor", "--ctrl-c", "--json", "--runs", "1", "-s", "spawn", str(script))
    said = json.loads(done.stdout)
    assert said["ctrl_c_pressed"] == 0 and said["findings"] == []


def test_the_cli_names_the_problem_in_chinese(tutor_env):
    env = {**tutor_env, "IPCTUTOR_LANG": "zh"}
    done = run_cli(
        "doctor",
        "--ctrl-c",
        "--plain",
        "--runs",
        "1",
        "-s",
        "fork",
        str(FIXTURES / "ctrl_c_pool.py"),
        env=env,
    )
    assert done.returncode == 1, done.stderr
    assert "[ctrl-c]" in done.stdout
    assert "不忽略 SIGINT" in done.stdout and "按下了 Ctrl-C" in done.stdout


def test_a_tutor_that_ignores_sigint_still_runs_the_script_as_a_terminal_would():
    """A tutor started where SIGINT is ignored (a background job, a CI runner) passes SIG_IGN on
    through exec, and Python keeps an ignored SIGINT ignored: the script would never see the
    Ctrl-C. The observer gives the script itself Python's handler back, as at a terminal."""
    code = (
        "import json, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "from ipctutor.engine.diagnose import diagnose\n"
        "found = diagnose(sys.argv[1], runs=1, methods=['spawn'], ctrl_c=True)\n"
        "print(json.dumps([found.pressed, [f.problem for f in found.findings],"
        " found.runs[0].stdout]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "ctrl_c_pool_ignored.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    pressed, problems, printed = json.loads(done.stdout.splitlines()[-1])
    assert (pressed, problems) == (1, []) and "stopped" in printed, done.stdout
