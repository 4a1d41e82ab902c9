"""task_done() in finally (fixed): once per get(), whatever the task did, so join() returns."""
import argparse
import os
from multiprocessing import JoinableQueue, Process, get_start_method


def worker(tasks, n):
    while True:
        task = tasks.get()
        if task is None:  # the parent's "no more work"
            tasks.task_done()
            return
        try:
            if task % 5 == 4:  # every fifth task (4, 9 ...) goes wrong
                raise ValueError(f"task {task} is a bad one")
            print(f"child {n}: pid {os.getpid()} task {task} done: {task * task}", flush=True)
        except ValueError as exc:
            print(f"child {n}: pid {os.getpid()} task {task} failed: {exc}", flush=True)
        finally:
            tasks.task_done()  # once per get(), whatever happened


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many workers")
    parser.add_argument("--size", type=int, default=12, help="how many tasks")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    tasks = JoinableQueue()  # a Queue that counts unfinished tasks
    children = [Process(target=worker, args=(tasks, n), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for task in range(args.size):
        tasks.put(task)
    print(f"parent: put {args.size} tasks; join() waits for a task_done() for each", flush=True)
    tasks.join()  # returns once the last task is over, failed ones included
    print(f"parent: join() returned, all {args.size} tasks are over", flush=True)
    for _ in children:
        tasks.put(None)  # one "no more work" per worker
    for p in children:
        p.join()
