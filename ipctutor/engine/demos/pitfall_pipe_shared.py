"""Shared end: many children send big messages through ONE end of a Pipe, and messages break."""
import pickle

from ipctutor.engine.demos._events import Events, child_process

SIZE = 65_536  # bytes per message: above 16 KiB a Connection writes a message in two parts
MESSAGES = 20  # per child


def payload(n, size):
    return bytes([65 + n % 26]) * size  # child 0 sends AAAA..., child 1 BBBB...


@child_process
def send_on_pipe(conn, n, size, events):
    for i in range(MESSAGES):
        conn.send((n, i, payload(n, size)))  # no lock: another child may write in between
    events.say("sent", f"{MESSAGES} x {size:,} bytes")


@child_process
def put_on_queue(q, n, size, events):
    for i in range(MESSAGES):
        q.put((n, i, payload(n, size)))  # a Queue takes a lock around each write
    events.say("sent", f"{MESSAGES} x {size:,} bytes")


def tally(messages, workers, size):
    intact = broken = 0
    for data in messages:
        try:
            n, i, body = pickle.loads(data)
            ok = body == payload(n, size)
        except Exception:  # UnpicklingError and friends: bytes of two messages mixed
            ok = False
        intact += ok
        broken += not ok
    sent = workers * MESSAGES
    return {"sent": sent, "intact": intact, "broken": broken, "lost": sent - intact - broken}


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    size = size or SIZE
    reader, writer = ctx.Pipe()
    children = [ctx.Process(target=send_on_pipe, args=(writer, n, size, events or Events()),
                            name=f"child-{n}") for n in range(workers)]
    for p in children:
        p.start()
    writer.close()  # the parent keeps no writing end: reading ends when every child is done
    messages = []
    while True:
        try:
            messages.append(reader.recv_bytes())
        except EOFError:  # every writer has exited
            break
        except OSError:  # "got end of file during message": a length read from mixed bytes
            break
    for p in children:
        p.join()
    return tally(messages, workers, size)


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    size = size or SIZE
    q = ctx.Queue()
    children = [ctx.Process(target=put_on_queue, args=(q, n, size, events or Events()),
                            name=f"child-{n}") for n in range(workers)]
    for p in children:
        p.start()
    messages = [pickle.dumps(q.get()) for _ in range(workers * MESSAGES)]
    for p in children:
        p.join()
    return tally(messages, workers, size)
