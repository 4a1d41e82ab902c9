"""JoinableQueue: workers take tasks and call task_done(); the parent's join() waits for them all."""

import os
import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def worker(tasks, results, delay, events):
    while True:
        n = tasks.get()
        if n is None:  # the parent's "no more work"
            tasks.task_done()  # a sentinel is an item too: every get() needs its task_done()
            return
        time.sleep(delay / 2)
        results.put([n, n * n, os.getpid()])  # SimpleQueue: written by put() itself, no thread
        events.say("task", f"{n} * {n} = {n * n}")
        tasks.task_done()  # after the result is out: join() in the parent may now count it


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    tasks = ctx.JoinableQueue()  # a Queue that counts unfinished tasks
    results = ctx.SimpleQueue()  # no feeder thread: put() pickles and writes before it returns
    children = [
        ctx.Process(target=worker, args=(tasks, results, delay, events), name=f"child-{n}")
        for n in range(workers)
    ]
    for p in children:
        p.start()
    count = workers * 2  # more tasks than workers: each worker takes several
    for n in range(count):
        tasks.put(n)
    events.say("put", f"{count} tasks")
    tasks.join()  # returns once task_done() was called once for every task put
    events.say("joined", f"{count} tasks done")
    received = [results.get() for _ in range(count)]  # all there: each was put before task_done()
    for _ in children:
        tasks.put(None)  # one sentinel per worker, so each leaves its loop
    for p in children:
        p.join()
    return sorted(received)


if __name__ == "__main__":
    standalone(run, __doc__)
