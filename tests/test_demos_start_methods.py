"""The start-methods demo and its fork-with-threads pitfall, through the real CLI and as a shown script.

Kept apart from test_demos.py (whose topic list other lessons extend): truthful PIDs and PPIDs
under every start method, what each child really saw (its main module, a global the parent set at
run time), the script `ipctutor show start-methods` prints, `compare start-methods`, and the
pitfall hanging under fork until its watchdog stops it, then working under spawn, on this Python
and on 3.12 and 3.13 (pyenv), where fork also emits its DeprecationWarning.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.parametrize("method", START_METHODS)
def test_each_child_reports_what_it_really_got(method, tutor_env):
    run = run_json("start-methods", method, tutor_env)  # python -m ipctutor run ...
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    results = run["results"]
    assert [r["n"] for r in results] == list(range(WORKERS))
    by_pid = {p["pid"]: p for p in children_of(run)}
    assert {r["pid"] for r in results} == set(by_pid)  # what the children said is who they are
    assert all(r["ppid"] == by_pid[r["pid"]]["ppid"] for r in results)
    assert all(r["sees_global"] is (method == "fork") for r in results)
    assert all(r["after_ms"] > 0 for r in results)
    if method == "fork":  # a copy of the parent: its own __main__, ipctutor/__main__.py
        assert {(r["main"], r["file"]) for r in results} == {("__main__", "__main__.py")}
    else:  # started with -m: no script to re-run; the child's main is multiprocessing's own
        assert {(r["main"], r["file"]) for r in results} == {("__main__", None)}
    began = [r["detail"] for p in children_of(run) for r in p["reports"] if r["what"] == "began"]
    assert len(began) == WORKERS and all(b["sees_global"] is (method == "fork") for b in began)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_started_from_a_script_the_child_runs_it_again_as_mp_main(method, tutor_env):
    command = Path(sys.executable).parent / "ipctutor"  # the console script the venv installs
    if not command.exists():
        pytest.skip("no ipctutor console script beside this interpreter")
    proc = subprocess.run([str(command), "run", "start-methods", "-n", "2", "--delay", "0",
                           "--start-method", method, "--json"], capture_output=True, text=True,
                          env=tutor_env, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)["results"]
    assert {(r["main"], r["file"]) for r in results} == {("__mp_main__", "ipctutor")}


def test_shown_script_children_see_mp_main_and_no_run_time_global(tmp_path, tutor_env):
    shown = run_cli("show", "start-methods", env=tutor_env)
    assert shown.returncode == 0, shown.stderr
    path = tmp_path / "ipc_start_methods.py"
    path.write_text(shown.stdout)
    for method in START_METHODS:
        done = subprocess.run([sys.executable, "-I", str(path), "--workers", "3", "--delay", "0",
                               "--start-method", method], capture_output=True, text=True,
                              timeout=60, cwd=tmp_path)
        assert done.returncode == 0, f"{method}: {done.stderr}"
        parent_pid = int(done.stdout.split("parent pid=", 1)[1].split()[0])
        got = [ast.literal_eval(line.strip()) for line in done.stdout.split("parent got:", 1)[1].splitlines()
               if line.strip()]
        assert [r["n"] for r in got] == [0, 1, 2]
        assert {r["file"] for r in got} == {path.name}
        assert {r["main"] for r in got} == {"__main__" if method == "fork" else "__mp_main__"}
        assert {r["sees_global"] for r in got} == {method == "fork"}
        ppids = {r["ppid"] for r in got}
        assert (ppids == {parent_pid}) is (method != "forkserver") and len(ppids) == 1


def test_compare_runs_this_demo_under_all_three(tutor_env):
    proc = run_cli("compare", "start-methods", "--workers", "2", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    runs = json.loads(proc.stdout)["runs"]
    assert [(r["start_method"], r["outcome"]) for r in runs] == [(m, "ok") for m in START_METHODS]
    assert [p["is"] for p in runs[2]["ppids"]] == ["fork server"]


def test_repeat_counts_the_order_the_children_began_in(tutor_env):
    proc = run_cli("run", "start-methods", "--repeat", "2", "-n", "3", "--delay", "0", "--plain",
                   env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    orders = [line.split(":", 1)[1].split() for line in proc.stdout.splitlines() if line.startswith("run ")]
    assert len(orders) == 2 and all(sorted(order) == ["0", "1", "2"] for order in orders)


# ------------------------------------------------------------------ the pitfall

def pitfall(env: dict, *extra: str) -> dict:
    proc = run_cli("run", "start-methods", "--pitfall", "fork-with-threads", "--json", *extra,
                   env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "start-methods" and report["pitfall"] == "fork-with-threads"
    return report


def said(phase: dict, what: str) -> list:
    """What the children reported under `what`, or else what the parent did (its marks)."""
    children = [r["detail"] for p in phase["processes"] for r in p["reports"] if r["what"] == what]
    return children or [m.get("detail") for m in phase["parent_marks"] if m["what"] == what]


def test_fork_with_a_held_lock_hangs_until_the_watchdog_and_spawn_fixes_it(tutor_env):
    report = pitfall(tutor_env)
    broken, fixed = report["phases"]
    assert broken["start_method"] == "fork" and fixed["start_method"] == "spawn"
    assert broken["outcome"] == "timeout" and 3.5 < broken["elapsed_s"] < 20  # its own 4 s watchdog, not the 30 s one
    assert sorted(broken["stopped"]) == [f"child-{n}" for n in range(4)]
    assert len(said(broken, "waiting for the lock")) == 4 and said(broken, "got the lock") == []
    assert said(broken, "lock released")  # in the parent the thread did let it go
    started = said(broken, "started children")[0]
    assert started["while the lock was held"] is True
    warned = started["fork warning"]  # 3.12 and newer warn about forking a multi-threaded process
    assert warned is None if sys.version_info < (3, 12) else "is multi-threaded" in warned, warned
    assert fixed["outcome"] == "ok" and fixed["results"] == {"children": 4, "got_the_lock": 4}
    assert len(said(fixed, "got the lock")) == 4
    assert said(fixed, "started children")[0]["while the lock was held"] is True
    assert report["reproduced"] is True
    assert "4 children waited for their copy of it, and none got it" in report["finding"]
    python = f"Python {sys.version_info[0]}.{sys.version_info[1]}"
    assert f"{python} gave no warning" in report["finding"] if sys.version_info < (3, 12) else \
        f"{python} did emit the DeprecationWarning" in report["finding"]
    pids = [p["pid"] for phase in report["phases"] for p in phase["processes"] if p["role"] == "child"]
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
    code = ("from ipctutor.engine.pitfalls import PITFALLS, run_pitfall\n"
            "import json\n"
            "p = PITFALLS[('start-methods', 'fork-with-threads')]\n"
            "runs = run_pitfall(p, workers=None, delay=0, start_method=None, timeout=30, size=None,\n"
            "                   on_phase=lambda pitfall, phase, start: start())\n"
            "shown, finding = p.finding(runs)\n"
            "print(json.dumps([[r.outcome for r in runs], shown, finding['en']]))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    outcomes, shown, finding = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcomes == ["timeout", "ok"] and shown is True
    assert f"Python {version} did emit the DeprecationWarning" in finding
    assert "is multi-threaded, use of fork() may lead to deadlocks in the child" in finding
    assert "DeprecationWarning" not in done.stderr  # recorded, not printed
