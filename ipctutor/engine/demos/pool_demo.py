"""Pool: a fixed set of worker processes runs many tasks: map, imap and apply_async."""

import functools
import os
import time

from ipctutor.engine.demos._events import Events, standalone

events = None  # set in each worker by the initializer: one Events per worker process


def start_worker(worker_events):
    global events
    events = worker_events
    events.child_started()


def square(n, delay=0.0):
    time.sleep(delay)
    if n == events.fail:
        raise RuntimeError(f"task {n} was told to fail (--fail {n})")
    events.say("task", f"{n} * {n} = {n * n}")
    return [n, n * n, os.getpid()]  # which worker did it


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    tasks = range(workers * 2)  # more tasks than workers: each worker takes several
    with ctx.Pool(processes=workers, initializer=start_worker, initargs=(events,)) as pool:
        mapped = pool.map(functools.partial(square, delay=delay), tasks)  # blocks; keeps order
        streamed = list(pool.imap(square, range(3)))  # results one by one, in order
        pending = pool.apply_async(square, (workers,))  # returns at once; .get() waits
        single = pending.get(timeout=60)
        # leaving the with-block calls terminate(): fetch every result before it
    return {"map": mapped, "imap": streamed, "apply_async": single}


if __name__ == "__main__":
    standalone(run, __doc__)
