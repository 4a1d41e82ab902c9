"""Lock: ten children write two lines each to one file, holding a Lock so that no one cuts in."""
import argparse
import os
import tempfile
import time
from multiprocessing import Lock, Process, get_start_method


def child(lock, path, n, delay, fail):
    time.sleep(delay)  # outside the lock: sleeping while holding it would make everyone wait
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    with lock:  # acquire() ... release(), even if the body raises
        print(f"child {n}: pid {os.getpid()} holds the lock", flush=True)
        with open(path, "a") as log:
            log.write(f"child {n} (pid {os.getpid()}): first line\n")
            log.flush()
            time.sleep(0.01)  # a pause between the two lines: still no one else gets in
            log.write(f"child {n} (pid {os.getpid()}): second line\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    lock = Lock()
    fd, path = tempfile.mkstemp(prefix="lock-demo-", suffix=".txt")
    os.close(fd)  # the children open the file by its name
    children = [Process(target=child, args=(lock, path, n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    with open(path) as log:
        print(f"the file, {path}:\n" + log.read(), end="")
    os.remove(path)
