"""Each child sends the parent ten lists of numbers through a Pipe; the parent adds up their lengths.

Run it:  python pipe-shared-end.py [WORKERS] [LENGTH]
It should print one line:  received TOTAL numbers   (TOTAL = 10 * WORKERS * LENGTH)
"""
import multiprocessing
import sys


def send_numbers(conn, ready, length):
    numbers = list(range(length))
    ready.wait()  # every child is ready: all send at once
    for _ in range(10):
        conn.send(numbers)


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    length = int(sys.argv[2]) if len(sys.argv) > 2 else 8_000
    ready = multiprocessing.Barrier(workers)
    pipes = [multiprocessing.Pipe(duplex=False) for _ in range(workers)]  # one pipe per child: no shared end
    children = [multiprocessing.Process(target=send_numbers, args=(sender, ready, length))
                for _, sender in pipes]
    for child in children:
        child.start()
    total = sum(len(receiver.recv()) for receiver, _ in pipes for _ in range(10))
    for child in children:
        child.join()
    print(f"received {total} numbers")
