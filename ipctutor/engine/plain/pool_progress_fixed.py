"""Progress from a Pool (fixed): imap_unordered() hands over each result as soon as its task is
done, so a progress bar moves as the work does. To prove it, the last task is held until the
parent has received every result it can get without it. The chunksize is the knob: tasks travel
to the workers, and results back, in batches of that many, so the bar moves in steps that big."""
import argparse
import os
import time
from multiprocessing import Event, Pool, get_start_method


def keep(event, last_task):  # the pool's initializer: runs once in each worker
    global go, last
    go, last = event, last_task


def task(n):
    if n == last:
        go.wait()  # the last task is held until the parent lets it go
    time.sleep(0.2)  # the work
    return n, os.getpid()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    parser.add_argument("--tasks", type=int, default=12, help="how many tasks")
    parser.add_argument("--chunksize", "--size", type=int, default=1, help="tasks per batch")
    args = parser.parse_args()
    total, size = args.tasks, args.chunksize
    held = total - (total - 1) // size * size  # the last batch: the held task and those sent with it
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    go = Event()
    with Pool(args.workers, initializer=keep, initargs=(go, total - 1)) as pool:
        results = pool.imap_unordered(task, range(total), chunksize=size)
        for received in range(1, total + 1):
            if received - 1 == total - held:  # all but the held batch are in: let the last go
                print(f"parent: {received - 1} of {total} results received (chunksize {size}), "
                      f"releasing task {total - 1}", flush=True)
                go.set()
            n, pid = next(results)
            print(f"done {received}/{total}: task {n} from worker {pid}", flush=True)
