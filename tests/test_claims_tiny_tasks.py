"""Claims of the futures lesson about tiny tasks ("Slower than a for loop"), run for real.

What is sent is counted, never timed: each script's task function is an object whose
`__reduce__` counts how often pickle sends it (once per task), run under every start method.
The two claims about speed (one item per task is far slower than a for loop; big tasks pay on two
free cores, tiny ones sent one by one never do) are marked `claims` and judged on the best of
three tries. IPCTUTOR_CLAIMS_PYTHON names another interpreter to run the scripts with.
"""

from __future__ import annotations

import json

import pytest

from helpers import START_METHODS, best_of_three, run_script as run

COUNTING = """
    import json, math, multiprocessing as mp, sys
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    class Square:
        sent = 0

        def __call__(self, n):
            return n * n

        def __reduce__(self):
            Square.sent += 1
            return Square, ()

    class Table(dict):
        pickled = 0

        def __reduce__(self):
            Table.pickled += 1
            return Table, (dict(self),)

    def look_up(table, n):
        return table[n % 2]

    def count(run):
        Square.sent = 0
        results = list(run(Square()))
        assert results[:3] == [0, 1, 4]
        return Square.sent

    if __name__ == "__main__":
        mp.set_start_method(sys.argv[1])
        out = {}
        with ProcessPoolExecutor(max_workers=2) as ex:
            out["executor.map"] = count(lambda f: ex.map(f, range(100)))
            out["executor.map chunksize=30"] = count(lambda f: ex.map(f, range(100), chunksize=30))
            out["submit"] = count(lambda f: [ex.submit(f, n).result() for n in range(10)])
            table = Table({0: 1, 1: 2})
            list(ex.map(partial(look_up, table), range(600), chunksize=100))
            out["table, 600 items in chunks of 100"] = Table.pickled
        with mp.Pool(2) as pool:
            out["Pool.imap"] = count(lambda f: pool.imap(f, range(100)))
            out["Pool.imap_unordered"] = count(lambda f: sorted(pool.imap_unordered(f, range(100))))
            out["Pool.map 40 items"] = count(lambda f: pool.map(f, range(40)))
            out["Pool.map 41 items"] = count(lambda f: pool.map(f, range(41)))
            out["Pool.map chunksize=1"] = count(lambda f: pool.map(f, range(40), chunksize=1))
        print(json.dumps(out))
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_each_task_pickles_its_function_once_and_chunksize_sets_how_many_tasks(method, tmp_path):
    done = run(tmp_path, COUNTING, method)
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert counts == {
        "executor.map": 100,  # chunksize=1 by default: one task per item
        "executor.map chunksize=30": 4,  # ceil(100 / 30)
        "submit": 10,
        "table, 600 items in chunks of 100": 6,  # what partial binds travels with every task
        "Pool.imap": 100,  # chunksize=1 by default too
        "Pool.imap_unordered": 100,
        "Pool.map 40 items": 8,  # Pool.map picks ceil(40 / (4 * 2)) = 5 items per task
        "Pool.map 41 items": 7,  # ceil(41 / 8) = 6 items per task: 7 tasks
        "Pool.map chunksize=1": 40,
    }


TIMING = """
    import time, multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    def square(n):
        return n * n

    def per_item(run, items):
        began = time.perf_counter()
        run(items)
        return (time.perf_counter() - began) / len(items)

    if __name__ == "__main__":
        items = list(range(5000))
        loop = per_item(lambda i: [square(n) for n in i], items)
        with ProcessPoolExecutor(max_workers=2) as ex:
            list(ex.map(square, range(10)))
            executor = per_item(lambda i: list(ex.map(square, i)), items)
        with mp.Pool(2) as pool:
            imap = per_item(lambda i: list(pool.imap(square, i)), items)
        print(loop, executor, imap)
"""


@pytest.mark.claims
def test_one_tiny_item_per_task_is_far_slower_than_a_for_loop(tmp_path):
    def measure() -> dict:
        done = run(tmp_path, TIMING)
        assert done.returncode == 0, done.stderr
        loop, executor, imap = map(float, done.stdout.split())
        return {
            "us per item (loop, executor.map, Pool.imap)": tuple(
                round(x * 1e6, 2) for x in (loop, executor, imap)
            ),
            "ratios": (round(executor / loop, 1), round(imap / loop, 1)),
        }

    best_of_three(
        measure,
        lambda f: min(f["ratios"]) > 10,
        "a multiplication sent one item per task (executor.map, Pool.imap) > 10 x a for loop",
    )


SPIN = """
    import sys, time, multiprocessing as mp

    def spin(n):
        total = 0
        for i in range(n):
            total += i
        return total

    if __name__ == "__main__":
        size, items = int(sys.argv[1]), int(sys.argv[2])
        tasks = [size] * items
        began = time.perf_counter(); [spin(n) for n in tasks]; loop = time.perf_counter() - began
        with mp.Pool(2) as pool:
            pool.map(abs, range(2), chunksize=1)  # both workers started before the clock runs
            began = time.perf_counter(); pool.map(spin, tasks, chunksize=1)
            pooled = time.perf_counter() - began
        print(loop, pooled)
"""


@pytest.mark.claims
def test_big_tasks_pay_on_two_workers_and_tiny_ones_sent_one_by_one_never_do(tmp_path):
    def measure() -> dict:
        figures = {}
        for size, items in ((100_000, 16), (10, 2000)):
            done = run(tmp_path, SPIN, str(size), str(items))
            assert done.returncode == 0, done.stderr
            loop, pooled = map(float, done.stdout.split())
            figures[size] = round(pooled / loop, 2)  # the pool's time over the loop's
        return {"pool / loop at 100,000 and at 10 iterations": (figures[100_000], figures[10])}

    best_of_three(
        measure,
        lambda f: (
            f["pool / loop at 100,000 and at 10 iterations"][0] < 0.9
            and f["pool / loop at 100,000 and at 10 iterations"][1] > 1
        ),
        "2 workers beat a for loop at 100,000 iterations per task, never at 10 sent one per task",
        needs_free_cores=True,
    )
