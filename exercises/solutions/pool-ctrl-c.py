"""A Pool squares numbers slowly. Press Ctrl-C and the parent should let the tasks already
running finish, then print their total. (The script presses Ctrl-C itself, once every worker
is busy: SIGINT to its whole process group, as a terminal's Ctrl-C is.)

Run it:  python pool-ctrl-c.py [N]
It should print two lines:  Ctrl-C: finishing the running tasks
                            sum of squares TOTAL
"""
import multiprocessing
import os
import signal
import sys
import time


def ready(counter, workers):  # the pool's initializer: runs once in each worker, before any task
    global busy, how_many
    busy, how_many = counter, workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # this worker ignores Ctrl-C: the parent decides


def slow_square(x):
    with busy.get_lock():  # count the busy workers; the last one in presses Ctrl-C
        busy.value += 1
        last = busy.value == how_many
    if last:
        os.killpg(os.getpgrp(), signal.SIGINT)  # stands in for your Ctrl-C
    for _ in range(10):  # a slow task, in short steps
        time.sleep(0.1)
    return x * x


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if os.getpgrp() != os.getpid():  # a process group of its own, as a terminal gives a command
        os.setpgid(0, 0)
    pool = multiprocessing.Pool(n, initializer=ready, initargs=(multiprocessing.Value("i", 0), n))
    try:
        pending = pool.map_async(slow_square, range(n))  # one task for each worker
        squares = pending.get(timeout=60)
    except KeyboardInterrupt:
        print("Ctrl-C: finishing the running tasks", flush=True)
        pool.close()  # no new tasks; the running ones go on
        pool.join()
        squares = pending.get()
    print(f"sum of squares {sum(squares)}")
