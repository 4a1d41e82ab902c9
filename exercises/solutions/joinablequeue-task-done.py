"""Workers take numbers from a JoinableQueue and add each one's square to a shared total; the parent
waits with join() until every number has been handled, then prints the total.

Run it:  python joinablequeue-task-done.py [WORKERS] [COUNT]
It should print one line:  sum of squares TOTAL   (the squares of 0 .. COUNT-1 added up)
"""
import multiprocessing
import sys


def add_squares(tasks, total):
    while True:
        n = tasks.get()
        try:
            if n is None:  # no more numbers
                return
            if n == 0:
                continue  # 0 squared adds nothing: skip it
            with total.get_lock():
                total.value += n * n
        finally:
            tasks.task_done()  # once per get(), however this turn ends: continue, return or an error


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    tasks = multiprocessing.JoinableQueue()
    total = multiprocessing.Value("q", 0)
    children = [multiprocessing.Process(target=add_squares, args=(tasks, total)) for _ in range(workers)]
    for child in children:
        child.start()
    for n in range(count):
        tasks.put(n)
    tasks.join()  # waits until task_done() was called for every item put
    for _ in children:
        tasks.put(None)
    for child in children:
        child.join()
    print(f"sum of squares {total.value}")
