"""A demo's processes import only what the demo needs: never Typer, Rich, questionary or YAML,
nor anything of the tutor's.

The demo runs as its own script under the observer; under spawn and forkserver every child starts
a fresh interpreter that imports the script again. A sitecustomize on PYTHONPATH (loaded after
the observer's, which chains to it) records each process's sys.modules as it exits.
"""

from __future__ import annotations

import json

import pytest

from helpers import run_cli

RECORDER = r"""
import os, sys

def _record(*_):
    # may run inside a signal handler, mid-import: import nothing here
    mp = sys.modules.get("multiprocessing")
    name = mp.current_process().name if mp and hasattr(mp, "current_process") else "?"
    out = os.path.join(os.environ["IPCTUTOR_MODULES_DIR"], f"{os.getpid()}.txt")
    with open(out + ".part", "w") as f:  # whole or not at all: a pool worker may be killed mid-write
        f.write("\n".join([name, *sorted(sys.modules)]))
    os.replace(out + ".part", out)

import atexit
atexit.register(_record)          # spawned children end through sys.exit
_os_exit = os._exit
def _exit_recording(code):        # forked ones (forkserver's) end through os._exit
    _record()
    _os_exit(code)
os._exit = _exit_recording

# Pool workers end by terminate(): SIGTERM. A Python handler for it runs only when the worker's
# main thread next runs Python, and a worker waiting for the queue's lock (held by a worker that
# was killed holding it) never does: the pool then waits for it forever. So a pool worker records
# once its initializer has run (it imports nothing later: its tasks are the demo's own functions),
# and SIGTERM keeps its default. Importing multiprocessing.pool here adds only the standard library.
import multiprocessing.pool as _pool
_worker = _pool.worker
def worker(inqueue, outqueue, initializer=None, initargs=(), *rest, **kwargs):
    def initialized(*args):
        _record()  # before the initializer, which may print (the pool demo's does): a worker
        if initializer is not None:  # stopped right after printing has its record all the same
            initializer(*args)
        _record()  # and what the initializer imported
    return _worker(inqueue, outqueue, initialized, initargs, *rest, **kwargs)
worker.__module__, worker.__qualname__ = _pool.__name__, "worker"  # pickled by name, as before
_pool.worker = worker
"""

FORBIDDEN = ("typer", "rich", "questionary", "yaml", "pydantic", "prompt_toolkit", "click")


# Not `cluster`: its workers are Dask's, and Dask imports click, among much else, in every worker;
# the demo module itself imports only the standard library (tests/test_layers.py checks that).
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
@pytest.mark.parametrize(
    "topic",
    [
        "pipe",
        "queue",
        "value",
        "pool",
        "manager",
        "shared-memory",
        "sync",
        "joinablequeue",
        "connection",
        "futures",
        "start-methods",
        "logging",
    ],
)
def test_children_import_no_cli_libraries(topic, method, tmp_path, tutor_env):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(RECORDER)
    records = tmp_path / "modules"
    records.mkdir()
    env = dict(tutor_env, PYTHONPATH=str(site), IPCTUTOR_MODULES_DIR=str(records))
    proc = run_cli(
        "run", topic, "-n", "2", "--delay", "0", "--start-method", method, "--json", env=env
    )
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    # Every child, and every pool worker that took a task: a worker that pool.terminate() stops
    # while it is still starting up may end before it can record anything.
    children = {
        p["pid"]
        for p in run["processes"]
        if p["role"] == "child"
        or (p["role"] in ("pool worker", "executor worker") and p["printed"])
    }
    assert children
    seen = {}
    for path in records.glob("*.txt"):
        name, *modules = path.read_text().splitlines()
        seen[int(path.stem)] = {"name": name, "modules": modules}
    assert children <= seen.keys(), "every child's modules were recorded"
    children |= {p["pid"] for p in run["processes"] if p["pid"] in seen}  # and check all recorded
    assert (
        run["parent_pid"] in seen and "multiprocessing" in seen[run["parent_pid"]]["modules"]
    )  # it works
    children.add(run["parent_pid"])  # the demo's own parent is a plain script too
    for pid in children:
        modules = seen[pid]["modules"]
        heavy = sorted(m for m in modules if m.split(".")[0] in FORBIDDEN)
        assert heavy == [], f"{seen[pid]['name']} imported {heavy[:5]}"
        assert not [m for m in modules if m.split(".")[0] == "ipctutor"], seen[pid]["name"]
