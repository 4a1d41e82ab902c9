"""Sync: children wait for the parent's Event, meet at a Barrier, take turns through a Semaphore,
and tell the parent they are done through a Condition."""

import time

from ipctutor.engine.demos._events import Events, child_process, standalone

ROOM = 3  # the semaphore's start value: at most this many children inside at once


@child_process
def child(go, everyone, room, inside, most, finished, done, n, delay, events):
    go.wait()  # Event: blocks until the parent calls go.set(); wait(timeout) returns False if not
    place = everyone.wait()  # Barrier: returns once every child has arrived, each a different index
    events.say("met at the barrier", {"index": place})
    with room:  # acquire on the way in, release once on the way out
        with inside.get_lock():
            inside.value += 1
            now = inside.value
            most.value = max(most.value, now)  # the most ever inside together
        events.say("inside", {"inside_now": now, "room": ROOM})
        time.sleep(delay / 4)
        with inside.get_lock():
            inside.value -= 1
    with done:  # Condition: change what the waiter checks, then notify, all under its lock
        finished.value += 1
        done.notify()


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    go = ctx.Event()
    everyone = ctx.Barrier(workers)  # a child that never arrives keeps the others waiting here
    room = ctx.BoundedSemaphore(ROOM)  # bounded: one release too many raises ValueError
    inside = ctx.Value("i", 0)
    most = ctx.RawValue("i", 0)  # written only under inside's lock
    finished = ctx.RawValue("i", 0)  # guarded by the Condition's lock, so no lock of its own
    done = ctx.Condition()
    children = [
        ctx.Process(
            target=child,
            args=(go, everyone, room, inside, most, finished, done, n, delay, events),
            name=f"child-{n}",
        )
        for n in range(workers)
    ]
    for p in children:
        p.start()
    time.sleep(delay)  # meanwhile every child that has started waits on the Event
    events.say("go.set()", {"children": workers})
    go.set()  # wakes every waiter at once, and later waiters do not wait at all
    with done:
        all_done = done.wait_for(lambda: finished.value == workers)  # re-checked on each notify
    for p in children:
        p.join()
    return {
        "all_done": all_done,
        "finished": finished.value,
        "event_set": go.is_set(),
        "barrier_broken": everyone.broken,
        "room": ROOM,
        "most_inside_at_once": most.value,
    }


if __name__ == "__main__":
    standalone(run, __doc__)
