"""Manager: a server process holds a dict; ten children change it through proxies."""

import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(d, n, delay, events):
    time.sleep(delay)
    d[n] = n * n  # a proxy: this is a message to the manager's server process, not a local write
    events.say("sent", {"key": n, "value": n * n, "keys_now": len(d)})


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    with ctx.Manager() as manager:  # starts the server process; leaving the block stops it
        d = manager.dict()
        children = [
            ctx.Process(target=child, args=(d, n, delay, events), name=f"child-{n}")
            for n in range(workers)
        ]
        for p in children:
            p.start()
        for p in children:
            p.join()
        return sorted(d.items())  # insertion order depends on timing: sort for a stable view


if __name__ == "__main__":
    standalone(run, __doc__)
