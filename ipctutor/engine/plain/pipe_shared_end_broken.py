"""Shared end (broken): many children send big messages through ONE end of a Pipe, with no lock."""
import argparse
import os
import pickle
from multiprocessing import Pipe, Process, get_start_method

MESSAGES = 20  # per child


def send(conn, n, size):
    for i in range(MESSAGES):
        conn.send((n, i, bytes([65 + n % 26]) * size))  # child 0 sends AAAA..., child 1 BBBB...
    print(f"child {n}: pid {os.getpid()} sent {MESSAGES} messages of {size:,} bytes", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--size", type=int, default=65_536, help="bytes per message")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    reader, writer = Pipe()
    children = [Process(target=send, args=(writer, n, args.size), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    writer.close()  # every child has its copy: reading ends once they have all exited
    intact = broken = 0
    while True:
        try:
            data = reader.recv_bytes()  # recv() is recv_bytes() and pickle.loads(): taken apart
        except EOFError:  # every writer has exited, and all they wrote has been read
            break
        except Exception:  # a length read from mixed-up bytes swallowed what came after it
            continue
        try:
            n, i, body = pickle.loads(data)
            whole = body == bytes([65 + n % 26]) * args.size  # all of it from one child
        except Exception:  # not a pickle at all: the bytes of two messages mixed
            whole = False
        intact, broken = intact + whole, broken + (not whole)
    for p in children:
        p.join()
    sent = args.workers * MESSAGES
    print(f"messages: {intact} of {sent} intact, {broken} broken, {sent - intact - broken} lost")
