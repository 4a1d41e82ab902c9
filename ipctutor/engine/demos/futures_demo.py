"""ProcessPoolExecutor: submit() gives a Future per task; as_completed() yields each as it finishes."""

import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from ipctutor.engine.demos._events import Events, standalone

events = None  # set in each worker by the initializer: one Events per worker process


def start_worker(worker_events):
    global events
    events = worker_events
    events.child_started()


def task(n, pause):
    time.sleep(pause)
    if n == events.fail:
        raise RuntimeError(f"task {n} was told to fail (--fail {n})")
    events.say("task", f"{n} slept {pause:g} s")
    return [n, pause, os.getpid()]  # which worker ran it


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    count = workers * 2  # more tasks than workers: each worker runs several
    # Unequal pauses (the whole delay, half of it, none): tasks 0, 3, 6 ... are the slowest.
    pauses = [delay * (2 - n % 3) / 2 for n in range(count)]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=start_worker, initargs=(events,)
    ) as executor:
        try:
            futures = [
                executor.submit(task, n, pauses[n]) for n in range(count)
            ]  # each returns at once
            events.say("submitted", f"{count} tasks to {workers} workers")
            number = {future: n for n, future in enumerate(futures)}
            completed, results = [], [None] * count
            for future in as_completed(
                futures
            ):  # each Future once it is done, in the order they finish
                n = number[future]
                completed.append(n)
                error = (
                    future.exception()
                )  # None, or what the task raised, carried back to the parent
                results[n] = (
                    future.result()
                    if error is None
                    else [n, pauses[n], f"{type(error).__name__}: {error}"]
                )
            events.say("completed", completed)
        except (
            BaseException
        ):  # the watchdog or Ctrl-C: leaving `with` would wait for every queued task
            executor.shutdown(wait=False, cancel_futures=True)
            raise
    # leaving the with-block called shutdown(wait=True): every worker has exited
    return {
        "submitted": list(range(count)),
        "completed": completed,
        "results": results,
        "worker_pids": sorted({r[2] for r in results if isinstance(r[2], int)}),
    }


if __name__ == "__main__":
    standalone(run, __doc__)
