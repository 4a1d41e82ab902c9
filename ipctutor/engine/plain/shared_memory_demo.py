"""Shared memory: one named block and a ShareableList; each child attaches by name, writes its own
slot and closes; the parent reads, closes, and is the one process that unlinks."""
import argparse
import os
import struct
import time
from multiprocessing import Process, get_start_method, shared_memory

SLOT = struct.Struct("qq")  # each child's slot: two 8-byte ints, its square and its PID


def child(block_name, list_name, n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    block = shared_memory.SharedMemory(name=block_name)  # attach: the same bytes, found by name
    SLOT.pack_into(block.buf, n * SLOT.size, n * n, os.getpid())  # bytes, no NumPy needed
    block.close()  # every user closes its own mapping; only the parent will unlink
    numbers = shared_memory.ShareableList(name=list_name)
    numbers[n] = n * n  # a fixed-length list of ints, floats, str, bytes, bool or None
    numbers.shm.close()
    print(f"child {n}: pid {os.getpid()} wrote {n * n} into {block_name} and {list_name}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    block = shared_memory.SharedMemory(create=True, size=args.workers * SLOT.size)  # a random name
    numbers = shared_memory.ShareableList([-1] * args.workers)  # made from its items: fixed length
    try:
        children = [Process(target=child, args=(block.name, numbers.shm.name, n, args.delay, args.fail),
                            name=f"child-{n}") for n in range(args.workers)]  # only names travel
        for p in children:
            p.start()
        for p in children:
            p.join()
        slots = [SLOT.unpack_from(block.buf, n * SLOT.size) for n in range(args.workers)]
        print(f"block {block.name}, {block.size} bytes, (square, pid) per slot: {slots}")
        print(f"shareable list {numbers.shm.name}: {list(numbers)}")
    finally:  # even after an error: close here, and unlink exactly once
        for memory in (block, numbers.shm):
            memory.close()  # this process's mapping is gone ...
            memory.unlink()  # ... and the name and the memory, for everyone
