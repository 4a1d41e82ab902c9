"""Logging from workers: each worker puts its records on one Queue with a QueueHandler; one
QueueListener in the parent writes them all through one handler, each with its process name and PID."""
import argparse
import logging
import logging.handlers
import os
import sys
import time
from multiprocessing import Process, Queue, get_start_method

FORMAT = "%(processName)s pid %(process)d: %(levelname)s %(message)s"


def worker(q, n, delay, fail):
    # A spawned worker starts with no handlers: nothing the parent set up under the main guard
    # is here. So the worker configures its own logging, whatever the start method: one handler.
    root = logging.getLogger()
    root.addHandler(logging.handlers.QueueHandler(q))  # a record goes on the Queue, pickled
    root.setLevel(logging.INFO)
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    logging.info("child %d: started", n)
    logging.info("child %d: done, %d * %d = %d", n, n, n, n * n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many worker processes")
    parser.add_argument("--delay", type=float, default=1.0, help="each worker's pause, in seconds")
    parser.add_argument("--fail", type=int, help="worker N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    q = Queue()
    handler = logging.StreamHandler(sys.stdout)  # the one handler that writes every record
    handler.setFormatter(logging.Formatter(FORMAT))
    listener = logging.handlers.QueueListener(q, handler)
    listener.start()  # a thread in the parent: takes each record off the Queue, hands it on
    children = [Process(target=worker, args=(q, n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()  # a worker's records are all in the Queue's pipe once it has exited
    listener.stop()  # puts a sentinel after them and waits until the thread has written them all
    print(f"parent: {len(children)} workers joined, listener stopped", flush=True)
