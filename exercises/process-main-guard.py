"""Each child prints the cube of its number; the parent then says it is done.

Run it:  python process-main-guard.py [COUNT]
It should print a line `cube of N is N*N*N` for each child, then:  done COUNT
"""
import multiprocessing
import sys


def show_cube(n):
    print(f"cube of {n} is {n * n * n}", flush=True)


count = int(sys.argv[1]) if len(sys.argv) > 1 else 4
children = [multiprocessing.Process(target=show_cube, args=(i,)) for i in range(count)]
for child in children:
    child.start()
for child in children:
    child.join()
print(f"done {count}")
