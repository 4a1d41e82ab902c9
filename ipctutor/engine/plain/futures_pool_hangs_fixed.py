"""A task fails under Pool (fixed): the task raises instead of ending its worker, and starmap()
raises that exception in the parent at once."""
import argparse
import os
import time
from multiprocessing import Pool, get_start_method


def task(n, deadly):
    if n == deadly:
        print(f"worker: pid {os.getpid()} task {n}: raise RuntimeError", flush=True)
        raise RuntimeError(f"task {n} went wrong")  # carried back to the parent; the worker lives
    time.sleep(0.3)
    return [n, os.getpid()]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    tasks = [(n, args.workers) for n in range(args.workers * 2)]  # task 4 of 8 (4 workers) fails
    with Pool(processes=args.workers) as pool:
        try:
            results = pool.starmap(task, tasks)
            print(f"results: {results}")
        except RuntimeError as exc:  # the task's own exception, raised here
            print(f"starmap() raised RuntimeError: {exc}")
