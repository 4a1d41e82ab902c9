"""A task fails (fixed): the task raises instead of ending its worker, so only its own Future
fails, and the ProcessPoolExecutor goes on."""
import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_start_method


def task(n, deadly):
    if n == deadly:
        print(f"worker: pid {os.getpid()} task {n}: raise RuntimeError", flush=True)
        raise RuntimeError(f"task {n} went wrong")  # carried back to its Future; the worker lives
    time.sleep(0.3)
    return [n, os.getpid()]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    count, deadly = args.workers * 2, args.workers  # deadly: the first task of the second round
    with ProcessPoolExecutor(max_workers=args.workers) as executor:
        futures = [executor.submit(task, n, deadly) for n in range(count)]
        outcomes = [type(f.exception()).__name__ if f.exception() else "returned" for f in futures]
        print(f"futures: {outcomes.count('returned')} returned, "
              f"{outcomes.count('BrokenProcessPool')} BrokenProcessPool, "
              f"{outcomes.count('RuntimeError')} RuntimeError, of {count} (task {deadly} the failing one)")
        try:
            print(f"one more task: accepted, {executor.submit(task, count, deadly).result()}")
        except BrokenProcessPool as exc:  # a broken executor refuses it in submit() itself
            print(f"one more task: BrokenProcessPool: {exc}")
