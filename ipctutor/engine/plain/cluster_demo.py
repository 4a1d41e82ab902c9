"""Cluster: the Pool lesson's map on Dask's distributed scheduler (a LocalCluster), or on a Pool
when Dask is not installed (pip install 'ipctutor[cluster]')."""
import argparse
import functools
import os
import time
from multiprocessing import Pool, get_start_method


def square(n, delay=0.0, fail=None):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"task {n} was told to fail (--fail {n})")
    print(f"worker: pid {os.getpid()}, parent {os.getppid()}, did {n} * {n} = {n * n}", flush=True)
    return [n, n * n, os.getpid()]  # which worker did it


def on_dask(workers, task):
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:  # Dask is optional: the same map on a Pool
        print("Dask is not installed; the same map runs on a Pool (pip install 'ipctutor[cluster]')")
        with Pool(processes=workers) as pool:
            try:
                pool.map(lambda x: x + 1, range(3))
            except Exception as exc:  # pickle cannot send a lambda to a worker
                print(f"lambda: {type(exc).__name__}: {exc}")
            return pool.map(task, range(workers * 2))
    # Dask's workers start as this script's children do, but never by fork: this process runs the
    # scheduler's threads, and a process forked from one that runs threads can hang
    method = "spawn" if get_start_method() == "fork" else get_start_method()
    dask.config.set({"distributed.worker.multiprocessing-method": method})
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0",  # any port
                      silence_logs="CRITICAL") as cluster, Client(cluster) as client:
        # the scheduler runs inside this process; each worker is a process of its own
        print(f"cluster: scheduler {cluster.scheduler_address}, pid {client.run_on_scheduler(os.getpid)}, "
              f"workers started by {method}")
        print(f"lambda: {client.gather(client.map(lambda x: x + 1, range(3)))}")  # lambdas travel
        return client.gather(client.map(task, range(workers * 2)))  # results in order


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="worker processes (at most 4)")
    parser.add_argument("--delay", type=float, default=1.0, help="each task's pause, in seconds")
    parser.add_argument("--fail", type=int, help="task N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    workers = min(args.workers, 4)  # each Dask worker is a process that imports Dask: slow to start
    print(f"map: {on_dask(workers, functools.partial(square, delay=args.delay, fail=args.fail))}")
