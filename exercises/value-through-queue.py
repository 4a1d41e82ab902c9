"""The parent hands each child a shared counter through a Queue; each child adds its number to it.

Run it:  python value-through-queue.py [WORKERS]
It should print one line:  total TOTAL   (0 + 1 + ... + WORKERS-1)
"""
import multiprocessing
import sys


def add_mine(tasks, n):
    counter = tasks.get()
    with counter.get_lock():
        counter.value += n


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    counter = multiprocessing.Value("i", 0)
    tasks = multiprocessing.Queue()
    children = [multiprocessing.Process(target=add_mine, args=(tasks, n)) for n in range(workers)]
    for child in children:
        child.start()
    for _ in children:
        tasks.put(counter)
    for child in children:
        child.join()
    print(f"total {counter.value}")
