"""Process: start ten children, let each say who it is, and wait for all of them (join)."""

import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(n, delay, events):
    time.sleep(delay)
    # os.getpid() and os.getppid() travel with every report: see Events.say
    events.say("said", f"hello {n}")


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    children = [
        ctx.Process(target=child, args=(n, delay, events), name=f"child-{n}")
        for n in range(workers)
    ]
    for p in children:
        p.start()  # the parent goes on at once: children run at the same time
    for p in children:
        p.join()  # wait until this child has exited
    return [{"name": p.name, "pid": p.pid, "exitcode": p.exitcode} for p in children]


if __name__ == "__main__":
    standalone(run, __doc__)
