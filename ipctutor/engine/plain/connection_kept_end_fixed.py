"""Kept end (fixed): the parent closes its copy of each child's sending end right after start(),
so each pipe reports EOF once its child is done."""
import argparse
import os
from multiprocessing import Pipe, Process, get_start_method
from multiprocessing.connection import wait


def send_hello(conn, n):
    conn.send(["hello", n])
    print(f"child {n}: pid {os.getpid()} sent ['hello', {n}]", flush=True)
    conn.close()  # the child's copy; the pipe's end is closed only once every copy is


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many children")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    pipes = [Pipe(duplex=False) for _ in range(args.workers)]  # (reader, writer): one per child
    children = [Process(target=send_hello, args=(writer, n), name=f"child-{n}")
                for n, (_, writer) in enumerate(pipes)]
    for p in children:
        p.start()
    for _, writer in pipes:
        writer.close()  # each child has its own copy now; ours would keep the pipe open
    readers, messages, eofs = [reader for reader, _ in pipes], 0, 0
    while readers:
        for reader in wait(readers):  # ready: a message, or EOF once no process holds the writer
            try:
                print(f"parent: got {reader.recv()}", flush=True)
                messages += 1
            except EOFError:
                readers.remove(reader)
                eofs += 1
    for p in children:
        p.join()
    print(f"messages: {messages}, EOFs: {eofs}")
