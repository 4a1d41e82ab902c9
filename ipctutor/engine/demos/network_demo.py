"""Manager across the network: children change a dict that `ipctutor manager serve` holds.

The same as the manager demo, except that no server process starts here: the dict lives in the
`manager serve` process at (host, port), possibly on another computer, and every `d[key] = value`
travels there over TCP. Run it with `ipctutor run manager --connect HOST:PORT --authkey KEY`.
"""

import os
import socket
import time

from ipctutor.engine.demos._events import Events, child_process
from ipctutor.engine.netmanager import connect


@child_process
def child(d, n, delay, events):
    time.sleep(delay)
    key = f"child-{n} pid {os.getpid()} on {socket.gethostname()}"  # who wrote it, from where
    d[key] = n * n  # a proxy: one message to the server at (host, port), one answer back
    events.say("sent", {"key": key, "value": n * n, "keys_now": len(d)})


def run(ctx, workers=10, delay=1.0, events=None, *, address, authkey):
    events = events or Events()
    manager = connect(address, authkey)  # a client only: the server is `ipctutor manager serve`
    d = manager.get_dict()
    children = [
        ctx.Process(target=child, args=(d, n, delay, events), name=f"child-{n}")
        for n in range(workers)
    ]
    for p in children:
        p.start()
    for p in children:
        p.join()
    # everything the server holds now: this run's keys, and any that earlier runs or other
    # computers left there. Keys may be of any type a client chose: sort them by their repr.
    return sorted(d.items(), key=lambda item: repr(item[0]))
