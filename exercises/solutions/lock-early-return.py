"""Each child takes a shared lock to print its line; children with a multiple of 3 have nothing to say.

Run it:  python lock-early-return.py [WORKERS]
It should print a line `child N says hello` for every N that is not a multiple of 3, then:  done WORKERS
"""
import multiprocessing
import sys


def greet(lock, n):
    with lock:  # released however the block is left: by return, by an exception, or at its end
        if n % 3 == 0:
            return  # nothing to say
        print(f"child {n} says hello", flush=True)


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    lock = multiprocessing.Lock()
    children = [multiprocessing.Process(target=greet, args=(lock, n)) for n in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print(f"done {workers}")
