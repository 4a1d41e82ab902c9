"""Forgotten task_done(): a worker skips it when a task fails, and the parent's join() never returns."""
from ipctutor.engine.demos._events import Events, child_process

TASKS = 12  # put by the parent; every fifth one fails (4, 9 ...)


def handle(n):
    if n % 5 == 4:
        raise ValueError(f"task {n} is a bad one")
    return n * n


@child_process
def worker_forgets(tasks, results, events):
    while True:
        n = tasks.get()
        if n is None:
            tasks.task_done()
            return
        try:
            results.put(["ok", n, handle(n)])
            events.say("task", n)
            tasks.task_done()  # only on the way that worked
        except ValueError as exc:
            results.put(["failed", n, str(exc)])  # reported, but this task is never marked done
            events.say("task failed", n)


@child_process
def worker_always_done(tasks, results, events):
    while True:
        n = tasks.get()
        if n is None:
            tasks.task_done()
            return
        try:
            results.put(["ok", n, handle(n)])
            events.say("task", n)
        except ValueError as exc:
            results.put(["failed", n, str(exc)])
            events.say("task failed", n)
        finally:
            tasks.task_done()  # once per get(), whatever happened


def serve(ctx, workers, events, worker, count):
    tasks, results = ctx.JoinableQueue(), ctx.SimpleQueue()
    children = [ctx.Process(target=worker, args=(tasks, results, events), name=f"child-{n}")
                for n in range(workers)]
    for p in children:
        p.start()
    for n in range(count):
        tasks.put(n)
    events.say("put", f"{count} tasks")
    tasks.join()  # waits until task_done() was called once per task: forgotten once, forever
    events.say("joined", f"{count} tasks done")
    outcomes = [results.get() for _ in range(count)]
    for _ in children:
        tasks.put(None)
    for p in children:
        p.join()
    failed = sorted(n for kind, n, _ in outcomes if kind == "failed")
    return {"tasks": count, "ok": count - len(failed), "failed": failed}


def broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, workers, events or Events(), worker_forgets, size or TASKS)


def fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, workers, events or Events(), worker_always_done, size or TASKS)
