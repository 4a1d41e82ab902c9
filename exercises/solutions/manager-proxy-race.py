"""Several children count into one Manager dict, many times each; the parent prints the count.

Run it:  python manager-proxy-race.py [WORKERS] [TIMES]
It should print one line:  count TOTAL   (TOTAL = WORKERS * TIMES)
"""
import multiprocessing
import sys


def count(shared, lock, times):
    for _ in range(times):
        with lock:  # one round trip reads, another writes: nobody may come in between
            shared["count"] += 1


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    times = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with multiprocessing.Manager() as manager:
        shared = manager.dict(count=0)
        lock = manager.Lock()
        children = [multiprocessing.Process(target=count, args=(shared, lock, times)) for _ in range(workers)]
        for child in children:
            child.start()
        for child in children:
            child.join()
        print(f"count {shared['count']}")
