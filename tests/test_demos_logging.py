"""The logging demo and its pitfall, through the real CLI: every worker's records written by the
parent's listener with the worker's own name and PID, and records that vanish under spawn."""

from __future__ import annotations

import json
import re

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
)

RECORD = r"child-(\d+) pid (\d+): INFO child (\d+): (started|done, .*)"


@pytest.mark.parametrize("method", START_METHODS)
def test_logging_every_record_written_by_the_parent_with_the_workers_pid(method, tutor_env):
    run = run_json("logging", method, tutor_env)
    assert run["outcome"] == "ok" and run["start_method"] == method
    check_pids(run, method)
    records = printed(run, RECORD, parent_only=True)  # the listener thread is in the parent
    workers = {p["name"]: p["pid"] for p in children_of(run)}
    assert sorted(f"child-{m[1]}" for m in records) == sorted(2 * list(workers))
    assert all(int(m[2]) == workers[f"child-{m[1]}"] and m[1] == m[3] for m in records)
    assert all(not p["printed"] for p in children_of(run))  # no worker wrote a line itself
    said(run, rf"parent: {WORKERS} workers joined, listener stopped")


def pitfall(env: dict, *extra: str) -> dict:
    proc = run_cli("run", "logging", "--pitfall", "spawn-config", "--json", *extra, env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "logging" and report["pitfall"] == "spawn-config"
    return report


@pytest.mark.parametrize("method", [None, "forkserver"], ids=["default", "forkserver"])
def test_spawn_config_records_vanish_and_the_listener_writes_them_all(method, tutor_env):
    report = pitfall(tutor_env, *(["--start-method", method] if method else []))
    broken, fixed = report["phases"]
    assert broken["outcome"] == "ok" and fixed["outcome"] == "ok"
    assert broken["start_method"] == fixed["start_method"] == (method or "spawn")
    bare = printed(broken, r"child \d+: pid \d+, root logger level WARNING, handlers: 0")
    assert len(bare) == 4 and printed(broken, RECORD) == []
    assert len(printed(fixed, RECORD, parent_only=True)) == 8
    assert report["reproduced"] is True
    assert "0 of the workers' 8 INFO records were written; 4 of the 4 workers" in report["finding"]
    assert report["finding"].endswith("8 of 8.")


def test_spawn_config_under_fork_works_and_says_why(tutor_env):
    report = pitfall(tutor_env, "--start-method", "fork")
    broken, _ = report["phases"]
    records = printed(broken, RECORD)
    by_writer = {
        p["name"]
        for p in broken["processes"]
        for line in p["printed"]
        if re.fullmatch(RECORD, line)
    }
    assert len(records) == 8 and by_writer == {f"child-{n}" for n in range(4)}  # each its own
    assert report["reproduced"] is False
    assert "Under fork the parent's set-up reached the workers: 8 of 8" in report["finding"]


def test_an_uncaught_exception_is_no_record_and_the_others_are_all_written(tutor_env):
    """--fail 1: the worker's traceback goes to its own stderr, not through logging; the listener
    writes every other worker's records all the same."""
    proc = run_cli(
        "run", "logging", "-n", "3", "--delay", "0", "--fail", "1", "--start-method", "spawn",
        "--json", env=tutor_env,
    )  # fmt: skip
    run = json.loads(proc.stdout)
    assert run["outcome"] == "failed"
    rows = {p["name"]: p for p in children_of(run)}
    assert rows["child-1"]["exitcode"] == 1
    assert "RuntimeError: child 1 was told to fail (--fail 1)" in rows["child-1"]["printed"]
    records = printed(run, RECORD, parent_only=True)
    assert sorted(m[1] for m in records) == ["0", "0", "2", "2"]  # none from child 1
    assert not [line for line in run["parent"]["printed"] if "RuntimeError" in line]
    said(run, r"parent: 3 workers joined, listener stopped")


@pytest.mark.parametrize(
    "lang, title", [("en", "What the parent printed"), ("zh", "父进程打印的内容")]
)
def test_in_a_terminal_the_records_are_shown_where_results_would_be(lang, title, tutor_env):
    """The demo's Queue traffic is logging's own (QueueHandler, QueueListener), so the parent gets
    no result to show: the final screen shows what it printed instead, the records among it."""
    import pexpect

    from helpers import shown, spawn

    child = spawn(
        "--lang", lang, "run", "logging", "-n", "2", "--delay", "0", env=tutor_env, size=(60, 80)
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = shown(child)
    assert child.exitstatus == 0, screen
    after = screen[screen.index(title) :]
    pids = re.findall(r"child-(\d) pid (\d+): INFO child \1: started", after)
    assert sorted(n for n, _ in pids) == ["0", "1"], screen
    assert "parent: 2 workers joined, listener stopped" in after, screen
    assert "parent: pid" not in after  # its first line: what the table shows already
