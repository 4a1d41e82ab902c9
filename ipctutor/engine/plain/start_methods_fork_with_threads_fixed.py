"""The same under spawn (fixed): each child imports this file afresh and gets a new, unlocked lock,
whatever another thread of the parent holds."""
import argparse
import os
import threading
import time
import warnings
from multiprocessing import get_context

CACHE_LOCK = threading.Lock()  # module-level, as a cache, a logger or a connection pool keeps one


def refresh_cache(holding):
    with CACHE_LOCK:  # the parent's background thread takes the lock and works a while
        holding.set()
        time.sleep(0.5)


def use_cache(n):
    print(f"child {n}: pid {os.getpid()} waiting for the lock", flush=True)
    with CACHE_LOCK:  # a new lock, made when this child imported the file
        print(f"child {n}: pid {os.getpid()} got the lock", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many children")
    args = parser.parse_args()
    warnings.simplefilter("default", DeprecationWarning)  # show 3.12+'s warning, hidden otherwise
    spawn = get_context("spawn")  # this code's own start method, whatever the default is
    print(f"parent: pid {os.getpid()}, start method {spawn.get_start_method()}", flush=True)
    holding = threading.Event()
    threading.Thread(target=refresh_cache, args=(holding,), name="cache-thread").start()
    holding.wait()  # cache-thread holds the lock now
    children = [spawn.Process(target=use_cache, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    print(f"parent: started {len(children)} children while cache-thread held the lock", flush=True)
    for p in children:
        p.join()
    print(f"got the lock: {sum(p.exitcode == 0 for p in children)} of {len(children)} children")
