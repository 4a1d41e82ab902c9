"""Progress from a Pool (broken): map() returns only when every task is done, so a progress bar fed
from it sits at 0 and then jumps to the end. To prove it, the last task is held until every other
task has finished: the parent's line says how many results it had by then (none)."""
import argparse
import os
import threading
import time
from multiprocessing import Event, Pool, Semaphore, get_start_method


def keep(event, done, last_task):  # the pool's initializer: runs once in each worker
    global go, finished, last
    go, finished, last = event, done, last_task


def task(n):
    if n == last:
        go.wait()  # the last task is held until the parent lets it go
    time.sleep(0.2)  # the work
    if n != last:
        finished.release()  # one more task done: the parent counts them
    return n, os.getpid()


def release_when_finished(total):  # a thread of the parent: map() gives it nothing else to watch
    for _ in range(total - 1):
        finished.acquire()
    print(f"parent: {total - 1} of {total} tasks finished, {received} results received, "
          f"releasing task {total - 1}", flush=True)
    go.set()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    parser.add_argument("--tasks", type=int, default=12, help="how many tasks")
    parser.add_argument("--chunksize", "--size", type=int, default=None, help="tasks per batch")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    go, finished, received = Event(), Semaphore(0), 0
    threading.Thread(target=release_when_finished, args=(args.tasks,), daemon=True).start()
    with Pool(args.workers, initializer=keep, initargs=(go, finished, args.tasks - 1)) as pool:
        for received, (n, pid) in enumerate(pool.map(task, range(args.tasks), args.chunksize), 1):
            print(f"done {received}/{args.tasks}: task {n} from worker {pid}", flush=True)
