"""Queue: ten children each put a message on one Queue; the parent gets them all, then joins."""
import argparse
import os
import time
from multiprocessing import Process, Queue, get_start_method


def child(q, n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    message = ["hello", n]
    q.put(message)  # a feeder thread pickles and sends it: put() returns at once
    print(f"child {n}: pid {os.getpid()} put {message}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    q = Queue()  # passed in args: a global would not exist in a spawned child
    children = [Process(target=child, args=(q, n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for _ in children:  # get before join: a child cannot exit while its data waits in the pipe
        print(f"parent: got {q.get()}", flush=True)
    for p in children:
        p.join()
    print(f"received: {len(children)} messages")
