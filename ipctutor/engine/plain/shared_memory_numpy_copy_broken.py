"""An array through a Queue (broken): it is pickled, so each worker gets a copy of its own, and
what a worker writes into its copy never reaches the parent. NumPy if installed, else array.array.
Peak memory is ru_maxrss, the most RAM a process ever held: in KiB on Linux."""
import argparse
import array
import os
import time
from multiprocessing import Process, Queue, get_start_method
from resource import RUSAGE_SELF, getrusage


def new_array(items):
    """`items` float64s, all 1.0: your data."""
    try:
        from numpy import ones
    except ImportError:  # NumPy is optional (pip install 'ipctutor[numpy]'): array.array instead
        return array.array("d", [1.0]) * items
    return ones(items, dtype="float64")


def report(who, began):
    print(f"{who}, in {time.perf_counter() - began:.3f} s, peak memory {getrusage(RUSAGE_SELF).ru_maxrss:,} KiB", flush=True)


def work(q, n):
    began = time.perf_counter()
    a = q.get()  # unpickled here: a copy of the whole array, in this process's own memory
    a[n] = -(n + 1)  # written into that copy
    report(f"child {n}: pid {os.getpid()}, got a copy, wrote a[{n}] = {a[n]}", began)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many workers")
    parser.add_argument("--size", type=int, default=16_777_216, help="bytes in the array")
    args = parser.parse_args()
    q = Queue()
    children = [Process(target=work, args=(q, n), name=f"child-{n}") for n in range(args.workers)]
    for p in children:  # started before the data exists: a spawned child's ru_maxrss starts at its parent's
        p.start()
    began = time.perf_counter()
    a = new_array(max(args.size // 8, args.workers))
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}\narray: {type(a).__name__} of {len(a):,} float64", flush=True)
    for _ in children:
        q.put(a)  # pickles the whole array, once for each worker
    for p in children:
        p.join()
    print(f"parent reads back a[:{args.workers}] = {a[:args.workers].tolist()}")
    report(f"parent: pid {os.getpid()}", began)
