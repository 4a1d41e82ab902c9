"""Wrong key: one caller dials with a wrong authkey, and a server that does not catch it stops for everyone."""
import multiprocessing
import os
from multiprocessing.connection import Client, Listener

from ipctutor.engine.demos._events import Events, child_process

WRONG = 1  # child-1 dials first, with a key of its own; the others wait for it, then dial


@child_process
def dial(address, authkey, n, first_tried, events):
    if n != WRONG:
        first_tried.wait(timeout=30)  # the caller with the wrong key goes first
    key = os.urandom(16) if n == WRONG else authkey
    try:
        with Client(address, authkey=key) as conn:
            conn.send(["hello", n])
            events.say("sent", ["hello", n])
    except multiprocessing.AuthenticationError as exc:  # the key was refused: say so and leave
        events.say("refused", str(exc))
    finally:
        if n == WRONG:
            first_tried.set()


def serve(ctx, workers, events, catch):
    authkey = os.urandom(16)
    received, refused = [], 0
    first_tried = ctx.Event()
    with Listener(("127.0.0.1", 0), backlog=workers, authkey=authkey) as listener:  # loopback only
        children = [ctx.Process(target=dial, args=(listener.address, authkey, n, first_tried, events),
                                name=f"child-{n}") for n in range(workers)]
        for p in children:
            p.start()
        for _ in children:
            try:
                conn = listener.accept()  # checks the caller's key: a wrong one raises here
            except multiprocessing.AuthenticationError:
                if not catch:
                    raise  # one bad caller ends the server, and everyone after it goes unserved
                refused += 1
                events.say("refused", "a caller with a wrong key")
                continue
            with conn:
                message = conn.recv()
            events.say("received", message)
            received.append(message)
    for p in children:
        p.join()
    return {"served": len(received), "refused": refused}


def broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, max(workers, 2), events or Events(), catch=False)


def fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, max(workers, 2), events or Events(), catch=True)
