"""The futures tiny-tasks pitfall through the real CLI: the same items sent one per task and in
chunks, under every start method. Judged on what was sent (the tasks each script counted: one
pickle of its function per task) and on the processes the observer saw, never on which was faster:
the times are printed for the learner and may come out in any order on a busy machine."""

from __future__ import annotations

import json

import pytest

from helpers import START_METHODS, printed, run_cli

LINE = r"(.+): (\d+) items in (\d+) tasks, ([\d.]+) s, ([\d.]+) us per item"


def counts(phase: dict) -> dict[str, tuple[int, int]]:
    """label -> (items, tasks), from the parent's own lines."""
    return {m[1]: (int(m[2]), int(m[3])) for m in printed(phase, LINE, parent_only=True)}


@pytest.mark.parametrize("method", START_METHODS)
def test_one_task_per_item_against_a_few_chunks(method, tutor_env):
    proc = run_cli(
        "run",
        "futures",
        "--pitfall",
        "tiny-tasks",
        "--start-method",
        method,
        "--json",
        env=tutor_env,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "futures" and report["pitfall"] == "tiny-tasks"
    broken, fixed = report["phases"]
    for phase in (broken, fixed):
        assert phase["outcome"] == "ok" and phase["start_method"] == method
        roles = [p["role"] for p in phase["processes"]]
        assert roles.count("executor worker") == 4 and roles.count("pool worker") == 4, roles
        # the executor's workers exit; leaving `with Pool` terminates the pool's (-15)
        assert all(p["exitcode"] in (0, -15) for p in phase["processes"]), phase["processes"]
    assert counts(broken) == {
        "for loop": (10000, 0),  # the default --size
        "executor.map": (10000, 10000),
        "Pool.imap": (10000, 10000),
    }
    assert counts(fixed) == {  # 4 workers: 10000 / 16 = 625 items a chunk, 16 chunks
        "for loop": (10000, 0),
        "executor.map chunksize=625": (10000, 16),
        "Pool.map": (10000, 16),
    }
    # the observer saw Pool.imap and Pool.map called by the script itself
    ops = [op["op"] for op in broken["parent"]["ops"]] + [op["op"] for op in fixed["parent"]["ops"]]
    assert "Pool.imap" in ops and "Pool.map" in ops
    assert report["reproduced"] is True
    assert "in 10000 tasks through executor.map and in 10000 through Pool.imap" in report["finding"]
    assert "16 tasks with executor.map's chunksize, 16 with Pool.map" in report["finding"]
