"""Claims the pool lesson's progress-bar screens make, run for real under every start method.

No order here depends on timing. One task is held on an Event that the parent alone sets, and
the parent sets it only at a point the claim names: once the other tasks have finished (the tasks
release a Semaphore as they end), or once it has received given results. A held task cannot end,
nor can a batch holding it come back, before that point; so what the parent had received by then
is fixed by the Pool's design, not by how fast the machine is.
"""

from __future__ import annotations

import pytest

from helpers import START_METHODS, run_script as run

COMMON = """
    import faulthandler, multiprocessing as mp, sys, threading

    def share(event, done, held):
        global go, finished, last
        go, finished, last = event, done, held

    def task(n):
        if n == last:
            go.wait()  # held until the parent says go
        finished.release()  # this task has finished
        return n

    def setup(held):
        faulthandler.dump_traceback_later(60, exit=True)  # a hang shows every thread's stack
        mp.set_start_method(sys.argv[1])
        go, finished = mp.Event(), mp.Semaphore(0)
        return go, finished, mp.Pool(2, initializer=share, initargs=(go, finished, held))
"""

MAP = (
    COMMON
    + """
    def let_go(finished, go, got):  # a thread: map() gives the parent nothing else to watch
        for _ in range(7):
            finished.acquire()
        print("tasks finished: 7 of 8, results received:", len(got), flush=True)
        go.set()

    if __name__ == "__main__":
        go, finished, pool = setup(7)
        got = []
        threading.Thread(target=let_go, args=(finished, go, got)).start()
        for n in pool.map(task, range(8), chunksize=1):
            got.append(n)
        print("then received:", got)
        pool.close()
        pool.join()
"""
)


@pytest.mark.parametrize("method", START_METHODS)
def test_map_hands_over_no_result_until_every_task_has_finished(method, tmp_path):
    """Task 7 waits until the other seven have finished: map() has handed the parent none of
    their results by then, and hands over all eight, in input order, once task 7 has ended."""
    done = run(tmp_path, MAP, method)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "tasks finished: 7 of 8, results received: 0",
        "then received: [0, 1, 2, 3, 4, 5, 6, 7]",
    ]


IMAP_UNORDERED = (
    COMMON
    + """
    if __name__ == "__main__":
        go, finished, pool = setup(7)
        got = []
        for n in pool.imap_unordered(task, range(8)):  # chunksize=1, the default
            got.append(n)
            if len(got) == 7:  # every other result is in, and task 7 is still held
                print("received while task 7 was held:", sorted(got), flush=True)
                go.set()
        print("then:", got[-1])
        pool.close()
        pool.join()
"""
)


@pytest.mark.parametrize("method", START_METHODS)
def test_imap_unordered_hands_over_each_result_as_its_task_finishes(method, tmp_path):
    """Task 7 is let go only once the parent has received seven results: imap_unordered() hands
    them over while task 7 is still held (else the run would hang, and faulthandler would end it
    with every thread's stack); task 7's result comes last."""
    done = run(tmp_path, IMAP_UNORDERED, method)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "received while task 7 was held: [0, 1, 2, 3, 4, 5, 6]",
        "then: 7",
    ]


CHUNKS = (
    COMMON
    + """
    if __name__ == "__main__":
        go, finished, pool = setup(3)  # task 3: the last of the first batch of four
        got = []
        for n in pool.imap_unordered(task, range(8), chunksize=4):
            got.append(n)
            if len(got) == 4:  # a whole batch is in: it can only be the second, tasks 4 to 7
                for _ in range(7):  # tasks 0, 1, 2 (and the second batch's) have finished
                    finished.acquire()
                print("first in:", sorted(got), "received after 7 tasks finished:", len(got), flush=True)
                go.set()
        print("then:", sorted(got[4:]))
        pool.close()
        pool.join()
"""
)


@pytest.mark.parametrize("method", START_METHODS)
def test_a_batch_of_results_comes_back_whole_after_its_last_task(method, tmp_path):
    """chunksize=4: tasks 0-3 travel as one batch, 4-7 as another, and a batch's results come
    back together after its last task. With task 3 held, tasks 0, 1 and 2 finish but their
    results do not arrive: the parent gets the second batch whole, and the first only after task 3
    is let go. A bar fed from it moves in steps of four."""
    done = run(tmp_path, CHUNKS, method)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "first in: [4, 5, 6, 7] received after 7 tasks finished: 4",
        "then: [0, 1, 2, 3]",
    ]
