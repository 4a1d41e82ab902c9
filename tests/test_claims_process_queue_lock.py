"""Claims the process, queue and lock lessons make outside their predict questions, run for real.

Each test runs a small script in a fresh interpreter (as a learner would, PYTHONUNBUFFERED removed)
and checks what the lesson says. Only deterministic facts are asserted: nothing here depends on how
fast the machine is; what must still be running waits on an Event, not a sleep.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

START_METHODS = ("fork", "spawn", "forkserver")


def run(tmp_path: Path, code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    script = tmp_path / "claim.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(not sys.platform.startswith("linux") or sys.version_info >= (3, 14),
                    reason="the claim is about Linux and Python 3.11 to 3.13")
def test_process_default_start_method_is_fork_on_linux(tmp_path):
    done = run(tmp_path, "import multiprocessing as mp; print(mp.get_start_method())")
    assert done.stdout.strip() == "fork"


def test_process_run_is_not_a_child_and_there_is_no_call(tmp_path):
    done = run(tmp_path, """
        import multiprocessing as mp, os
        def where():
            print(os.getpid())
        if __name__ == "__main__":
            mp.Process(target=where).run()
            print(os.getpid(), hasattr(mp.Process, "call"))
            p = mp.Process(target=where)
            print(p.exitcode)
    """)
    ran_in, parent, has_call, before = done.stdout.split()
    assert ran_in == parent and has_call == "False" and before == "None"


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_process_without_main_guard_child_fails_with_runtime_error(tmp_path, method):
    done = run(tmp_path, """
        import multiprocessing as mp, sys
        ctx = mp.get_context(sys.argv[1])  # set_start_method would fail when the child re-runs it
        def work():
            pass
        p = ctx.Process(target=work)
        p.start()
        p.join()
        print("exit code", p.exitcode, flush=True)
    """, method)
    assert done.returncode == 0  # the parent goes on
    assert "exit code 1" in done.stdout
    assert "RuntimeError" in done.stderr and "bootstrapping phase" in done.stderr


@pytest.mark.parametrize("size, stuck", [(65_514, False), (65_515, True)])
def test_queue_one_item_over_64k_keeps_the_child_from_exiting(tmp_path, size, stuck):
    # Joined first, a child whose item does not fit in the pipe cannot exit (the parent waits up
    # to 3 s); a child whose item fits exits, however slowly it starts (the parent waits for it).
    done = run(tmp_path, f"""
        import multiprocessing as mp
        def child(q):
            q.put(b"x" * {size})
        if __name__ == "__main__":
            q = mp.Queue()
            p = mp.Process(target=child, args=(q,))
            p.start()
            p.join({3 if stuck else None})
            print(p.is_alive())
            q.get()
            p.join()
    """)
    assert done.stdout.strip() == str(stuck)


def test_queue_many_small_items_also_fill_the_pipe(tmp_path):
    done = run(tmp_path, """
        import multiprocessing as mp
        def child(q):
            for _ in range(1000):
                q.put(b"x" * 100)
        if __name__ == "__main__":
            q = mp.Queue()
            p = mp.Process(target=child, args=(q,))
            p.start()
            p.join(2)
            print(p.is_alive())
            for _ in range(1000):
                q.get()
            p.join()
            print(p.exitcode)
    """)
    assert done.stdout.split() == ["True", "0"]


def test_queue_simplequeue_raises_at_once_on_an_unpicklable_item(tmp_path):
    done = run(tmp_path, """
        import multiprocessing as mp, pickle
        if __name__ == "__main__":
            try:
                mp.SimpleQueue().put(lambda: 42)
            except pickle.PicklingError:
                print("raised")
    """)
    assert done.stdout.strip() == "raised"


def test_lock_cannot_be_pickled_for_a_queue_or_pipe(tmp_path):
    done = run(tmp_path, """
        import multiprocessing as mp
        if __name__ == "__main__":
            a, b = mp.Pipe()
            try:
                a.send(mp.Lock())
            except RuntimeError as exc:
                print(exc)
    """)
    assert done.stdout.strip() == ("Lock objects should only be shared between processes "
                                   "through inheritance")


def test_lock_owner_semantics(tmp_path):
    # A Lock: the holder blocks on a second acquire. An RLock: the holder may acquire again, and a
    # child that tries to release it dies with AssertionError (exit code 1).
    done = run(tmp_path, """
        import multiprocessing as mp
        def release(lock):
            lock.release()
        if __name__ == "__main__":
            lock = mp.Lock(); lock.acquire()
            rlock = mp.RLock(); rlock.acquire()
            p = mp.Process(target=release, args=(rlock,)); p.start(); p.join()
            print(lock.acquire(timeout=0.2), rlock.acquire(timeout=0.2), p.exitcode)
    """)
    assert done.stdout.split() == ["False", "True", "1"]
    assert "AssertionError" in done.stderr


def test_lock_held_by_a_terminated_process_stays_held(tmp_path):
    done = run(tmp_path, """
        import multiprocessing as mp, time
        def hold(lock, holding):
            lock.acquire()
            holding.set()
            time.sleep(60)
        if __name__ == "__main__":
            lock, holding = mp.Lock(), mp.Event()
            p = mp.Process(target=hold, args=(lock, holding)); p.start()
            holding.wait()
            p.terminate(); p.join()
            print(p.exitcode, lock.acquire(timeout=0.5))
    """)
    assert done.stdout.split() == ["-15", "False"]


def test_lock_sleeping_inside_the_lock_serialises(tmp_path):
    # No clock: each child says when it enters and leaves the locked part (a SimpleQueue writes at
    # once, in call order); serialised, the five stays never interleave.
    done = run(tmp_path, """
        import multiprocessing as mp, os, time
        def nap(lock, said):
            with lock:
                said.put(("in", os.getpid()))
                time.sleep(0.2)
                said.put(("out", os.getpid()))
        if __name__ == "__main__":
            lock, said = mp.Lock(), mp.SimpleQueue()
            ps = [mp.Process(target=nap, args=(lock, said)) for _ in range(5)]
            for p in ps: p.start()
            steps = [said.get() for _ in range(10)]
            for p in ps: p.join()
            print(all(steps[i][0] == "in" and steps[i + 1] == ("out", steps[i][1])
                      for i in range(0, 10, 2)), len({pid for _, pid in steps}))
    """)
    assert done.stdout.split() == ["True", "5"], done.stderr


PRINT_ORDER = """
    import multiprocessing as mp, sys
    def child(lock, word, printed, leave, flush):
        with lock:
            print(word, flush=flush)
        printed.set()
        leave.wait()  # stays alive (its buffer unwritten, without flush) until told to go
    if __name__ == "__main__":
        mp.set_start_method(sys.argv[1])
        flush = sys.argv[2] == "flush"
        lock = mp.Lock()
        a_printed, b_printed, a_leave, b_leave = (mp.Event() for _ in range(4))
        a = mp.Process(target=child, args=(lock, "A", a_printed, a_leave, flush)); a.start()
        a_printed.wait()  # A has had the lock and printed
        b = mp.Process(target=child, args=(lock, "B", b_printed, b_leave, flush)); b.start()
        b_printed.wait()
        b_leave.set(); b.join()  # B exits first
        a_leave.set(); a.join()
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_lock_print_without_flush_comes_out_in_exit_order(tmp_path, method):
    done = run(tmp_path, PRINT_ORDER, method, "noflush")
    assert done.stdout.split() == ["B", "A"]  # piped: written when each process exits
    done = run(tmp_path, PRINT_ORDER, method, "flush")
    assert done.stdout.split() == ["A", "B"]  # flushed inside the lock: lock order


def test_lock_flush_inside_the_lock_keeps_each_report_whole(tmp_path):
    # 10 children x 100 lines of 100 bytes each, more than the 8 KiB buffer, flushed in the lock.
    done = run(tmp_path, """
        import multiprocessing as mp, sys
        def report(lock, n):
            with lock:
                for _ in range(100):
                    print(str(n) * 99)
                sys.stdout.flush()
        if __name__ == "__main__":
            lock = mp.Lock()
            ps = [mp.Process(target=report, args=(lock, n)) for n in range(10)]
            for p in ps: p.start()
            for p in ps: p.join()
    """)
    owners = [line[0] for line in done.stdout.splitlines()]
    assert len(owners) == 1000
    stretches = [o for i, o in enumerate(owners) if i == 0 or owners[i - 1] != o]
    assert sorted(stretches) == [str(n) for n in range(10)]  # one unbroken stretch per child
