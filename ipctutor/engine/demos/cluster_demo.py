"""Cluster: the Pool lesson's map on Dask's distributed scheduler (a LocalCluster), or on a Pool without Dask.

Dask is optional (`pip install 'ipctutor[cluster]'`): it is imported inside functions, so this module,
which every worker imports, needs only the standard library. Without Dask the same map runs on a
multiprocessing Pool, and the parent says so.
"""

import contextlib
import multiprocessing
import os
import pickle
import signal
import time
from multiprocessing import resource_tracker
from multiprocessing.reduction import ForkingPickler

from ipctutor.engine.demos._events import Events, standalone

MOST_WORKERS = 4  # each Dask worker is a Python process that imports Dask: ~0.3 s to start, each
INSTALL = "pip install 'ipctutor[cluster]'"


def start_worker(events):
    """Called once in each worker. Its Events is kept on the worker's own Process object, not in a
    global: Dask sends the functions of a script by value, each with a copy of its globals."""
    multiprocessing.current_process().events = events
    events.child_started()


def start_dask_worker(pickled_events):
    """Run on one Dask worker by client.run(): its Events, pickled the way multiprocessing does."""
    start_worker(pickle.loads(pickled_events))  # the report pipe's end arrives as a duplicated fd
    return os.getpid()


def square(n, delay=0.0):
    events = multiprocessing.current_process().events  # this worker's, set by start_worker
    time.sleep(delay)
    if n == events.fail:
        raise RuntimeError(f"task {n} was told to fail (--fail {n})")
    events.say("task", f"{n} * {n} = {n * n}")
    return [n, n * n, os.getpid()]  # which worker did it


@contextlib.contextmanager
def ctrl_c_held():
    """Ctrl-C held back while Dask starts, then raised (KeyboardInterrupt) once the cluster exists
    and its `with` can close it. Dask starts its worker processes from threads it makes here, and
    a thread, and a process started from it, keeps the signal mask it was born with: with SIGINT
    blocked meanwhile, the workers never get a Ctrl-C. And in the main thread Python's handler
    only remembers one, because another thread of ours may take the signal for the process."""
    # The first semaphore starts multiprocessing's resource tracker, and starting it *unblocks*
    # SIGINT in that thread afterwards: start it now, before the block, so that cannot happen.
    resource_tracker.ensure_running()
    caught = []
    handler = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        signal.signal(signal.SIGINT, handler)
    if caught:
        raise KeyboardInterrupt


def gather(client, futures):
    """client.gather(futures), once every future is done: waiting here, in this thread, a Ctrl-C
    leaves no gather half-done in Dask's event loop (it would print tracebacks as it closes)."""
    while not all(future.done() for future in futures):
        time.sleep(0.02)
    return client.gather(futures)  # the results, in the order of the futures (or a task's error)


def on_dask(ctx, n, delay, events, tasks):
    import logging

    import dask
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:  # closes the client, then the cluster: also on Ctrl-C
        began = time.monotonic()
        with (
            ctrl_c_held(),
            dask.config.set({"distributed.worker.multiprocessing-method": ctx.get_start_method()}),
        ):
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,  # n worker processes, a task each
                    dashboard_address=":0",
                    silence_logs=logging.CRITICAL,
                )
            )  # any free web port; quiet
            client = stack.enter_context(Client(cluster))
        started_s = round(time.monotonic() - began, 2)
        for address in client.scheduler_info()["workers"]:  # each gets its own copy of the pipe end
            client.run(start_dask_worker, bytes(ForkingPickler.dumps(events)), workers=[address])
        scheduler_pid = client.run_on_scheduler(os.getpid)
        events.say(
            "cluster up",
            {
                "scheduler": cluster.scheduler_address,
                "scheduler_pid": scheduler_pid,
                "workers": n,
                "seconds": started_s,
            },
        )
        futures = client.map(square, tasks, delay=delay)  # one task per item, sent to the scheduler
        mapped = gather(client, futures)  # waits for all; results in the order of tasks
        plus_one = gather(
            client, client.map(lambda x: x + 1, range(3))
        )  # cloudpickle ships lambdas
        return {
            "engine": "dask.distributed LocalCluster",
            "scheduler": cluster.scheduler_address,
            "scheduler_pid": scheduler_pid,
            "parent_pid": os.getpid(),
            "worker_pids": sorted(client.run(os.getpid).values()),
            "map": mapped,
            "lambda": plus_one,
        }


def on_a_pool(ctx, n, delay, events, tasks):
    import functools

    events.say("Dask is not installed; the same map runs on a Pool. To install it:", INSTALL)
    with ctx.Pool(processes=n, initializer=start_worker, initargs=(events,)) as pool:
        mapped = pool.map(functools.partial(square, delay=delay), tasks)
        try:
            pool.map(lambda x: x + 1, range(3))  # pickle cannot send a lambda to a worker
            plus_one = "sent"
        except Exception as exc:
            plus_one = f"{type(exc).__name__}: {exc}"
    return {
        "engine": f"multiprocessing.Pool (Dask is not installed: {INSTALL})",
        "parent_pid": os.getpid(),
        "worker_pids": sorted({pid for _, _, pid in mapped}),
        "map": mapped,
        "lambda": plus_one,
    }


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    n = min(workers, MOST_WORKERS)
    tasks = range(n * 2)  # more tasks than workers: each worker takes several
    try:
        import distributed  # noqa: F401 - only to learn whether Dask is installed
    except ImportError:
        return on_a_pool(ctx, n, delay, events, tasks)
    return on_dask(ctx, n, delay, events, tasks)


if __name__ == "__main__":
    standalone(run, __doc__)
