"""Each child sends a few numbers through a Pipe of its own and closes it; the parent waits on all the
Pipes at once with multiprocessing.connection.wait(), reads each until its end, and adds up.

Run it:  python connection-kept-end.py [WORKERS] [COUNT]
It should print one line:  total TOTAL   (TOTAL = WORKERS * COUNT * (COUNT + 1) // 2)
"""
import multiprocessing
import sys
from multiprocessing.connection import wait


def send_numbers(conn, count):
    for n in range(1, count + 1):
        conn.send(n)
    conn.close()


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    readers, children = [], []
    for _ in range(workers):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.Process(target=send_numbers, args=(writer, count))
        child.start()
        writer.close()  # the parent's own copy of this writing end: while it is open, no EOF comes
        readers.append(reader)
        children.append(child)
    total = 0
    while readers:
        for reader in wait(readers):
            try:
                total += reader.recv()
            except EOFError:  # every writing end of this Pipe is closed
                readers.remove(reader)
    for child in children:
        child.join()
    print(f"total {total}")
