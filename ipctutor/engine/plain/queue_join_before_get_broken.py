"""Join before get (broken): children put big items, the parent joins them first, and nobody moves."""
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
    print("parent: joining every child before getting", flush=True)
    for p in children:
        p.join()  # waits for a child that waits for someone to read the pipe: a deadlock
    got = [len(q.get()) for _ in children]
    print(f"got: {len(got)} items of {args.size:,} bytes, and every child has exited")
