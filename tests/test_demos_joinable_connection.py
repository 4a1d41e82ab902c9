"""The joinablequeue and connection demos and pitfalls, through the real CLI and as shown scripts.

Kept apart from test_demos.py and test_standalone.py (whose topic lists other lessons extend) so
these two lessons carry their own checks: truthful PIDs under every start method, the results each
demo promises, the script `ipctutor show` prints running under plain python, and each pitfall
hanging under its watchdog, then fixed.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import (
    START_METHODS,
    WORKERS,
    check_pids,
    children_of,
    run_cli,
    run_json,
    wait_all_gone,
)

TOPICS = ("joinablequeue", "connection")


@pytest.mark.parametrize("method", START_METHODS)
def test_joinablequeue_every_task_done_by_a_worker(method, tutor_env):
    run = run_json("joinablequeue", method, tutor_env)
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    results = run["results"]
    assert [r[:2] for r in results] == [[n, n * n] for n in range(2 * WORKERS)]
    assert {r[2] for r in results} <= {p["pid"] for p in children_of(run)}  # real worker PIDs
    tasks = [r["detail"] for p in children_of(run) for r in p["reports"] if r["what"] == "task"]
    assert len(tasks) == 2 * WORKERS  # each task reported once, by the worker that did it


@pytest.mark.parametrize("method", START_METHODS)
def test_connection_every_child_dials_in_and_is_served(method, tutor_env):
    run = run_json("connection", method, tutor_env)
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    assert sorted(run["results"]) == [["hello", n] for n in range(WORKERS)]
    sent = sorted(r["detail"] for p in children_of(run) for r in p["reports"] if r["what"] == "sent")
    assert sent == sorted(run["results"])  # what the children say they sent is what arrived


def test_connection_quick_children_are_served_first(tutor_env):
    # child n pauses delay * (n % 3) / 2: with 0.6 s steps, 0 and 3 come before 1, and 1 before 2
    proc = run_cli("run", "connection", "--workers", "4", "--delay", "1.2", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    order = [message[1] for message in json.loads(proc.stdout)["results"]]
    assert sorted(order[:2]) == [0, 3] and order[2:] == [1, 2]


@pytest.mark.parametrize("topic", TOPICS)
def test_shown_script_runs_on_its_own(topic, tmp_path, tutor_env):
    shown = run_cli("show", topic, env=tutor_env)
    assert shown.returncode == 0, shown.stderr
    assert "from ipctutor" not in shown.stdout and "import ipctutor" not in shown.stdout
    path = tmp_path / f"ipc_{topic}.py"
    path.write_text(shown.stdout)
    for method in START_METHODS:
        done = subprocess.run([sys.executable, "-I", str(path), "--workers", "3", "--delay", "0",
                               "--start-method", method], capture_output=True, text=True,
                              timeout=60, cwd=tmp_path)
        assert done.returncode == 0, f"{method}: {done.stderr}"
        assert f"start method={method}" in done.stdout and "parent got:" in done.stdout
        assert done.stdout.count("  running") == 3
        got = done.stdout.split("parent got:", 1)[1].split()
        assert len([w for w in got if w.startswith("[")]) == (6 if topic == "joinablequeue" else 3)


def pitfall(topic: str, name: str, env: dict, *extra: str) -> dict:
    proc = run_cli("run", topic, "--pitfall", name, "--json", *extra, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == topic and report["pitfall"] == name
    return report


def test_forgotten_task_done_hangs_until_the_watchdog_then_finally_fixes_it(tutor_env):
    report = pitfall("joinablequeue", "forgotten-task-done", tutor_env)
    broken, fixed = report["phases"]
    assert broken["outcome"] == "timeout" and broken["elapsed_s"] < 20  # its own 4 s watchdog, not the 30 s one
    assert sorted(broken["stopped"]) == [f"child-{n}" for n in range(4)]  # waiting in get()
    failed = [r["detail"] for p in broken["processes"] for r in p["reports"] if r["what"] == "task failed"]
    worked = [r["detail"] for p in broken["processes"] for r in p["reports"] if r["what"] == "task"]
    assert sorted(failed) == [4, 9] and sorted(failed + worked) == list(range(12))
    assert fixed["outcome"] == "ok" and fixed["results"] == {"tasks": 12, "ok": 10, "failed": [4, 9]}
    assert report["reproduced"] is True
    assert "10 task_done() calls for 12 tasks" in report["finding"]
    pids = [p["pid"] for phase in report["phases"] for p in phase["processes"] if p["role"] == "child"]
    assert wait_all_gone(pids) == []


def test_forgotten_task_done_without_a_failing_task_does_not_hang(tutor_env):
    report = pitfall("joinablequeue", "forgotten-task-done", tutor_env, "--size", "4")
    assert report["phases"][0]["outcome"] == "ok" and report["reproduced"] is False
    assert "--size" in report["finding"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_kept_end_waits_for_eof_forever_and_closing_fixes_it(method, tutor_env):
    report = pitfall("connection", "kept-end", tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    assert broken["outcome"] == "timeout" and broken["elapsed_s"] < 20  # its own 4 s watchdog, not the 30 s one
    sent = sorted(r["detail"] for p in broken["processes"] for r in p["reports"] if r["what"] == "sent")
    assert sent == [["hello", n] for n in range(4)]
    assert all(p["exitcode"] == 0 for p in broken["processes"] if p["role"] == "child")
    assert broken["stopped"] == []  # the children had all exited: only the parent was waiting
    assert fixed["outcome"] == "ok" and fixed["results"] == {"messages": 4, "eofs": 4}
    assert report["reproduced"] is True
    assert "received 4 of 4 messages" in report["finding"]  # every message arrived before the hang
    assert "4 of the 4 children had already exited" in report["finding"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_wrong_key_stops_an_unguarded_server_and_a_guarded_one_goes_on(method, tutor_env):
    report = pitfall("connection", "wrong-key", tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    assert broken["outcome"] == "failed"
    assert broken["error"] == "AuthenticationError: digest received was wrong"
    assert not any(r["what"] == "sent" for p in broken["processes"] for r in p["reports"])
    assert fixed["outcome"] == "ok" and fixed["results"] == {"served": 3, "refused": 1}
    # (in the broken run the tutor may stop child-1 before it reports; the fixed run waits for it)
    refused = {p["name"]: r["detail"] for p in fixed["processes"] for r in p["reports"]
               if r["what"] == "refused"}
    assert refused == {"child-1": "digest sent was rejected"}  # the caller learns it too
    assert report["reproduced"] is True
    assert "child-0, child-2, child-3, with the right key, were never served" in report["finding"]
