"""Each child sends the parent one big block of bytes through a Queue; the parent adds up the sizes.

Run it:  python queue-join-before-get.py [WORKERS] [SIZE]
It should print one line:  got TOTAL bytes   (TOTAL = WORKERS * SIZE)
"""
import multiprocessing
import sys


def send_block(queue, size):
    queue.put(b"x" * size)


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    queue = multiprocessing.Queue()
    children = [multiprocessing.Process(target=send_block, args=(queue, size)) for _ in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    total = sum(len(queue.get()) for _ in children)
    print(f"got {total} bytes")
