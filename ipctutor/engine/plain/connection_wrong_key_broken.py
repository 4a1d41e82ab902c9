"""Wrong key (broken): one caller dials with a wrong authkey, and a server that does not catch the
error stops, for everyone."""
import argparse
import os
from multiprocessing import AuthenticationError, Event, Process, get_start_method
from multiprocessing.connection import Client, Listener

WRONG = 1  # child 1 dials first, with a key of its own; the others wait until it has tried


def dial(address, authkey, n, first_tried):
    if n != WRONG:
        first_tried.wait()
    try:
        with Client(address, authkey=os.urandom(16) if n == WRONG else authkey) as conn:
            conn.send(["hello", n])
            print(f"child {n}: pid {os.getpid()} sent ['hello', {n}]", flush=True)
    except AuthenticationError as exc:
        print(f"child {n}: pid {os.getpid()} was refused: {exc}", flush=True)
    finally:
        first_tried.set()  # child 1 has tried: the others may dial now


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many callers (at least 2)")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    authkey, first_tried = os.urandom(16), Event()
    with Listener(("127.0.0.1", 0), authkey=authkey) as listener:  # loopback only
        # daemon: callers still waiting when the server ends are stopped with it (under fork each
        # holds a copy of the listening socket, so a connection it made is never refused)
        children = [Process(target=dial, args=(listener.address, authkey, n, first_tried),
                            name=f"child-{n}", daemon=True) for n in range(max(args.workers, 2))]
        for p in children:
            p.start()
        for _ in children:
            with listener.accept() as conn:  # checks the caller's key: a wrong one raises here
                print(f"parent: served {conn.recv()}", flush=True)
    for p in children:
        p.join()
    print(f"served: {len(children)} callers")
