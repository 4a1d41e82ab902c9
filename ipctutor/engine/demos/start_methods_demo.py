"""Start methods: what each child got from its parent (a copy, or a fresh start) and how soon it ran."""

import os
import sys
import time

from ipctutor.engine.demos._events import Events, child_process, standalone

# None when this file is imported; the parent sets it in run(). A fork child is a copy of the
# parent's memory and sees the new value; a spawn or forkserver child imports this file afresh.
SET_AT_RUN_TIME = None


@child_process
def child(n, asked_at, delay, results, events):
    began = time.monotonic()  # one system-wide clock: comparable with the parent's asked_at
    main = sys.modules["__main__"]  # under spawn, the parent's script run again as __mp_main__
    seen = {
        "n": n,
        "pid": os.getpid(),
        "ppid": os.getppid(),  # under forkserver: the fork server's PID, not the parent's
        "main": main.__name__,
        "file": os.path.basename(getattr(main, "__file__", None) or "") or None,
        "sees_global": SET_AT_RUN_TIME is not None,
        "after_ms": round((began - asked_at) * 1000, 1),
    }
    results.put(seen)  # a SimpleQueue: no feeder thread in this child or the parent
    events.say("began", {key: seen[key] for key in ("after_ms", "main", "sees_global")})
    time.sleep(delay)


def run(ctx, workers=10, delay=1.0, events=None):
    global SET_AT_RUN_TIME
    events = events or Events()
    SET_AT_RUN_TIME = f"set by the parent (pid {os.getpid()}) at run time"
    results = ctx.SimpleQueue()
    children = []
    for n in range(workers):
        asked_at = (
            time.monotonic()
        )  # just before Process() and start(): the child measures from here
        p = ctx.Process(target=child, args=(n, asked_at, delay, results, events), name=f"child-{n}")
        p.start()
        children.append(p)
    events.say("started children", f"{workers} children by {ctx.get_start_method()}")
    seen = [results.get() for _ in children]
    for p in children:
        p.join()
    return sorted(seen, key=lambda child_saw: child_saw["n"])


if __name__ == "__main__":
    standalone(run, __doc__)
