"""Forking while another thread holds a lock: the child's copy of that lock stays locked for good.

fork() copies the parent's memory, a held lock included, but only the thread that called fork():
the thread that would release the lock does not exist in the child. A spawn or forkserver child
imports this module afresh and gets a new, unlocked lock.
"""
import sys
import threading
import time
import warnings

from ipctutor.engine.demos._events import Events, child_process

CACHE_LOCK = threading.Lock()  # module-level, as a cache, a logger or a connection pool keeps one
HOLD_S = 0.5  # how long the parent's cache thread holds it; the children are started meanwhile
FORK_WARNING = "is multi-threaded, use of fork() may lead to deadlocks in the child"


def refresh_cache(holding):
    """The parent's background thread: takes the lock, works a while, lets it go."""
    with CACHE_LOCK:
        holding.set()
        time.sleep(HOLD_S)


@child_process
def use_cache(n, events):
    events.say("waiting for the lock")
    with CACHE_LOCK:  # under fork: a copy taken while locked, and nobody here to release it
        events.say("got the lock")


def start_while_held(ctx, workers, events):
    events = events or Events()
    holding = threading.Event()
    thread = threading.Thread(target=refresh_cache, args=(holding,), name="cache-thread", daemon=True)
    thread.start()
    holding.wait()
    children = [ctx.Process(target=use_cache, args=(n, events), name=f"child-{n}") for n in range(workers)]
    # Python 3.12+ warns when a multi-threaded process forks; its default filters hide the warning
    # when the fork happens inside multiprocessing, so it is recorded here to say whether it came.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        for p in children:
            p.start()
    warned = sorted({str(w.message).split(") ", 1)[-1] for w in caught if FORK_WARNING in str(w.message)})
    events.say("started children", {"start_method": ctx.get_start_method(), "while the lock was held": CACHE_LOCK.locked(),
                           "python": "%d.%d" % sys.version_info[:2], "fork warning": warned[0] if warned else None})
    thread.join()
    events.say("lock released", f"by cache-thread, {HOLD_S} s after it took it")
    for p in children:
        p.join()
    return {"children": workers, "got_the_lock": sum(p.exitcode == 0 for p in children)}


def broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return start_while_held(ctx, workers, events)  # run by the tutor under fork


def fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return start_while_held(ctx, workers, events)  # the same code, run under spawn
