"""Value and Array: ten children write into shared memory that the parent reads after join.
`last` and `seed_array` are the source material's example: a Value all overwrite, an Array('i')."""
import argparse
import os
import time
from multiprocessing import Array, Process, RawArray, RawValue, Value, get_start_method


def child(last, total, squares, pids, started, seed_array, n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    last.value = n * n  # everyone writes here: what is left is whoever wrote last
    for i in range(len(seed_array)):  # the source's loop: every child writes the same values
        seed_array[i] = -i
    with total.get_lock():  # += reads, then writes: without the lock updates get lost
        total.value += n * n
    squares[n] = n * n  # each child its own slot of the Array
    pids[n] = os.getpid()  # RawArray: no lock at all, safe because no slot is shared
    after = time.time() - started.value
    print(f"child {n}: pid {os.getpid()} wrote {n * n}, {after:.3f} s after the start", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    last, total = Value("d", 0.0), Value("i", 0)  # 'd': a C double, 'i': a C int; each has a lock
    squares, pids = Array("i", args.workers), RawArray("i", args.workers)  # all 0; Raw: no lock
    started = RawValue("d", time.time())  # written once, before any child starts: only read
    seed_array = Array("i", range(args.workers))  # the source's arr = Array('i', range(10))
    shared = (last, total, squares, pids, started, seed_array)
    children = [Process(target=child, args=(*shared, n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    print(f"last written: {last.value} (by child {int(last.value ** 0.5)}, the last to write)")
    print(f"sum of squares: {total.value} of {sum(n * n for n in range(args.workers))}")
    print(f"squares: {squares[:]}\npids: {pids[:]}")  # [:] copies the values out of the Array
    print(f"seed array: {seed_array[:]}")  # always [0, -1, ..., -(workers - 1)]
