"""The parent hands each child a shared counter; each child adds its number to it.

Run it:  python value-through-queue.py [WORKERS]
It should print one line:  total TOTAL   (0 + 1 + ... + WORKERS-1)
"""
import multiprocessing
import sys


def add_mine(counter, n):
    with counter.get_lock():
        counter.value += n


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    counter = multiprocessing.Value("i", 0)
    # a Value is shared only by passing it when the process is created, never through a Queue
    children = [multiprocessing.Process(target=add_mine, args=(counter, n)) for n in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"total {counter.value}")
