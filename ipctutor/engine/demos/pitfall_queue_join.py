"""Join before get: children put big items, the parent joins them first, and nobody ever moves."""
from ipctutor.engine.demos._events import Events, child_process

SIZE = 100_000  # bytes per item: more than a pipe holds (64 KiB on Linux)


@child_process
def put_big(q, n, size, events):
    q.put(bytes(size))  # a feeder thread writes it into the pipe; the child waits for it to finish
    events.say("put", f"{size:,} bytes")


def start(ctx, workers, events, size):
    q = ctx.Queue()
    children = [ctx.Process(target=put_big, args=(q, n, size, events), name=f"child-{n}")
                for n in range(workers)]
    for p in children:
        p.start()
    return q, children


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    q, children = start(ctx, workers, events or Events(), size or SIZE)
    for p in children:
        p.join()  # waits for a child that waits for someone to read the pipe: deadlock
    return [len(q.get()) for _ in children]


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    q, children = start(ctx, workers, events or Events(), size or SIZE)
    received = [len(q.get()) for _ in children]  # get first: the pipe drains, children can exit
    for p in children:
        p.join()
    return received
