"""A ProcessPoolExecutor squares the numbers 0 .. COUNT-1 and the parent adds the squares up. It
also says how the work was sent: one line for every task the workers received, with how many
numbers it carried.

Run it:  python futures-tiny-tasks.py [COUNT] [CHUNK]
It should send the numbers in tasks of CHUNK (the last one may carry fewer) and print
    task 1: CHUNK items
    task 2: CHUNK items
    ...
    sum of squares TOTAL
"""
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor


class Square:
    """The task's function. pickle calls __reduce__ once for every task it sends to a worker, so
    each task carries a number of its own, and every result says which task it came in."""

    sent = 0

    def __init__(self, task=0):
        self.task = task

    def __call__(self, n):
        return self.task, n * n

    def __reduce__(self):
        Square.sent += 1
        return Square, (Square.sent,)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 250
    with ProcessPoolExecutor(max_workers=4) as executor:
        results = list(executor.map(Square(), range(count)))
    for task, items in sorted(Counter(task for task, _ in results).items()):
        print(f"task {task}: {items} items")
    print(f"sum of squares {sum(square for _, square in results)}")
