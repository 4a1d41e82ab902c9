"""Each worker logs the square of its number; the parent prints `done COUNT`.

Run it:  python logging-worker-records.py [COUNT]
It should print one line per worker,  child-N: square of N is S  (in any order), then  done COUNT
"""
import logging
import multiprocessing
import sys


def square(n):
    logging.info("square of %d is %d", n, n * n)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(processName)s: %(message)s")
    children = [
        multiprocessing.Process(target=square, args=(n,), name=f"child-{n}") for n in range(count)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"done {count}")
