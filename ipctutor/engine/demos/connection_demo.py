"""Connection: children dial the parent's Listener with Client(); the parent serves them with wait()."""

import os
import time
from multiprocessing.connection import Client, Listener, wait

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(address, authkey, n, delay, events):
    with Client(address, authkey=authkey) as conn:  # connects, then answers the key challenge
        time.sleep(delay * (n % 3) / 2)  # some children take longer than others
        message = ["hello", n]
        conn.send(message)
        events.say("sent", message)
    # leaving the with-block closes this end: the parent's recv() on it then raises EOFError


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    authkey = os.urandom(16)  # a secret only this parent and its children know
    # Loopback only: anyone who can reach the port and knows the key may send pickles.
    with Listener(
        ("127.0.0.1", 0), backlog=workers, authkey=authkey
    ) as listener:  # port 0: any free
        children = [
            ctx.Process(
                target=child, args=(listener.address, authkey, n, delay, events), name=f"child-{n}"
            )
            for n in range(workers)
        ]
        for p in children:
            p.start()
        open_conns = []
        for _ in children:
            open_conns.append(
                listener.accept()
            )  # one Connection per child; a wrong key raises here
        events.say("accepted", f"{len(open_conns)} connections on {listener.address[0]}")
        received = []
        while open_conns:
            for conn in wait(open_conns):  # whichever have a message (or EOF) now, in any order
                try:
                    message = conn.recv()
                except EOFError:  # that child closed its end: nothing more will come
                    open_conns.remove(conn)
                    conn.close()
                    continue
                events.say("received", message)
                received.append(message)
    for p in children:
        p.join()
    return received


if __name__ == "__main__":
    standalone(run, __doc__)
