"""Claims the pool lesson's Ctrl-C screens make, run for real under every start method.

Each script puts itself in a process group of its own (as a terminal does for a command), and one
worker sends SIGINT to that whole group once every worker is in a task (a shared counter: the last worker in sends it): the terminal's
Ctrl-C, reaching the parent, every worker, the resource tracker and the fork server. No order here
depends on timing: the counter starts it, and a loop waits until the pool has reaped the workers.
"""

from __future__ import annotations

import re

import pytest

from helpers import START_METHODS, run_script as run

COMMON = """
    import multiprocessing as mp, os, signal, sys, time

    def keep(counter, ignore):
        global busy
        busy = counter
        if ignore:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def task(n):
        with busy.get_lock():
            busy.value += 1
            last = busy.value == 4
        if last:  # every worker is in a task, none holds a lock (a Barrier's could be held)
            os.killpg(os.getpgrp(), signal.SIGINT)  # the Ctrl-C: SIGINT to the whole group
        for _ in range(600):  # short steps: a SIGINT that came just before one long sleep(60)
            time.sleep(0.1)  # began was raised only when it ended (seen: 1 worker in a CI run)

    def own_group():
        import faulthandler
        faulthandler.dump_traceback_later(45, exit=True)  # a hang shows every thread's stack
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's, if a runner ignored it
        if os.getpgrp() != os.getpid():
            os.setpgid(0, 0)  # the SIGINT reaches this script's processes and no one else
"""

WORKER_DIES = (
    COMMON
    + """
    if __name__ == "__main__":
        own_group()
        mp.set_start_method(sys.argv[1])
        pool = mp.Pool(4, initializer=keep, initargs=(mp.Value('i', 0), False))
        first = mp.active_children()  # the pool's four workers
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent sits this Ctrl-C out
        result = pool.map_async(task, range(4))
        while any(p in pool._pool for p in first):  # each ends by itself: nobody terminates it;
            time.sleep(0.05)  # the pool reaps it (never join() a pool's worker: forkserver hangs)
        print("exit codes:", sorted(p.exitcode for p in first))
        try:
            result.get(timeout=1)
        except mp.TimeoutError:
            print("get(timeout=1): TimeoutError, ready:", result.ready())
        print("workers now:", len(pool._pool), "new:", len({p.pid for p in pool._pool} - {p.pid for p in first}))
        pool.terminate()
        pool.join()
"""
)


@pytest.mark.parametrize("method", START_METHODS)
def test_every_worker_dies_of_keyboard_interrupt_with_a_traceback_and_the_tasks_are_lost(
    method, tmp_path
):
    """A worker that gets SIGINT in a task raises KeyboardInterrupt, which the pool's worker loop
    (it catches Exception) does not catch: the process ends with exit code 1 after printing
    "Process NAME:" and its traceback. The pool starts new workers, but the tasks are gone: the
    result never becomes ready."""
    done = run(tmp_path, WORKER_DIES, method)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "exit codes: [1, 1, 1, 1]",
        "get(timeout=1): TimeoutError, ready: False",
        "workers now: 4 new: 4",
    ]
    headers = re.findall(r"^Process (\w+)PoolWorker-\d+:$", done.stderr, re.M)
    kind = {"fork": "Fork", "spawn": "Spawn", "forkserver": "ForkServer"}[method]
    assert headers == [kind] * 4, done.stderr
    assert re.findall(r"^KeyboardInterrupt$", done.stderr, re.M) == ["KeyboardInterrupt"] * 4


IGNORED = (
    COMMON
    + """
    if __name__ == "__main__":
        own_group()
        mp.set_start_method(sys.argv[1])
        pool = mp.Pool(4, initializer=keep, initargs=(mp.Value('i', 0), True))
        first = mp.active_children()
        try:
            pool.map_async(task, range(4)).get(timeout=120)
        except KeyboardInterrupt:
            print("parent: KeyboardInterrupt; workers alive:", sum(p.is_alive() for p in first))
            pool.terminate()
        pool.join()
        print("exit codes:", sorted(p.exitcode for p in first))
"""
)


@pytest.mark.parametrize("method", START_METHODS)
def test_workers_that_ignore_sigint_leave_the_ctrl_c_to_the_parent(method, tmp_path):
    """The initializer's SIG_IGN: the same Ctrl-C to the whole group, and only the parent raises
    KeyboardInterrupt (in get(timeout)); every worker is still running until terminate() ends it
    with SIGTERM (-15), and nothing is written to stderr."""
    done = run(tmp_path, IGNORED, method)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "parent: KeyboardInterrupt; workers alive: 4",
        "exit codes: [-15, -15, -15, -15]",
    ]
    assert done.stderr == ""
