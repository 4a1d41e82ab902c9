"""Several children add 1 to one shared counter, many times each; the parent prints the total.

Run it:  python value-lost-update.py [WORKERS] [TIMES]
It should print one line:  total TOTAL   (TOTAL = WORKERS * TIMES)
"""
import multiprocessing
import sys


def add(counter, times):
    for _ in range(times):
        counter.value += 1


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    counter = multiprocessing.Value("i", 0)
    children = [multiprocessing.Process(target=add, args=(counter, times)) for _ in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"total {counter.value}")
