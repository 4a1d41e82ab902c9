"""Pipe: ten children send a message to the parent, all through one shared end of a Pipe."""
import argparse
import os
import time
from multiprocessing import Pipe, Process, get_start_method


def child(conn, n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    message = ["hello", n]
    conn.send(message)  # a small message goes out in one write, so writers cannot interleave
    print(f"child {n}: pid {os.getpid()} sent {message}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    parent_conn, child_conn = Pipe()  # two ends; by default each can send and receive
    children = [Process(target=child, args=(child_conn, n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for _ in children:  # one message per child: a recv() more would wait forever
        print(f"parent: got {parent_conn.recv()}", flush=True)
    for p in children:
        p.join()
    print(f"received: {len(children)} messages")
