"""A worker dies under Pool (broken): one task ends its worker with os._exit(1); the Pool starts a
new worker, but the lost task never runs again and starmap() waits forever."""
import argparse
import os
import time
from multiprocessing import Pool, get_start_method


def task(n, deadly):
    if n == deadly:
        print(f"worker: pid {os.getpid()} task {n}: os._exit(1)", flush=True)
        os._exit(1)  # the worker process is gone: no exception, no result
    time.sleep(0.3)
    return [n, os.getpid()]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    tasks = [(n, args.workers) for n in range(args.workers * 2)]  # task 4 of 8 (4 workers) dies
    with Pool(processes=args.workers) as pool:
        results = pool.starmap(task, tasks)  # waits for every result, the lost one too
    print(f"results: {results}")
