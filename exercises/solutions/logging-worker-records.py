"""Each worker logs the square of its number; the parent prints `done COUNT`.

Run it:  python logging-worker-records.py [COUNT]
It should print one line per worker,  child-N: square of N is S  (in any order), then  done COUNT
"""
import logging
import logging.handlers
import multiprocessing
import sys


def square(queue, n):
    # a spawned worker never ran basicConfig: it sets up its own logging, into the parent's queue
    root = logging.getLogger()
    root.handlers = [logging.handlers.QueueHandler(queue)]
    root.setLevel(logging.INFO)
    logging.info("square of %d is %d", n, n * n)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(processName)s: %(message)s")
    queue = multiprocessing.Queue()
    listener = logging.handlers.QueueListener(queue, *logging.getLogger().handlers)
    listener.start()  # one thread in the parent writes every worker's records
    children = [
        multiprocessing.Process(target=square, args=(queue, n), name=f"child-{n}")
        for n in range(count)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    listener.stop()  # every record is written before stop() returns
    print(f"done {count}")
