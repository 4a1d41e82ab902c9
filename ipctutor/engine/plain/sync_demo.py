"""Sync: children wait for an Event, meet at a Barrier, take turns through a Semaphore, and tell
the parent they are done through a Condition."""
import argparse
import os
import time
from multiprocessing import Barrier, BoundedSemaphore, Condition, Event, Process, Value, get_start_method

ROOM = 3  # the semaphore's start value: at most this many children inside at once


def child(go, everyone, room, finished, done, n, delay, fail):
    go.wait()  # Event: blocks until the parent calls go.set()
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    place = everyone.wait()  # Barrier: returns once all have arrived, each a different index
    with room:  # acquire on the way in, release once on the way out
        print(f"child {n}: pid {os.getpid()} in the room (barrier index {place})", flush=True)
        time.sleep(delay / 4)
        print(f"child {n}: leaving the room", flush=True)
    with done:  # Condition: change what the waiter checks, then notify, all under its lock
        finished.value += 1
        done.notify()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="the parent's pause before go.set()")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    go, everyone, room = Event(), Barrier(args.workers), BoundedSemaphore(ROOM)
    finished, done = Value("i", 0, lock=False), Condition()  # finished: under done's lock
    children = [Process(target=child, args=(go, everyone, room, finished, done, n, args.delay,
                                            args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    time.sleep(args.delay)  # meanwhile every child that has started waits on the Event
    print(f"parent: go.set() for {args.workers} children", flush=True)
    go.set()  # wakes every waiter at once; later waiters do not wait at all
    with done:  # wait_for re-checks its condition after each notify()
        all_done = done.wait_for(lambda: finished.value == args.workers)
    for p in children:
        p.join()
    print(f"finished: {finished.value} of {args.workers}, all done: {all_done}")
