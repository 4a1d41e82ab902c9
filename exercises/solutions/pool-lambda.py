"""A Pool of workers squares the numbers 0 .. N-1; the parent adds the squares up.

Run it:  python pool-lambda.py [N]
It should print one line:  sum of squares TOTAL
"""
import multiprocessing
import sys


def square(x):  # a function defined at the top of the module: pickled by name, found by the workers
    return x * x


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with multiprocessing.Pool(2) as pool:
        squares = pool.map(square, range(n))
    print(f"sum of squares {sum(squares)}")
