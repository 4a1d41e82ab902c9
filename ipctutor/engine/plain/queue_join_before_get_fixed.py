"""Join before get (fixed): children put big items; the parent gets them all first, then joins."""
import argparse
import os
from multiprocessing import Process, Queue, get_start_method


def put_big(q, n, size):
    q.put(bytes(size))  # a feeder thread writes it into the pipe; the child exits only after that
    print(f"child {n}: pid {os.getpid()} put {size:,} bytes", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many children")
    parser.add_argument("--size", type=int, default=100_000, help="bytes per item")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    q = Queue()
    children = [Process(target=put_big, args=(q, n, args.size), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    got = [len(q.get()) for _ in children]  # get first: the pipe drains, the children can exit
    for p in children:
        p.join()
    print(f"got: {len(got)} items of {args.size:,} bytes, and every child has exited")
