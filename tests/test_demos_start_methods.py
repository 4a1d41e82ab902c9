"""The start-methods demo and its fork-with-threads pitfall, through the real CLI and as a shown script.

Kept apart from test_demos.py (whose topic list other lessons extend): truthful PIDs and PPIDs
under every start method, what each child really saw (its main module, a global the parent set at
run time), the script `ipctutor show start-methods` prints, `compare start-methods`, and the
pitfall hanging under fork until its watchdog stops it, then working under spawn, on this Python
and on 3.12 and 3.13 (pyenv), where fork also emits its DeprecationWarning.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from helpers import (
    ROOT,
    START_METHODS,
    WORKERS,
    check_pids,
    children_of,
    other_python,
    run_cli,
    run_json,
    wait_all_gone,
)

CHILD_LINE = re.compile(
    r"child (\d+): pid (\d+), ppid (\d+), main module (\S+) \((.*)\), "
    r"sees the global: (True|False), began ([\d.]+) ms after start\(\)"
)


@pytest.mark.parametrize("method", START_METHODS)
def test_each_child_reports_what_it_really_got(method, tutor_env):
    run = run_json("start-methods", method, tutor_env)  # python -m ipctutor run ...
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    for child in children_of(run):
        [line] = child["printed"]  # what the child printed, tagged with its PID by the observer
        n, pid, ppid, main, file, sees, after_ms = CHILD_LINE.fullmatch(line).groups()
        assert child["name"] == f"child-{n}"
        assert (int(pid), int(ppid)) == (child["pid"], child["ppid"])  # what it said is who it is
        assert (sees == "True") is (method == "fork")
        assert float(after_ms) > 0
        # The demo runs as a script: a fork child is a copy whose main is the script itself; a
        # spawn or forkserver child runs the script again, as __mp_main__.
        assert file == "start_methods_demo.py"
        assert main == ("__main__" if method == "fork" else "__mp_main__")
    assert run["parent"]["printed"][-1] == f"exit codes: {[0] * WORKERS}, all started by {method}"


def test_compare_runs_this_demo_under_all_three(tutor_env):
    proc = run_cli("compare", "start-methods", "--workers", "2", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    runs = json.loads(proc.stdout)["runs"]
    assert [(r["start_method"], r["outcome"]) for r in runs] == [(m, "ok") for m in START_METHODS]
    assert [p["is"] for p in runs[2]["ppids"]] == ["fork server"]


def test_repeat_counts_the_order_the_children_began_in(tutor_env):
    proc = run_cli(
        "run", "start-methods", "--repeat", "2", "-n", "3", "--delay", "0", "--plain", env=tutor_env
    )
    assert proc.returncode == 0, proc.stderr
    orders = [
        line.split(":", 1)[1].split()
        for line in proc.stdout.splitlines()
        if line.startswith("run ")
    ]
    assert len(orders) == 2 and all(sorted(order) == ["0", "1", "2"] for order in orders)


# ------------------------------------------------------------------ the pitfall


def pitfall(env: dict, *extra: str) -> dict:
    proc = run_cli(
        "run",
        "start-methods",
        "--pitfall",
        "fork-with-threads",
        "--json",
        *extra,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "start-methods" and report["pitfall"] == "fork-with-threads"
    return report


def lines(phase: dict, pattern: str) -> list[str]:
    """The lines the phase's processes printed (the parent's first) that match `pattern`."""
    every = phase["parent"]["printed"] + [line for p in phase["processes"] for line in p["printed"]]
    return [line for line in every if re.fullmatch(pattern, line)]


def test_fork_with_a_held_lock_hangs_until_the_watchdog_and_spawn_fixes_it(tutor_env):
    report = pitfall(tutor_env)
    broken, fixed = report["phases"]
    assert broken["start_method"] == "fork" and fixed["start_method"] == "spawn"
    assert (
        broken["outcome"] == "timeout" and 3.5 < broken["elapsed_s"] < 20
    )  # its own 4 s watchdog, not the 30 s one
    assert sorted(broken["stopped"]) == [f"child-{n}" for n in range(4)]
    assert len(lines(broken, r"child \d+: pid \d+ waiting for the lock")) == 4
    assert lines(broken, r"child \d+: pid \d+ got the lock") == []
    assert lines(broken, "parent: started 4 children while cache-thread held the lock")
    warned = [line for line in broken["output"].splitlines() if "is multi-threaded" in line]
    assert bool(warned) is (
        sys.version_info >= (3, 12)
    )  # 3.12 and newer warn, and the script shows it
    assert fixed["outcome"] == "ok" and lines(fixed, "parent: pid \\d+, start method spawn")
    assert len(lines(fixed, r"child \d+: pid \d+ got the lock")) == 4
    assert lines(fixed, "got the lock: 4 of 4 children")
    assert report["reproduced"] is True
    assert "4 children waited for their copy of it, and none got it" in report["finding"]
    python = f"Python {sys.version_info[0]}.{sys.version_info[1]}"
    assert (
        f"{python} gave no warning" in report["finding"]
        if sys.version_info < (3, 12)
        else f"{python} emitted the DeprecationWarning" in report["finding"]
    )
    pids = [
        p["pid"] for phase in report["phases"] for p in phase["processes"] if p["role"] == "child"
    ]
    assert wait_all_gone(pids) == []


def test_under_spawn_both_phases_work_and_the_finding_says_why(tutor_env):
    report = pitfall(tutor_env, "--start-method", "spawn")
    assert [phase["outcome"] for phase in report["phases"]] == ["ok", "ok"]
    assert report["reproduced"] is False
    assert "Only fork copies a held lock" in report["finding"]


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_pitfall_on_newer_pythons_records_the_deprecation_warning(version):
    python = other_python(version)
    # The engine is stdlib only: that Python runs it straight from the source tree.
    code = (
        "from ipctutor.engine.pitfalls import PITFALLS, run_pitfall\n"
        "import json\n"
        "p = PITFALLS[('start-methods', 'fork-with-threads')]\n"
        "runs = run_pitfall(p, workers=None, delay=0, start_method=None, timeout=30, size=None,\n"
        "                   on_phase=lambda pitfall, phase, start: start())\n"
        "shown, finding = p.finding(runs)\n"
        "print(json.dumps([[r.outcome for r in runs], shown, finding['en']]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    outcomes, shown, finding = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcomes == ["timeout", "ok"] and shown is True
    assert f"Python {version} emitted the DeprecationWarning" in finding
    assert "is multi-threaded, use of fork() may lead to deadlocks in the child" in finding
    assert "DeprecationWarning" not in done.stderr  # recorded, not printed
