"""Manager: a server process holds a dict; ten children change it through proxies."""
import argparse
import os
import time
from multiprocessing import Manager, Process, get_start_method


def child(d, n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    d[n] = n * n  # a proxy: a message to the manager's server process, not a local write
    print(f"child {n}: pid {os.getpid()} set d[{n}] = {n * n}, the dict now has {len(d)} keys", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    with Manager() as manager:  # starts the server process; leaving the block stops it
        d = manager.dict()
        children = [Process(target=child, args=(d, n, args.delay, args.fail), name=f"child-{n}")
                    for n in range(args.workers)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        print(f"the dict: {sorted(d.items())}")  # its own order is arrival order: sort it
