"""The futures demo and its two pitfalls, through the real CLI.

Truthful PIDs under every start method (the executor's workers, the parent's or the fork server's
children), the order as_completed() gives next to the order of submission, --fail shown as one
Future's exception, and each pitfall's broken and fixed runs: a dead worker breaking the executor,
and the same death leaving Pool waiting until the watchdog.
"""

from __future__ import annotations

import ast
import json

import pytest

from helpers import START_METHODS, WORKERS, printed, run_cli, run_json, said, wait_all_gone


def workers_of(run: dict) -> list[dict]:
    return [p for p in run["processes"] if p["role"] == "executor worker"]


@pytest.mark.parametrize("method", START_METHODS)
def test_every_task_runs_on_a_reused_executor_worker(method, tutor_env):
    run = run_json("futures", method, tutor_env)
    assert run["outcome"] == "ok" and run["start_method"] == method
    workers = workers_of(run)
    assert [p for p in run["processes"] if p["role"] != "executor worker"] == []  # nothing else
    prefix = {"fork": "ForkProcess-", "spawn": "SpawnProcess-", "forkserver": "ForkServerProcess-"}[
        method
    ]
    assert all(p["name"].startswith(prefix) for p in workers)
    assert 1 <= len(workers) <= WORKERS and (method != "fork" or len(workers) == WORKERS)
    pids = {p["pid"] for p in workers}
    assert len(pids) == len(workers) and run["parent_pid"] not in pids
    ppids = {p["ppid"] for p in workers}
    if method == "forkserver":
        assert len(ppids) == 1 and run["parent_pid"] not in ppids and None not in ppids
    else:
        assert ppids == {run["parent_pid"]}
    assert all(p["exitcode"] == 0 and p["state"] == "exited" for p in workers)
    said = run["parent"]["printed"]
    count = 2 * WORKERS
    assert said[-2] == f"submitted: {list(range(count))}"
    assert sorted(ast.literal_eval(said[-1].split(": ", 1)[1])) == list(range(count))  # completed
    results = sorted(run["results"])  # what each Future.result() returned in the parent
    assert [r[0] for r in results] == list(range(count))
    assert {r[2] for r in results} <= pids  # real PIDs
    assert len({r[2] for r in results}) <= WORKERS < count  # reused: more tasks than workers
    submitted = [o["data"] for o in run["parent"]["ops"] if o["op"] == "Executor.submit"]
    assert len(submitted) == count and all(d.startswith("task(") for d in submitted)
    ran = {}
    for p in workers:  # the worker that says it ran a task is the one whose PID the result names
        for line in p["printed"]:
            if " ran task " in line:
                ran[int(line.split(" ran task ")[1].split(",")[0])] = p["pid"]
    assert ran == {r[0]: r[2] for r in results}


def test_as_completed_yields_the_quickest_first(tutor_env):
    # pauses 1.2, 0.6, 0, 1.2, 0.6, 0, 1.2, 0.6 s; under fork all four workers start at once
    proc = run_cli(
        "run",
        "futures",
        "--workers",
        "4",
        "--delay",
        "1.2",
        "--start-method",
        "fork",
        "--json",
        env=tutor_env,
    )
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    assert [r[1] for r in sorted(run["results"])] == [1.2, 0.6, 0.0] * 2 + [1.2, 0.6]
    completed = ast.literal_eval(run["parent"]["printed"][-1].split(": ", 1)[1])
    assert completed[0] == 2 and completed != list(range(8))
    assert completed.index(2) < completed.index(1) < completed.index(0)
    assert [r[0] for r in run["results"]] == completed  # the order the parent got the results in


def test_fail_makes_one_future_carry_the_exception(tutor_env):
    run = run_json("futures", "fork", tutor_env, "--fail", "1")
    assert run["outcome"] == "ok"  # no process failed: the task raised, its worker went on
    assert (
        "parent: task 1: RuntimeError('task 1 was told to fail (--fail 1)')"
        in run["parent"]["printed"]
    )
    assert 1 not in [
        r[0] for r in run["results"]
    ]  # its result() was never called: exception() said
    assert all(isinstance(r[2], int) for r in run["results"])
    assert all(p["exitcode"] == 0 for p in workers_of(run))


def test_repeat_counts_the_completion_orders(tutor_env):
    proc = run_cli(
        "run", "futures", "-n", "2", "--delay", "0", "--repeat", "2", "--json", env=tutor_env
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["outcomes"] == {"ok": 2}
    for key in report["counts"]:
        assert sorted(map(int, key.split())) == [0, 1, 2, 3]


def pitfall(name: str, env: dict, *extra: str) -> dict:
    proc = run_cli("run", "futures", "--pitfall", name, "--json", *extra, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "futures" and report["pitfall"] == name
    return report


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_dead_worker_breaks_the_executor_and_raising_does_not(method, tutor_env):
    report = pitfall("worker-dies", tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    futures = r"futures: (\d+) returned, (\d+) BrokenProcessPool, (\d+) RuntimeError, of (\d+) \(task (\d+) the \w+ one\)"
    got = said(broken, futures)
    returned, failed, raised, count, deadly = (int(n) for n in got.groups())
    assert (deadly, count) == (4, 8)
    assert (
        failed >= count - deadly and returned + failed == count and raised == 0
    )  # none after it finished
    said(broken, r"one more task: BrokenProcessPool: A child process terminated abruptly.*")
    codes = sorted(p["exitcode"] for p in broken["processes"] if p["role"] == "executor worker")
    assert codes == [-15, -15, -15, 1]  # the one that died; the executor terminated the rest
    assert broken["stopped"] == []  # not the tutor
    said(
        fixed,
        r"futures: 7 returned, 0 BrokenProcessPool, 1 RuntimeError, of 8 \(task 4 the failing one\)",
    )
    assert said(fixed, r"one more task: accepted, \[(\d+), \d+\]")[1] == "8"
    assert fixed["outcome"] == "ok"
    assert all(p["exitcode"] == 0 for p in fixed["processes"] if p["role"] == "executor worker")
    assert report["reproduced"] is True
    assert f"{failed} of {count} futures failed with BrokenProcessPool" in report["finding"]
    assert "submit() then raised BrokenProcessPool" in report["finding"]
    pids = [p["pid"] for phase in report["phases"] for p in phase["processes"]]
    assert wait_all_gone(pids) == []


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_same_death_leaves_pool_waiting_until_the_watchdog(method, tutor_env):
    report = pitfall("pool-hangs", tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    assert (
        broken["outcome"] == "timeout" and 3.5 < broken["elapsed_s"] < 20
    )  # its own 4 s watchdog, not the 30 s one
    workers = [p for p in broken["processes"] if p["role"] == "pool worker"]
    assert len(workers) == 5  # four places, and one replacement for the worker that died
    assert [p["exitcode"] for p in workers].count(1) == 1
    assert len(printed(broken, r"worker: pid \d+ task 4: os\._exit\(1\)")) == 1
    assert fixed["outcome"] == "ok"
    said(fixed, r"starmap\(\) raised RuntimeError: task 4 went wrong")
    assert all(p["exitcode"] in (0, -15) for p in fixed["processes"])  # no worker died by itself
    assert report["reproduced"] is True
    assert "the lost task was never run again" in report["finding"]
    pids = [p["pid"] for phase in report["phases"] for p in phase["processes"]]
    assert wait_all_gone(pids) == []
