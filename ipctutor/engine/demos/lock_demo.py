"""Lock: ten children write two lines each to one file, holding a Lock so no one cuts in."""

import os
import tempfile
import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(lock, path, n, delay, events):
    time.sleep(delay)  # sleep outside the lock: holding it while sleeping would serialise everyone
    with lock:  # acquire() ... release(), even if the body raises
        events.say("holding lock")
        with open(path, "a") as log:
            log.write(f"child {n} (pid {os.getpid()}): first line\n")
            log.flush()
            time.sleep(0.01)  # a pause between the two lines: still no one else gets in
            log.write(f"child {n} (pid {os.getpid()}): second line\n")
    events.say("released lock")


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    lock = ctx.Lock()
    fd, path = tempfile.mkstemp(prefix="ipctutor-lock-", suffix=".txt")
    os.close(fd)
    try:
        children = [
            ctx.Process(target=child, args=(lock, path, n, delay, events), name=f"child-{n}")
            for n in range(workers)
        ]
        for p in children:
            p.start()
        for p in children:
            p.join()
        with open(path) as log:
            return log.read().splitlines()
    finally:
        os.remove(path)


if __name__ == "__main__":
    standalone(run, __doc__)
