"""Several children add 1 to one shared counter, many times each, taking a lock around every
addition; the parent prints the total. It works under fork: make it work under spawn and
forkserver too.

Run it:  python start-methods-top-lock.py [WORKERS] [TIMES]
It should print one line:  total TOTAL   (TOTAL = WORKERS * TIMES)
"""
import multiprocessing
import sys


def add(lock, counter, times):
    for _ in range(times):
        with lock:
            counter.value += 1


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    lock = multiprocessing.Lock()  # made once, in the parent, and handed to every child in args
    counter = multiprocessing.RawValue("i", 0)  # no lock of its own: the lock above guards it
    children = [multiprocessing.Process(target=add, args=(lock, counter, times)) for _ in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"total {counter.value}")
