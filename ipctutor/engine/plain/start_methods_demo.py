"""Start methods: what each child got from its parent (a copy, or a fresh start) and how soon it ran."""
import argparse
import os
import sys
import time
from multiprocessing import Process, get_start_method

# None when this file is imported; the parent sets it at run time. A fork child is a copy of the
# parent's memory and sees the new value; a spawn or forkserver child imports this file afresh.
SET_AT_RUN_TIME = None


def child(n, asked_at, delay, fail):
    began = time.monotonic()  # one system-wide clock: comparable with the parent's asked_at
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    main = sys.modules["__main__"]  # under spawn: the parent's script run again, as __mp_main__
    file = os.path.basename(getattr(main, "__file__", ""))  # no file when started by python -c
    print(f"child {n}: pid {os.getpid()}, ppid {os.getppid()}, main module {main.__name__} ({file}), "
          f"sees the global: {SET_AT_RUN_TIME is not None}, "
          f"began {(began - asked_at) * 1000:.1f} ms after start()", flush=True)
    time.sleep(delay)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    SET_AT_RUN_TIME = f"set by the parent (pid {os.getpid()}) at run time"
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    children = []
    for n in range(args.workers):
        asked_at = time.monotonic()  # just before start(): the child measures from here
        p = Process(target=child, args=(n, asked_at, args.delay, args.fail), name=f"child-{n}")
        p.start()
        children.append(p)
    for p in children:
        p.join()
    print(f"exit codes: {[p.exitcode for p in children]}, all started by {get_start_method()}")
