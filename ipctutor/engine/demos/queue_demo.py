"""Queue: ten children each put a message on one Queue; the parent gets them all, then joins."""

import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(q, n, delay, events):
    time.sleep(delay)
    message = ["hello", n]
    q.put(message)  # handed to a feeder thread that pickles and sends it: put() returns at once
    events.say("sent", message)


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    q = ctx.Queue()  # passed in args: a global would not exist in a spawned child
    children = [
        ctx.Process(target=child, args=(q, n, delay, events), name=f"child-{n}")
        for n in range(workers)
    ]
    for p in children:
        p.start()
    received = []
    for _ in children:  # get before join: a child cannot exit while its data sits in the pipe
        message = q.get()
        events.say("received", message)
        received.append(message)
    for p in children:
        p.join()
    return received


if __name__ == "__main__":
    standalone(run, __doc__)
