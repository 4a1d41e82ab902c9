"""Released once (fixed): `with room:` acquires on entry and releases exactly once on leaving."""
import argparse
import os
import time
from multiprocessing import BoundedSemaphore, Process, Value, get_start_method

ROOM, TURNS = 2, 3  # room for two at once, if released correctly; three turns per worker


def release_once(room, inside, most, n):
    for _ in range(TURNS):
        with room:  # acquire on entry, exactly one release on leaving, even on an exception
            with inside.get_lock():
                inside.value += 1
                most.value = max(most.value, inside.value)  # the most ever inside together
            time.sleep(0.05)  # a while inside, so that workers overlap
            with inside.get_lock():
                inside.value -= 1
    print(f"child {n}: pid {os.getpid()} took {TURNS} turns", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many workers")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    room, inside, most = BoundedSemaphore(ROOM), Value("i", 0), Value("i", 0, lock=False)
    children = [Process(target=release_once, args=(room, inside, most, n), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    failed = sum(p.exitcode != 0 for p in children)
    try:
        value = room.get_value()
    except NotImplementedError:  # macOS has no way to read a semaphore's value
        value = "unknown"
    print(f"most inside at once: {most.value} (room for {ROOM}); semaphore value at the end: {value}; "
          f"failed workers: {failed} of {args.workers}")
