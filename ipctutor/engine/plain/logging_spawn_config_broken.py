"""Logging set up in the parent only (broken): basicConfig under the main guard, and the workers
call logging.info. A forked worker is a copy of the parent, its handler and level with it; a spawned
or forkserver worker is a new interpreter that never runs the main guard: no handler, level WARNING."""
import argparse
import logging
import os
import sys
from multiprocessing import Process, get_start_method

FORMAT = "%(processName)s pid %(process)d: %(levelname)s %(message)s"


def worker(n):
    root = logging.getLogger()
    print(f"child {n}: pid {os.getpid()}, root logger level {logging.getLevelName(root.level)}, "
          f"handlers: {len(root.handlers)}", flush=True)
    logging.info("child %d: started", n)  # an INFO record: kept only if someone set INFO here
    logging.info("child %d: done, %d * %d = %d", n, n, n, n * n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many worker processes")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    logging.basicConfig(level=logging.INFO, format=FORMAT, stream=sys.stdout)  # the parent's only
    children = [Process(target=worker, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    print(f"parent: {len(children)} workers joined, each logged 2 records", flush=True)
