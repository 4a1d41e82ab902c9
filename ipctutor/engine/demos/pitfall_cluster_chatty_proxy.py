"""Chatty proxy: workers fill a dict that a manager serves over TCP, one item per call or one call each.

Every call on a proxy is a message to the manager's server process and an answer back: a round
trip, here over TCP on 127.0.0.1, through the one process that holds the dict. Stdlib only.
"""
import os
import threading
import time
from multiprocessing.managers import BaseManager, DictProxy

from ipctutor.engine.demos._events import Events, child_process

ITEMS = 6000  # squares to store, split between the workers


class CountingDict(dict):
    """The served dict: it counts the writes that reach it, each one a round trip from a worker."""

    def __init__(self):
        super().__init__()
        self.writes = 0
        self.lock = threading.Lock()  # the server serves each connection in a thread of its own

    def __setitem__(self, key, value):
        with self.lock:
            self.writes += 1
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        with self.lock:
            self.writes += 1
        super().update(*args, **kwargs)

    def writes_received(self):
        return self.writes


class CountingDictProxy(DictProxy):
    _exposed_ = DictProxy._exposed_ + ("writes_received",)  # type: ignore[attr-defined]

    def writes_received(self):
        return self._callmethod("writes_received")


_served = None


def served_dict():
    """Runs in the manager's server process: the one dict every worker's proxy talks to."""
    global _served
    if _served is None:
        _served = CountingDict()
    return _served


class TcpDictManager(BaseManager):
    """A manager that listens on (host, port), like `ipctutor manager serve`, serving one dict."""


TcpDictManager.register("get_dict", callable=served_dict, proxytype=CountingDictProxy)


@child_process
def one_item_per_call(d, numbers, events):
    len(d)  # a first call connects this process to the server: keep that out of the timing
    began = time.monotonic()
    for n in numbers:
        d[n] = n * n  # a proxy: one message to the server and one answer back, per item
    events.say("sent", {"items": len(numbers), "calls": len(numbers),
                        "seconds": round(time.monotonic() - began, 4)})


@child_process
def one_call_each(d, numbers, events):
    len(d)  # a first call connects this process to the server: keep that out of the timing
    began = time.monotonic()
    mine = {n: n * n for n in numbers}  # computed here, in this worker's own memory
    d.update(mine)  # one round trip carries them all
    events.say("sent", {"items": len(numbers), "calls": 1,
                        "seconds": round(time.monotonic() - began, 4)})


def serve(ctx, workers, events, worker, items):
    authkey = os.urandom(16)
    # TCP on loopback: the messages are pickles, and only this machine may send them
    with TcpDictManager(address=("127.0.0.1", 0), authkey=authkey, ctx=ctx) as manager:
        d = manager.get_dict()
        shares = [list(range(items))[i::workers] for i in range(workers)]
        children = [ctx.Process(target=worker, args=(d, shares[i], events), name=f"child-{i}")
                    for i in range(workers)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        writes = d.writes_received()
        stored = d.copy()  # one call: the whole dict comes back as one pickle
        events.say("received", {"items": len(stored), "writes": writes})
        return {"items": len(stored), "right": all(stored.get(n) == n * n for n in range(items)),
                "writes": writes, "workers": workers, "server": list(manager.address)}


def broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, workers, events or Events(), one_item_per_call, size or ITEMS)


def fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, workers, events or Events(), one_call_each, size or ITEMS)
