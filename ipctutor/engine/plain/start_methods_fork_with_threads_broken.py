"""fork while another thread holds a lock (broken): each child's copy of the lock stays locked, and
the thread that would release it was never copied."""
import argparse
import os
import threading
import time
import warnings
from multiprocessing import Process, get_start_method

CACHE_LOCK = threading.Lock()  # module-level, as a cache, a logger or a connection pool keeps one


def refresh_cache(holding):
    with CACHE_LOCK:  # the parent's background thread takes the lock and works a while
        holding.set()
        time.sleep(0.5)


def use_cache(n):
    print(f"child {n}: pid {os.getpid()} waiting for the lock", flush=True)
    with CACHE_LOCK:  # under fork: copied while locked, and nobody here to release it
        print(f"child {n}: pid {os.getpid()} got the lock", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many children")
    args = parser.parse_args()
    warnings.simplefilter("default", DeprecationWarning)  # show 3.12+'s warning, hidden otherwise
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    holding = threading.Event()
    threading.Thread(target=refresh_cache, args=(holding,), name="cache-thread").start()
    holding.wait()  # cache-thread holds the lock now
    children = [Process(target=use_cache, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    print(f"parent: started {len(children)} children while cache-thread held the lock", flush=True)
    for p in children:
        p.join()
    print(f"got the lock: {sum(p.exitcode == 0 for p in children)} of {len(children)} children")
