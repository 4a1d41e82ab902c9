"""ProcessPoolExecutor: submit() gives a Future per task; as_completed() yields each as it finishes."""
import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_start_method


def start_worker():
    print(f"worker: pid {os.getpid()} running", flush=True)  # once in each worker process


def task(n, pause, fail):
    time.sleep(pause)
    if n == fail:
        raise RuntimeError(f"task {n} was told to fail (--fail {n})")
    print(f"worker: pid {os.getpid()} ran task {n}, slept {pause:g} s", flush=True)
    return [n, pause, os.getpid()]  # which worker ran it


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many worker processes")
    parser.add_argument("--delay", type=float, default=1.0, help="the slowest task's pause, in seconds")
    parser.add_argument("--fail", type=int, help="task N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    count = args.workers * 2  # more tasks than workers: each worker runs several
    pauses = [args.delay * (2 - n % 3) / 2 for n in range(count)]  # tasks 0, 3, 6 ... the slowest
    with ProcessPoolExecutor(max_workers=args.workers, initializer=start_worker) as executor:
        futures = {executor.submit(task, n, pauses[n], args.fail): n for n in range(count)}
        print(f"parent: submitted {count} tasks to {args.workers} workers", flush=True)
        completed = []
        for future in as_completed(futures):  # each Future once it is done, in the order they finish
            completed.append(futures[future])
            error = future.exception()  # None, or what the task raised, carried back to the parent
            print(f"parent: task {futures[future]}: {future.result() if error is None else repr(error)}")
    # leaving the with-block called shutdown(wait=True): every worker has exited
    print(f"submitted: {list(range(count))}\ncompleted: {completed}")
