"""Pipe: ten children send a message to the parent, all through one shared end of a Pipe."""

import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(conn, n, delay, events):
    time.sleep(delay)
    message = ["hello", n]
    conn.send(message)  # a small message goes out in one write, so writers cannot interleave
    events.say("sent", message)


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    parent_conn, child_conn = ctx.Pipe()  # two ends; by default each end can send and receive
    children = [
        ctx.Process(target=child, args=(child_conn, n, delay, events), name=f"child-{n}")
        for n in range(workers)
    ]
    for p in children:
        p.start()
    received = []
    for _ in children:  # exactly one message per child: recv() would wait forever for an 11th
        message = parent_conn.recv()
        events.say("received", message)
        received.append(message)
    for p in children:
        p.join()
    return received


if __name__ == "__main__":
    standalone(run, __doc__)
