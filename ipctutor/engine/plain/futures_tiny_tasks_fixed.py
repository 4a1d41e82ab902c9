"""Slower than a for loop (fixed): the same tiny tasks, sent in chunks. With chunksize, one task
carries many items: the function is pickled and a message crosses the pipe once per chunk, not
once per item. Pool.map() picks a chunksize by itself (about 4 chunks per worker); executor.map()
and Pool.imap() use 1 unless you pass one. The for loop again, for comparison."""
import argparse
import math
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
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
    chunk = max(1, math.ceil(len(items) / (4 * args.workers)))  # 4 chunks a worker, as Pool.map
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    timed("for loop", lambda square, items: [square(n) for n in items], items)
    with ProcessPoolExecutor(args.workers) as executor:
        list(executor.map(abs, range(args.workers)))  # start the workers before the clock runs
        timed(f"executor.map chunksize={chunk}", partial(executor.map, chunksize=chunk), items)
    with Pool(args.workers) as pool:
        timed("Pool.map", pool.map, items)  # no chunksize given: Pool.map picks one
