"""Race (broken): every worker adds 1 to one shared Value many times, without its lock."""
import argparse
import os
import time
from multiprocessing import Barrier, Process, Value, get_start_method


def add(counter, ready, n, times):
    ready.wait()  # every worker starts adding at the same moment, whatever the start method
    for _ in range(times):
        counter.value += 1  # read, add, write: another process can write in between
    print(f"child {n}: pid {os.getpid()} added 1, {times} times", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many workers")
    parser.add_argument("--size", type=int, default=20_000, help="increments per worker")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    counter, ready = Value("i", 0), Barrier(args.workers)
    children = [Process(target=add, args=(counter, ready, n, args.size), name=f"child-{n}")
                for n in range(args.workers)]
    began = time.perf_counter()
    for p in children:
        p.start()
    for p in children:
        p.join()
    expected = args.workers * args.size
    print(f"total: {counter.value} of {expected}, {expected - counter.value} updates lost, "
          f"in {time.perf_counter() - began:.3f} s")
