"""Globals (broken): the parent makes the Queue, and the children use it as a global, as the source
material does. Under fork a child is a copy of the parent; under spawn and forkserver it is not."""
import argparse
import os
from multiprocessing import Process, Queue, get_start_method


def child(n):
    q.put(["hello", n])  # noqa: F821 - q exists only where the parent assigned it
    print(f"child {n}: pid {os.getpid()} put ['hello', {n}]", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    q = Queue()  # a global, set at run time: a spawned child imports this file and never runs this
    children = [Process(target=child, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for _ in children:
        print(f"parent: got {q.get()}", flush=True)
    for p in children:
        p.join()
    print(f"received: {len(children)} messages")
