"""Logging set up in the parent only (fixed): each worker adds a QueueHandler of its own, and one
QueueListener in the parent writes every worker's records, under every start method."""
import argparse
import logging
import logging.handlers
import os
import sys
from multiprocessing import Process, Queue, get_start_method

FORMAT = "%(processName)s pid %(process)d: %(levelname)s %(message)s"


def worker(q, n):
    root = logging.getLogger()
    print(f"child {n}: pid {os.getpid()}, root logger level {logging.getLevelName(root.level)}, "
          f"handlers: {len(root.handlers)}", flush=True)
    root.handlers = [logging.handlers.QueueHandler(q)]  # this worker's own, and its only handler
    root.setLevel(logging.INFO)
    logging.info("child %d: started", n)
    logging.info("child %d: done, %d * %d = %d", n, n, n, n * n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many worker processes")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    logging.basicConfig(level=logging.INFO, format=FORMAT, stream=sys.stdout)
    q = Queue()
    listener = logging.handlers.QueueListener(q, *logging.getLogger().handlers)  # the parent's
    listener.start()
    children = [Process(target=worker, args=(q, n), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    listener.stop()  # every record the workers put is written before stop() returns
    print(f"parent: {len(children)} workers joined, each logged 2 records", flush=True)
