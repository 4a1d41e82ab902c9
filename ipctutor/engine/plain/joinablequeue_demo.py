"""JoinableQueue: workers take tasks and call task_done(); the parent's join() waits for them all."""
import argparse
import os
import time
from multiprocessing import JoinableQueue, Process, SimpleQueue, get_start_method


def worker(tasks, results, n, delay, fail):
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    while True:
        task = tasks.get()
        if task is None:  # the parent's "no more work"
            tasks.task_done()  # a sentinel is an item too: every get() needs its task_done()
            return
        time.sleep(delay / 2)
        results.put([task, task * task, os.getpid()])  # SimpleQueue: put() writes it, no thread
        print(f"child {n}: pid {os.getpid()} did {task} * {task} = {task * task}", flush=True)
        tasks.task_done()  # after the result is out: join() in the parent may now count it


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many worker processes")
    parser.add_argument("--delay", type=float, default=1.0, help="each task takes half of it")
    parser.add_argument("--fail", type=int, help="worker N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    tasks, results = JoinableQueue(), SimpleQueue()  # a Queue that counts unfinished tasks
    children = [Process(target=worker, args=(tasks, results, n, args.delay, args.fail), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    count = args.workers * 2  # more tasks than workers: each worker takes several
    for task in range(count):
        tasks.put(task)
    tasks.join()  # returns once task_done() was called once for every task put
    print(f"parent: join() returned, {count} tasks done", flush=True)
    done = sorted(results.get() for _ in range(count))  # all there: each was put before task_done()
    for _ in children:
        tasks.put(None)  # one sentinel per worker, so each leaves its loop
    for p in children:
        p.join()
    print(f"results: {done}")
