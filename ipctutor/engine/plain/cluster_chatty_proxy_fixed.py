"""One call each (fixed): each worker computes its items in its own memory and sends them all in
one call: one round trip instead of one per item."""
import argparse
import os
import time
from multiprocessing import Process, get_start_method
from multiprocessing.managers import BaseManager, DictProxy

SERVED = {}  # the one dict, in the manager's server process


def served_dict():
    return SERVED


class DictManager(BaseManager):
    """A manager that listens on (host, port), like `ipctutor manager serve`, serving one dict."""


DictManager.register("get_dict", callable=served_dict, proxytype=DictProxy)


def fill(d, n, numbers):
    len(d)  # the first call connects this process to the server: keep that out of the timing
    began = time.perf_counter()
    mine = {number: number * number for number in numbers}  # computed here, in this process
    d.update(mine)  # one round trip carries them all
    print(f"child {n}: pid {os.getpid()} wrote {len(numbers)} items in 1 call, "
          f"{time.perf_counter() - began:.4f} s", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many workers")
    parser.add_argument("--size", type=int, default=6_000, help="items to store")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    # TCP on loopback only: the messages are pickles, and only this machine may send them
    with DictManager(address=("127.0.0.1", 0), authkey=os.urandom(16)) as manager:
        print(f"manager: serving a dict on {manager.address[0]}:{manager.address[1]}", flush=True)
        d = manager.get_dict()
        children = [Process(target=fill, args=(d, n, range(args.size)[n::args.workers]),
                            name=f"child-{n}") for n in range(args.workers)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        stored = d.copy()  # one call: the whole dict comes back as one pickle
    right = all(stored.get(number) == number * number for number in range(args.size))
    print(f"stored: {len(stored)} items, {'all right' if right else 'some wrong'}")
