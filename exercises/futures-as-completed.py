"""A ProcessPoolExecutor works out the squares of 0 .. COUNT-1, each task taking its own time; the
parent multiplies every square by its number and adds the products up.

Run it:  python futures-as-completed.py [COUNT]
It should print one line:  sum of cubes TOTAL   (0*0*0 + 1*1*1 + ... for 0 .. COUNT-1)
"""
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def slow_square(n):
    time.sleep(random.uniform(0.05, 0.3))  # like real work: some tasks take longer than others
    return n * n


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    numbers = list(range(count))
    total = 0
    with ProcessPoolExecutor(max_workers=4) as executor:
        futures = [executor.submit(slow_square, n) for n in numbers]
        for n, future in zip(numbers, as_completed(futures)):
            total += n * future.result()
    print(f"sum of cubes {total}")
