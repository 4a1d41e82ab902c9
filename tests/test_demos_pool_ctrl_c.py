"""The pool's Ctrl-C pitfall through the real CLI: the script sends SIGINT to its own process group
(the tutor runs it in a session of its own), the parent and the workers get it and the tutor does
not; with the initializer's SIG_IGN only the parent raises, and nothing is left running."""

from __future__ import annotations

import json
import os

import pytest

from helpers import START_METHODS, printed, run_cli, said

STARTED = r"worker: pid (\d+) task (\d) started"


def pitfall(env: dict, method: str) -> dict:
    proc = run_cli(
        "run", "pool", "--pitfall", "ctrl-c", "--start-method", method, "--json", env=env
    )
    assert proc.returncode == 0, proc.stderr  # the tutor itself was not interrupted
    report = json.loads(proc.stdout)
    assert report["topic"] == "pool" and report["pitfall"] == "ctrl-c"
    return report


@pytest.mark.parametrize("method", START_METHODS)
def test_ctrl_c_reaches_every_worker_and_the_initializer_leaves_it_to_the_parent(method, tutor_env):
    report = pitfall(tutor_env, method)
    broken, fixed = report["phases"]
    for phase in (broken, fixed):
        assert phase["start_method"] == method
        workers = [p for p in phase["processes"] if p["role"] == "pool worker"]
        busy = {int(m[1]) for m in printed(phase, STARTED)}
        # every one of the four workers was in a task; a worker dead of its KeyboardInterrupt may
        # have been replaced before terminate() (the pool's handler thread looks every 0.1 s)
        assert len(busy) == 4 and busy <= {p["pid"] for p in workers}, phase["processes"]
        assert all(p["exitcode"] is not None and p["exitcode"] != 0 for p in workers)
        for p in workers:  # nothing of the script's is left running
            with pytest.raises(ProcessLookupError):
                os.kill(p["pid"], 0)
    # broken: the parent died of KeyboardInterrupt raised in map(); the with-block terminated
    # the workers, a worker that finished its traceback first exited 1
    assert broken["outcome"] == "failed" and broken["error"].startswith("KeyboardInterrupt")
    assert broken["parent"]["ops"][-1]["op"] == "Pool.map"
    assert broken["parent"]["ops"][-1]["error"].startswith("KeyboardInterrupt")
    assert {p["exitcode"] for p in broken["processes"] if p["role"] == "pool worker"} <= {1, -15}
    assert not printed(broken, r"results: .*")
    # fixed: one line from the parent, every worker ended by terminate() (SIGTERM), none raised
    assert fixed["outcome"] == "ok"
    said(fixed, r"parent: Ctrl-C, pool terminated, 4 tasks cancelled")
    fixed_workers = [p for p in fixed["processes"] if p["role"] == "pool worker"]
    assert [p["exitcode"] for p in fixed_workers] == [-15] * 4
    assert all(p["error"] is None for p in fixed_workers)
    assert not printed(fixed, r"(Process \w+:|KeyboardInterrupt|Traceback .*)")
    assert report["reproduced"] is True
    # exit code -2: Python ends a script whose KeyboardInterrupt nobody caught by SIGINT, watched
    # or not (the observer's excepthook imports nothing then: test_observer.py)
    assert (
        "the parent raised KeyboardInterrupt in map() and exited with code -2;" in report["finding"]
    )
    assert report["finding"].endswith("(4 tasks cancelled).")
