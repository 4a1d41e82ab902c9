"""Every demo, under every start method, through the real CLI: truthful PIDs and right results."""

from __future__ import annotations

import ast
import json

import pytest

from helpers import START_METHODS, WORKERS, children_of, run_cli, run_json

TOPICS = ("process", "queue", "pipe", "lock", "value", "manager", "pool", "shared-memory", "sync")


def printed_value(lines: list[str], prefix: str):
    """The Python literal after `prefix` in the one printed line that starts with it."""
    found = [line[len(prefix) :] for line in lines if line.startswith(prefix)]
    assert len(found) == 1, (prefix, lines)
    return ast.literal_eval(found[0].strip())


def check_results(topic: str, run: dict) -> None:
    """What each plain demo printed and did, as the observer saw it, against the PIDs it saw."""
    results = run["results"]
    hellos = [["hello", n] for n in range(WORKERS)]
    children = children_of(run)
    child_pids = {p["pid"] for p in children}
    said = run["parent"]["printed"]
    assert said[0] == f"parent: pid {run['parent_pid']}, start method {run['start_method']}"
    if topic == "process":
        assert {int(line.split("pid ")[1].split(",")[0]) for line in said[1:]} == child_pids
        assert all(line.endswith("exit code 0") for line in said[1:])
        for child in children:  # each says its own PID and its parent's, as the kernel has them
            n = child["name"].split("-")[1]
            assert child["printed"] == [
                f"child {n}: hello from pid {child['pid']}, my parent is pid {child['ppid']}"
            ]
    elif topic in ("queue", "pipe"):
        assert sorted(results) == hellos  # what the parent's get()/recv() returned
        op = "Queue.put" if topic == "queue" else "Connection.send"
        assert sorted(c["ops"][0]["data"] for c in children) == sorted(str(h) for h in hellos)
        assert all([o["op"] for o in c["ops"]] == [op] for c in children)
    elif topic == "lock":
        lines = said[said.index(next(line for line in said if line.startswith("the file"))) + 1 :]
        assert len(lines) == 2 * WORKERS
        for first, second in zip(lines[::2], lines[1::2]):  # a child's two lines stay together
            assert first.split(":")[0] == second.split(":")[0]
            assert first.endswith("first line") and second.endswith("second line")
        assert all(
            [o["op"] for o in c["ops"]] == ["Lock.acquire", "Lock.release"] for c in children
        )
    elif topic == "value":
        expected = sum(n * n for n in range(WORKERS))
        assert f"sum of squares: {expected} of {expected}" in said
        assert printed_value(said, "squares: ") == [n * n for n in range(WORKERS)]
        assert set(printed_value(said, "pids: ")) == child_pids
        assert printed_value(said, "seed array: ") == [
            -i for i in range(WORKERS)
        ]  # the source's Array
        assert all("Value.value=" in [o["op"] for o in c["ops"]] for c in children)
    elif topic == "manager":
        assert printed_value(said, "the dict: ") == [(n, n * n) for n in range(WORKERS)]
        assert any(p["role"] == "manager server" for p in run["processes"])
        assert sorted(c["ops"][0]["data"] for c in children) == sorted(
            str((n, n * n)) for n in range(WORKERS)
        )
    elif topic == "pool":
        worker_pids = {p["pid"] for p in run["processes"] if p["role"] == "pool worker"}
        assert len(worker_pids) == WORKERS
        mapped = printed_value(said, "map: ")
        assert [r[:2] for r in mapped] == [[n, n * n] for n in range(2 * WORKERS)]
        assert {r[2] for r in mapped} <= worker_pids  # the PIDs the tasks printed are the workers'
        assert [r[:2] for r in printed_value(said, "imap: ")] == [[0, 0], [1, 1], [2, 4]]
        assert printed_value(said, "apply_async: ")[:2] == [WORKERS, WORKERS * WORKERS]
        assert [o["op"] for o in run["parent"]["ops"]][:1] == ["Pool.map"]
    elif topic == "shared-memory":
        created = [
            o["data"].split()[0] for o in run["parent"]["ops"] if o["op"] == "SharedMemory.create"
        ]
        unlinked = [o["data"] for o in run["parent"]["ops"] if o["op"] == "SharedMemory.unlink"]
        assert created and set(created) <= set(unlinked)
        block = created[0]
        slots = printed_value(
            said, f"block {block}, {WORKERS * 16} bytes, (square, pid) per slot: "
        )
        assert [s for s, _ in slots] == [n * n for n in range(WORKERS)]
        assert {
            pid for _, pid in slots
        } == child_pids  # each child wrote its own PID into the block
        from multiprocessing import shared_memory

        with pytest.raises(FileNotFoundError):  # the parent unlinked it: the name is gone
            shared_memory.SharedMemory(name=block)
    elif topic == "sync":
        assert said[-1] == f"finished: {WORKERS} of {WORKERS}, all done: True"
        indexes = [int(o["data"]) for c in children for o in c["ops"] if o["op"] == "Barrier.wait"]
        assert sorted(indexes) == list(range(WORKERS))  # each child a different barrier index


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("topic", TOPICS)
def test_demo_runs_truthfully(topic, method, tutor_env):
    run = run_json(topic, method, tutor_env)
    assert run["topic"] == topic and run["start_method"] == method and run["outcome"] == "ok"
    assert run["elapsed_s"] > 0
    parent = run["parent_pid"]
    workers = (
        children_of(run)
        if topic != "pool"
        else [p for p in run["processes"] if p["role"] == "pool worker"]
    )
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
    proc = run_cli(
        "run", "pipe", "--workers", "256", "--delay", "0", "--json", env=tutor_env, timeout=170
    )
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    assert len({p["pid"] for p in children_of(run)}) == 256
    assert sorted(run["results"]) == [["hello", n] for n in range(256)]


def test_shared_memory_spelt_as_the_module_is_the_same_topic(tutor_env):
    run = run_json("shared_memory", "fork", tutor_env)
    assert run["topic"] == "shared-memory" and run["outcome"] == "ok"
    shown = run_cli("show", "Shared_Memory", env=tutor_env)
    from ipctutor.engine.scripts import demo_source

    assert shown.returncode == 0 and shown.stdout == demo_source("shared-memory")


def test_sync_a_child_that_never_reaches_the_barrier_keeps_the_others_waiting(tutor_env):
    proc = run_cli(
        "run",
        "sync",
        "-n",
        "3",
        "--delay",
        "0",
        "--fail",
        "1",
        "--timeout",
        "2",
        "--json",
        env=tutor_env,
    )
    assert proc.returncode == 124, proc.stderr  # the watchdog, not the barrier, ends it
    run = json.loads(proc.stdout)
    states = {p["name"]: p["state"] for p in children_of(run)}
    assert states == {"child-0": "stopped", "child-1": "failed", "child-2": "stopped"}
