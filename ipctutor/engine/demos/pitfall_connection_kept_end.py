"""Kept end: the parent keeps its copy of each child's sending end and waits for an EOF that never comes."""
from multiprocessing.connection import wait

from ipctutor.engine.demos._events import Events, child_process


@child_process
def send_hello(conn, n, events):
    conn.send(["hello", n])
    events.say("sent", ["hello", n])
    conn.close()  # the child's copy; the end is closed only when every copy is


def serve(ctx, workers, events, close_our_copies):
    readers, children = [], []
    for n in range(workers):
        reader, writer = ctx.Pipe(duplex=False)  # one pipe per child: reader here, writer there
        p = ctx.Process(target=send_hello, args=(writer, n, events), name=f"child-{n}")
        p.start()
        if close_our_copies:
            writer.close()  # the child has its own copy now; ours would keep the pipe open
        readers.append(reader)
        children.append(p)
    received, ends = [], 0
    while readers:
        for reader in wait(readers):  # ready: a message, or EOF once no process holds the writer
            try:
                message = reader.recv()
            except EOFError:
                readers.remove(reader)
                ends += 1
                continue
            events.say("received", message)
            received.append(message)
    events.say("EOF", f"from all {ends} pipes")
    for p in children:
        p.join()
    return {"messages": len(received), "eofs": ends}


def broken(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, workers, events or Events(), close_our_copies=False)


def fixed(ctx, workers=4, delay=0.0, events=None, size=None):
    return serve(ctx, workers, events or Events(), close_our_copies=True)
