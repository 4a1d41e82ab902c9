"""A worker dies: ProcessPoolExecutor fails every unfinished future with BrokenProcessPool; Pool waits.

worker-dies: one task calls os._exit(1) inside a ProcessPoolExecutor (broken), or raises (fixed).
pool-hangs: the same os._exit(1) under multiprocessing.Pool, whose starmap() never returns
(broken), and the task raising instead, which starmap() raises in the parent at once (fixed).
"""
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ipctutor.engine.demos._events import Events

PAUSE = 0.3  # seconds each task sleeps; the deadly task ends at once
events = None  # set in each worker by the initializer


def start_worker(worker_events):
    global events
    events = worker_events
    events.child_started()


def task(n, deadly, how):
    """Task `deadly` ends its worker (how="exit") or raises (how="raise"); the others sleep and return."""
    if n == deadly:
        events.say("task failed", f"{n}: {'os._exit(1)' if how == 'exit' else 'raise RuntimeError'}")
        if how == "exit":
            os._exit(1)  # the worker process is gone, no exception, no result
        raise RuntimeError(f"task {n} went wrong")
    time.sleep(PAUSE)
    events.say("task", n)
    return [n, os.getpid()]


def with_executor(ctx, workers, events, how):
    count = workers * 2
    deadly = workers  # the first task of the second round: the first round may have finished
    outcomes = []
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                   initializer=start_worker, initargs=(events,))
    try:
        futures = [executor.submit(task, n, deadly, how) for n in range(count)]
        for future in futures:
            error = future.exception()  # waits for this future; None if it returned
            outcomes.append("returned" if error is None else type(error).__name__)
        try:
            later = executor.submit(task, count, deadly, how)  # one more task, after all that
        except BrokenProcessPool as exc:  # a broken executor refuses it in submit() itself
            new_work, after = f"BrokenProcessPool: {exc}", None
        else:
            new_work, after = "accepted", later.result()
        events.say("after", new_work)
    except BaseException:  # the watchdog or Ctrl-C: do not wait for the tasks still queued
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()  # waits until every worker has exited
    return {"tasks": count, "deadly": deadly, "outcomes": outcomes,
            "returned": outcomes.count("returned"), "broken": outcomes.count("BrokenProcessPool"),
            "raised": outcomes.count("RuntimeError"), "new_work": new_work, "new_result": after}


def broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return with_executor(ctx, workers, events or Events(), "exit")


def fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return with_executor(ctx, workers, events or Events(), "raise")


def with_pool(ctx, workers, events, how):
    count = workers * 2
    with ctx.Pool(processes=workers, initializer=start_worker, initargs=(events,)) as pool:
        try:
            # "exit": the pool starts a new worker, but the lost task's result never comes
            results = pool.starmap(task, [(n, workers, how) for n in range(count)])
        except RuntimeError as exc:  # "raise": the task's exception, raised here in the parent
            return {"tasks": count, "raised": f"{type(exc).__name__}: {exc}"}
    return {"tasks": count, "results": results}


def pool_broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return with_pool(ctx, workers, events or Events(), "exit")


def pool_fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return with_pool(ctx, workers, events or Events(), "raise")
