"""Each child prints the square of its number; the parent then says it is done.

Run it:  python process-args-tuple.py [COUNT]
It should print a line `square of N is N*N` for each child, then:  done COUNT
"""
import multiprocessing
import sys


def show_square(n):
    print(f"square of {n} is {n * n}", flush=True)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    children = [multiprocessing.Process(target=show_square, args=(i)) for i in range(count)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"done {count}")
