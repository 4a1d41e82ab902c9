"""Race: every worker adds 1 to one shared Value many times. Without the lock, updates get lost."""
import time

from ipctutor.engine.demos._events import Events, child_process

INCREMENTS = 20_000  # per worker: enough that two cores collide often


@child_process
def add_without_lock(counter, ready, times, events):
    ready.wait(timeout=30)  # all start together, so the race shows under spawn too
    for _ in range(times):
        counter.value += 1  # read, add, write: another process can write in between
    events.say("added", times)


@child_process
def add_with_lock(counter, ready, times, events):
    ready.wait(timeout=30)
    for _ in range(times):
        with counter.get_lock():  # one process at a time from read to write
            counter.value += 1
    events.say("added", times)


def count(ctx, workers, events, adder, times):
    counter = ctx.Value("i", 0)
    ready = ctx.Barrier(workers)  # released when every worker has arrived
    children = [ctx.Process(target=adder, args=(counter, ready, times, events), name=f"child-{n}")
                for n in range(workers)]
    started = time.perf_counter()
    for p in children:
        p.start()
    for p in children:
        p.join()
    expected = workers * times
    return {"expected": expected, "actual": counter.value, "lost": expected - counter.value,
            "seconds": round(time.perf_counter() - started, 3)}


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    return count(ctx, workers, events or Events(), add_without_lock, size or INCREMENTS)


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    return count(ctx, workers, events or Events(), add_with_lock, size or INCREMENTS)
