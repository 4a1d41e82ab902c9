"""Globals: the source material makes the Queue in the parent and uses it in the child as a global.

That works under fork, where a child is a copy of the parent. Under spawn and forkserver a child
imports the module afresh, the parent's assignment never runs there, and the name does not exist.
"""
import time

from ipctutor.engine.demos._events import Events, child_process


@child_process
def put_via_global(n, delay, events):
    time.sleep(delay)
    q.put(["hello", n])  # noqa: F821 - `q` exists only where the parent assigned it
    events.say("sent", ["hello", n])


@child_process
def put_via_args(q, n, delay, events):
    time.sleep(delay)
    q.put(["hello", n])  # the Queue came in args: pickled across, whatever the start method
    events.say("sent", ["hello", n])


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    global q
    q = ctx.Queue()  # like the source: made in the parent at run time, used by children as a global
    children = [ctx.Process(target=put_via_global, args=(n, delay, events or Events()),
                            name=f"child-{n}") for n in range(workers)]
    for p in children:
        p.start()
    received = [q.get() for _ in children]
    for p in children:
        p.join()
    return received


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    q = ctx.Queue()
    children = [ctx.Process(target=put_via_args, args=(q, n, delay, events or Events()),
                            name=f"child-{n}") for n in range(workers)]
    for p in children:
        p.start()
    received = [q.get() for _ in children]
    for p in children:
        p.join()
    return received
