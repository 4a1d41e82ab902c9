"""Globals (fixed): the parent makes the Queue and passes it to every child in args, which works
under every start method."""
import argparse
import os
from multiprocessing import Process, Queue, get_start_method


def child(q, n):
    q.put(["hello", n])  # the Queue came in args: sent to the child, whatever the start method
    print(f"child {n}: pid {os.getpid()} put ['hello', {n}]", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    q = Queue()
    children = [Process(target=child, args=(q, n), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for _ in children:
        print(f"parent: got {q.get()}", flush=True)
    for p in children:
        p.join()
    print(f"received: {len(children)} messages")
