"""Pool: a fixed set of worker processes runs many tasks: map, imap and apply_async."""
import argparse
import functools
import os
import time
from multiprocessing import Pool, get_start_method


def start_worker():
    print(f"worker: pid {os.getpid()} running", flush=True)  # once in each worker process


def square(n, delay=0.0, fail=None):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"task {n} was told to fail (--fail {n})")
    print(f"worker: pid {os.getpid()} did {n} * {n} = {n * n}", flush=True)
    return [n, n * n, os.getpid()]  # which worker did it


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many worker processes")
    parser.add_argument("--delay", type=float, default=1.0, help="each task's pause, in seconds")
    parser.add_argument("--fail", type=int, help="task N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    task = functools.partial(square, fail=args.fail)  # a function with some arguments filled in
    with Pool(processes=args.workers, initializer=start_worker) as pool:
        mapped = pool.map(functools.partial(task, delay=args.delay), range(args.workers * 2))  # in order
        streamed = list(pool.imap(task, range(3)))  # results one by one, in order
        pending = pool.apply_async(task, (args.workers,))  # returns at once; .get() waits
        single = pending.get(timeout=60)
        # leaving the with-block calls terminate(): fetch every result before it
    print(f"map: {mapped}")
    print(f"imap: {streamed}")
    print(f"apply_async: {single}")
