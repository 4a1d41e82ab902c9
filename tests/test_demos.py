"""Every demo, under every start method, through the real CLI: truthful PIDs and right results."""
from __future__ import annotations

import json

import pytest

from helpers import START_METHODS, WORKERS, children_of, run_cli, run_json

TOPICS = ("process", "queue", "pipe", "lock", "value", "manager", "pool", "shared-memory", "sync")
def check_results(topic: str, run: dict) -> None:
    results = run["results"]
    hellos = [["hello", n] for n in range(WORKERS)]
    child_pids = {p["pid"] for p in children_of(run)}
    if topic == "process":
        assert {r["pid"] for r in results} == child_pids
        assert all(r["exitcode"] == 0 for r in results)
    elif topic in ("queue", "pipe"):
        assert sorted(results) == hellos
    elif topic == "lock":
        assert len(results) == 2 * WORKERS
        for first, second in zip(results[::2], results[1::2]):  # a child's two lines stay together
            assert first.split(":")[0] == second.split(":")[0]
            assert first.endswith("first line") and second.endswith("second line")
    elif topic == "value":
        assert results["sum_of_squares"] == results["expected_sum"] == sum(n * n for n in range(WORKERS))
        assert results["squares"] == [n * n for n in range(WORKERS)]
        assert set(results["pids"]) == child_pids
        assert results["last_written"] in {float(n * n) for n in range(WORKERS)}
        assert results["last_writer"] == f"child-{int(results['last_written'] ** 0.5)}"
        assert results["seed_array"] == [-i for i in range(WORKERS)]  # the source's Array example
    elif topic == "manager":
        assert results == [[n, n * n] for n in range(WORKERS)]
        assert any(p["role"] == "manager server" for p in run["processes"])
    elif topic == "pool":
        worker_pids = {p["pid"] for p in run["processes"] if p["role"] == "pool worker"}
        assert len(worker_pids) == WORKERS
        assert [r[:2] for r in results["map"]] == [[n, n * n] for n in range(2 * WORKERS)]
        assert {r[2] for r in results["map"]} <= worker_pids
        assert [r[:2] for r in results["imap"]] == [[0, 0], [1, 1], [2, 4]]
        assert results["apply_async"][:2] == [WORKERS, WORKERS * WORKERS]
    elif topic == "shared-memory":
        assert results["squares"] == results["shareable_list"] == [n * n for n in range(WORKERS)]
        assert set(results["pids"]) == child_pids  # each child wrote its own PID into the block
        assert results["bytes"] >= WORKERS * 16
        from multiprocessing import shared_memory
        with pytest.raises(FileNotFoundError):  # the parent unlinked it: the name is gone
            shared_memory.SharedMemory(name=results["block"])
    elif topic == "sync":
        assert results["all_done"] is True and results["finished"] == WORKERS
        assert results["event_set"] is True and results["barrier_broken"] is False
        assert 1 <= results["most_inside_at_once"] <= results["room"]
        indexes = [detail["index"] for p in children_of(run) for what, detail in
                   ((r["what"], r["detail"]) for r in p["reports"]) if what == "met at the barrier"]
        assert sorted(indexes) == list(range(WORKERS))  # each child a different barrier index


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("topic", TOPICS)
def test_demo_runs_truthfully(topic, method, tutor_env):
    run = run_json(topic, method, tutor_env)
    assert run["topic"] == topic and run["start_method"] == method and run["outcome"] == "ok"
    assert run["elapsed_s"] > 0
    parent = run["parent_pid"]
    workers = children_of(run) if topic != "pool" else \
        [p for p in run["processes"] if p["role"] == "pool worker"]
    assert len(workers) == WORKERS
    pids = [p["pid"] for p in workers]
    assert len(set(pids)) == WORKERS and parent not in pids
    ppids = {p["ppid"] for p in workers}
    if method == "forkserver":
        # each child's parent is the fork server, one process that is not the tutor
        assert len(ppids) == 1 and parent not in ppids and None not in ppids
    else:
        assert ppids == {parent}
    for p in children_of(run):
        assert p["exitcode"] == 0 and p["state"] == "exited"
    check_results(topic, run)


def test_json_has_the_documented_fields(tutor_env):
    run = run_json("pipe", "fork", tutor_env)
    for key in ("topic", "start_method", "parent_pid", "processes", "results", "elapsed_s"):
        assert key in run
    for process in run["processes"]:
        assert {"pid", "ppid", "exitcode"} <= process.keys()


def test_default_start_method_is_the_platforms(tutor_env):
    import multiprocessing

    proc = run_cli("run", "queue", "-n", "2", "--delay", "0", "--json", env=tutor_env)
    run = json.loads(proc.stdout)
    assert run["start_method"] == multiprocessing.get_all_start_methods()[0]
    assert run["default_start_method"] == run["start_method"]


def test_256_workers_complete(tutor_env):
    proc = run_cli("run", "pipe", "--workers", "256", "--delay", "0", "--json", env=tutor_env,
                   timeout=170)
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    assert len({p["pid"] for p in children_of(run)}) == 256
    assert sorted(run["results"]) == [["hello", n] for n in range(256)]


def test_shared_memory_spelt_as_the_module_is_the_same_topic(tutor_env):
    run = run_json("shared_memory", "fork", tutor_env)
    assert run["topic"] == "shared-memory" and run["outcome"] == "ok"
    shown = run_cli("show", "Shared_Memory", env=tutor_env)
    assert shown.returncode == 0 and "shared_memory_demo.py" in shown.stdout


def test_sync_a_child_that_never_reaches_the_barrier_keeps_the_others_waiting(tutor_env):
    proc = run_cli("run", "sync", "-n", "3", "--delay", "0", "--fail", "1", "--timeout", "2",
                   "--json", env=tutor_env)
    assert proc.returncode == 124, proc.stderr  # the watchdog, not the barrier, ends it
    run = json.loads(proc.stdout)
    states = {p["name"]: p["state"] for p in children_of(run)}
    assert states == {"child-0": "stopped", "child-1": "failed", "child-2": "stopped"}
