"""Slower than a for loop (broken): thousands of tiny tasks, each sent to a worker on its own.
executor.map() and Pool.imap() send one item per task unless told otherwise: the function and the
item are pickled, written to a pipe, read and unpickled by a worker, and the result comes back the
same way, all for one multiplication. The same items in a plain for loop, for comparison."""
import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool, get_start_method


class Square:  # the task's function, as an object that counts the tasks that carry it
    sent = 0  # pickle calls __reduce__ once for each task it sends to a worker

    def __call__(self, n):
        return n * n

    def __reduce__(self):
        Square.sent += 1
        return Square, ()

    def __repr__(self):  # shown as square(...), like the function it stands for
        return "square"


def timed(label, run, items):
    Square.sent = 0
    began = time.perf_counter()
    results = list(run(Square(), items))
    took = time.perf_counter() - began
    assert results == [n * n for n in items]
    print(f"{label}: {len(items)} items in {Square.sent} tasks, {took:.3f} s, "
          f"{took / len(items) * 1e6:.1f} us per item", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    parser.add_argument("--size", type=int, default=10_000, help="how many tiny tasks")
    args = parser.parse_args()
    items = list(range(args.size))
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    timed("for loop", lambda square, items: [square(n) for n in items], items)
    with ProcessPoolExecutor(args.workers) as executor:
        list(executor.map(abs, range(args.workers)))  # start the workers before the clock runs
        timed("executor.map", executor.map, items)  # chunksize=1: one item per task
    with Pool(args.workers) as pool:
        timed("Pool.imap", pool.imap, items)  # chunksize=1 here too
