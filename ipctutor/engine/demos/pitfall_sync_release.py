"""One release too many: each worker releases the semaphore twice per turn. A Semaphore silently
grows and lets more workers in; a BoundedSemaphore raises ValueError; `with room:` releases once."""
import time

from ipctutor.engine.demos._events import Events, child_process

ROOM = 2  # the semaphore's start value: at most two inside at once, if released correctly
TURNS = 3  # turns per worker
HOLD = 0.05  # seconds inside per turn, so that workers overlap


def enter(inside, most):
    with inside.get_lock():
        inside.value += 1
        most.value = max(most.value, inside.value)


def leave(inside):
    with inside.get_lock():
        inside.value -= 1


@child_process
def release_twice(room, inside, most, events):
    for _ in range(TURNS):
        room.acquire()
        try:
            enter(inside, most)
            time.sleep(HOLD)
            leave(inside)
            room.release()  # released here ...
        finally:
            room.release()  # ... and again here, "to be safe": one release too many
    events.say("turns done", TURNS)


@child_process
def release_once(room, inside, most, events):
    for _ in range(TURNS):
        with room:  # acquire on entry, exactly one release on leaving, even on an exception
            enter(inside, most)
            time.sleep(HOLD)
            leave(inside)
    events.say("turns done", TURNS)


def crowd(ctx, workers, events, semaphore, worker):
    room = semaphore(ROOM)
    inside, most = ctx.Value("i", 0), ctx.RawValue("i", 0)
    children = [ctx.Process(target=worker, args=(room, inside, most, events), name=f"child-{n}")
                for n in range(workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    try:
        value = room.get_value()  # not implemented on macOS
    except NotImplementedError:
        value = None
    return {"room": ROOM, "most_inside_at_once": most.value, "value_at_the_end": value,
            "failed": sum(p.exitcode != 0 for p in children)}


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    return crowd(ctx, workers, events or Events(), ctx.Semaphore, release_twice)


def bounded(ctx, workers=10, delay=0.0, events=None, size=None):
    return crowd(ctx, workers, events or Events(), ctx.BoundedSemaphore, release_twice)


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    return crowd(ctx, workers, events or Events(), ctx.BoundedSemaphore, release_once)
