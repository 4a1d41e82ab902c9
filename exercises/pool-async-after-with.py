"""A Pool works out slow squares in the background; the parent collects them afterwards.

Run it:  python pool-async-after-with.py [N]
It should print one line:  sum of squares TOTAL
"""
import multiprocessing
import sys
import time


def slow_square(x):
    time.sleep(0.05)
    return x * x


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    with multiprocessing.Pool(2) as pool:
        pending = pool.map_async(slow_square, range(n))
    squares = pending.get()
    print(f"sum of squares {sum(squares)}")
