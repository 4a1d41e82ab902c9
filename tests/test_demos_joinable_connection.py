"""The joinablequeue and connection demos and pitfalls, through the real CLI and as shown scripts.

Kept apart from test_demos.py and test_standalone.py (whose topic lists other lessons extend) so
these two lessons carry their own checks: truthful PIDs under every start method, the results each
demo promises, the script `ipctutor show` prints running under plain python, and each pitfall
hanging under its watchdog, then fixed.
"""

from __future__ import annotations

import json

import pytest

from helpers import (
    START_METHODS,
    WORKERS,
    check_pids,
    children_of,
    printed,
    run_cli,
    run_json,
    said,
    wait_all_gone,
)

TOPICS = ("joinablequeue", "connection")


@pytest.mark.parametrize("method", START_METHODS)
def test_joinablequeue_every_task_done_by_a_worker(method, tutor_env):
    run = run_json("joinablequeue", method, tutor_env)
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    results = sorted(run["results"])  # what the parent got from the results queue, as they came
    assert [r[:2] for r in results] == [[n, n * n] for n in range(2 * WORKERS)]
    assert {r[2] for r in results} <= {p["pid"] for p in children_of(run)}  # real worker PIDs
    for child in children_of(run):  # each task taken, answered and marked done by one worker
        ops = [o for o in child["ops"] if o["op"] in ("JoinableQueue.get", "SimpleQueue.put")]
        taken = [
            int(o["data"]) for o in ops if o["op"] == "JoinableQueue.get" and o["data"] is not None
        ]
        answered = [json.loads(o["data"]) for o in ops if o["op"] == "SimpleQueue.put"]
        assert [a[0] for a in answered] == taken and all(a[2] == child["pid"] for a in answered)
        assert (
            sum(o["op"] == "JoinableQueue.task_done" for o in child["ops"]) == len(taken) + 1
        )  # + None
    puts = [o["data"] for o in run["parent"]["ops"] if o["op"] == "JoinableQueue.put"]
    assert sorted(int(d) for d in puts if d != "None") == list(range(2 * WORKERS))
    assert puts.count("None") == WORKERS  # one "no more work" for each worker


@pytest.mark.parametrize("method", START_METHODS)
def test_connection_every_child_dials_in_and_is_served(method, tutor_env):
    run = run_json("connection", method, tutor_env)
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    assert sorted(run["results"]) == [["hello", n] for n in range(WORKERS)]
    sent = sorted(
        json.loads(o["data"].replace("'", '"'))
        for p in children_of(run)
        for o in p["ops"]
        if o["op"] == "Connection.send"
    )
    assert sent == sorted(run["results"])  # what the children sent is what arrived


def test_connection_quick_children_are_served_first(tutor_env):
    # child n pauses delay * (n % 3) / 2: with 0.6 s steps, 0 and 3 come before 1, and 1 before 2
    proc = run_cli("run", "connection", "--workers", "4", "--delay", "1.2", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    order = [message[1] for message in json.loads(proc.stdout)["results"]]
    assert sorted(order[:2]) == [0, 3] and order[2:] == [1, 2]


def pitfall(topic: str, name: str, env: dict, *extra: str) -> dict:
    proc = run_cli("run", topic, "--pitfall", name, "--json", *extra, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == topic and report["pitfall"] == name
    return report


def test_forgotten_task_done_hangs_until_the_watchdog_then_finally_fixes_it(tutor_env):
    report = pitfall("joinablequeue", "forgotten-task-done", tutor_env)
    broken, fixed = report["phases"]
    assert (
        broken["outcome"] == "timeout" and broken["elapsed_s"] < 20
    )  # its own 4 s watchdog, not the 30 s one
    assert sorted(broken["stopped"]) == [f"child-{n}" for n in range(4)]  # waiting in get()
    failed = [int(m[1]) for m in printed(broken, r"child \d+: pid \d+ task (\d+) failed: .*")]
    worked = [int(m[1]) for m in printed(broken, r"child \d+: pid \d+ task (\d+) done: \d+")]
    assert sorted(failed) == [4, 9] and sorted(failed + worked) == list(range(12))
    assert fixed["outcome"] == "ok"
    said(fixed, r"parent: join\(\) returned, all 12 tasks are over")
    assert sorted(
        int(m[1]) for m in printed(fixed, r"child \d+: pid \d+ task (\d+) failed: .*")
    ) == [4, 9]
    assert report["reproduced"] is True
    assert "10 task_done() calls for 12 tasks" in report["finding"]
    pids = [
        p["pid"] for phase in report["phases"] for p in phase["processes"] if p["role"] == "child"
    ]
    assert wait_all_gone(pids) == []


def test_forgotten_task_done_without_a_failing_task_does_not_hang(tutor_env):
    report = pitfall("joinablequeue", "forgotten-task-done", tutor_env, "--size", "4")
    assert report["phases"][0]["outcome"] == "ok" and report["reproduced"] is False
    assert "--size" in report["finding"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_kept_end_waits_for_eof_forever_and_closing_fixes_it(method, tutor_env):
    report = pitfall("connection", "kept-end", tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    assert broken["outcome"] == "timeout" and broken["elapsed_s"] < 10
    got = sorted(int(m[1]) for m in printed(broken, r"parent: got \['hello', (\d+)\]"))
    assert got == list(range(4))
    assert all(p["exitcode"] == 0 for p in broken["processes"] if p["role"] == "child")
    assert broken["stopped"] == []  # the children had all exited: only the parent was waiting
    assert fixed["outcome"] == "ok"
    said(fixed, r"messages: 4, EOFs: 4")
    assert report["reproduced"] is True
    assert "received 4 of 4 messages" in report["finding"]  # every message arrived before the hang
    assert "4 of the 4 children had already exited" in report["finding"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_wrong_key_stops_an_unguarded_server_and_a_guarded_one_goes_on(method, tutor_env):
    report = pitfall("connection", "wrong-key", tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    assert broken["outcome"] == "failed"
    assert (
        broken["parent"]["traceback"]
        .rstrip()
        .endswith("AuthenticationError: digest received was wrong")
    )
    assert not printed(broken, r"child \d+: pid \d+ sent .*")
    assert fixed["outcome"] == "ok"
    said(fixed, r"served: 3, refused: 1")
    # (in the broken run the server's end stops child-1 before it may print; the fixed run waits for it)
    refused = [m[1] for m in printed(fixed, r"child (\d+): pid \d+ was refused: (.*)")]
    assert refused == ["1"] and printed(
        fixed, r"child 1: pid \d+ was refused: digest sent was rejected"
    )
    assert report["reproduced"] is True
    assert "child-0, child-2, child-3, with the right key, were never served" in report["finding"]


@pytest.mark.parametrize("method", START_METHODS)
def test_the_callers_never_served_are_daemons_ended_with_the_server(method, tutor_env):
    """What the lesson says of them: daemons, so the server's end stops those still waiting with
    SIGTERM (-15). Under fork each holds a copy of the listening socket, so its dial is never
    refused and it waits until then; under spawn and forkserver one that dials after the Listener
    closed is refused and fails by itself first (exit code 1)."""
    broken = pitfall("connection", "wrong-key", tutor_env, "--start-method", method)["phases"][0]
    right = [p for p in broken["processes"] if p["role"] == "child" and p["name"] != "child-1"]
    assert len(right) == 3 and not printed(broken, r"child \d+: pid \d+ sent .*")
    codes = {p["exitcode"] for p in right}
    assert codes == {-15} if method == "fork" else codes <= {-15, 1}, right
