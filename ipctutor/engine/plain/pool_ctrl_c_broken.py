"""Ctrl-C in a Pool (broken): a plain Pool and map(). The Ctrl-C reaches the parent and every
worker: each worker dies of KeyboardInterrupt with a traceback, and the parent raises it in map()."""
import argparse
import os
import signal
import time
from multiprocessing import Pool, Value, get_start_method


def keep(counter, workers):  # the pool's initializer: runs once in each worker
    global busy, how_many
    busy, how_many = counter, workers


def task(n):
    print(f"worker: pid {os.getpid()} task {n} started", flush=True)
    with busy.get_lock():  # count the busy workers; the last one in presses Ctrl-C
        busy.value += 1
        last = busy.value == how_many
    if last:  # every worker is in a task now, and none holds a lock
        os.killpg(os.getpgrp(), signal.SIGINT)  # stands in for your Ctrl-C: SIGINT to the group
    for _ in range(600):  # the rest of a long task, in short steps: Python raises a Ctrl-C
        time.sleep(0.1)  # between two of them (one sleep(60) started just after it missed it)
    return n * n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    if os.getpgrp() != os.getpid():  # a process group of our own, as a terminal gives a command
        os.setpgid(0, 0)  # so the Ctrl-C below reaches this script's processes and no one else
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    with Pool(args.workers, initializer=keep, initargs=(Value("i", 0), args.workers)) as pool:
        results = pool.map(task, range(args.workers))  # one task for each worker
    print(f"results: {results}")
