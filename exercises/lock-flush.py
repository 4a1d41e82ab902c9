"""Each child prints a report of many lines, holding a lock so no other child's lines get in between.

Run it:  python lock-flush.py [WORKERS] [LINES] | cat     (the check reads the output through a pipe)
It should print each child's report in one piece, then:  reports WORKERS
"""
import multiprocessing
import sys
import time


def report(lock, n, lines):
    with lock:
        for i in range(lines):
            print(f"child {n} line {i} " + "x" * 60)
    time.sleep(0.05)  # the child goes on working before it exits


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    lock = multiprocessing.Lock()
    children = [multiprocessing.Process(target=report, args=(lock, n, lines)) for n in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"reports {workers}")
