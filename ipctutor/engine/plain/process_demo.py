"""Process: start ten children at once, let each say who it is, then wait for them all (join)."""
import argparse
import os
import time
from multiprocessing import Process, get_start_method


def child(n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    print(f"child {n}: hello from pid {os.getpid()}, my parent is pid {os.getppid()}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    children = [Process(target=child, args=(n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()  # returns at once: the children run at the same time
    for p in children:
        p.join()  # waits until this child has exited
    for p in children:
        print(f"{p.name}: pid {p.pid}, exit code {p.exitcode}")
