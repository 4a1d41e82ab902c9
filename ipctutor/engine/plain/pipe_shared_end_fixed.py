"""Shared end (fixed): many children send big messages through one Queue, which locks each write."""
import argparse
import os
from multiprocessing import Process, Queue, get_start_method

MESSAGES = 20  # per child


def send(q, n, size):
    for i in range(MESSAGES):
        q.put((n, i, bytes([65 + n % 26]) * size))  # child 0 sends AAAA..., child 1 BBBB...
    print(f"child {n}: pid {os.getpid()} sent {MESSAGES} messages of {size:,} bytes", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--size", type=int, default=65_536, help="bytes per message")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    q = Queue()  # a lock around each write: one message at a time goes into the pipe
    children = [Process(target=send, args=(q, n, args.size), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    intact = broken = 0
    sent = args.workers * MESSAGES
    for _ in range(sent):
        n, i, body = q.get()
        whole = body == bytes([65 + n % 26]) * args.size  # all of it from one child
        intact, broken = intact + whole, broken + (not whole)
    for p in children:
        p.join()
    print(f"messages: {intact} of {sent} intact, {broken} broken, {sent - intact - broken} lost")
