"""Shared memory: one named block and a ShareableList; each child attaches by name, writes its own
slot and closes; the parent reads, closes and is the one process that unlinks."""

import os
import struct
import time
from multiprocessing import shared_memory

from ipctutor.engine.demos._events import Events, child_process, standalone

SLOT = struct.Struct("qq")  # each child's slot: two 8-byte ints, its square and its PID


@child_process
def child(block_name, list_name, n, delay, events):
    time.sleep(delay)
    block = shared_memory.SharedMemory(name=block_name)  # attach: the same bytes, found by name
    try:
        SLOT.pack_into(block.buf, n * SLOT.size, n * n, os.getpid())  # bytes, no NumPy needed
    finally:
        block.close()  # every user closes its own mapping; only the parent will unlink
    numbers = shared_memory.ShareableList(name=list_name)
    try:
        numbers[n] = n * n  # a fixed-length list of ints, floats, str, bytes, bool or None
    finally:
        numbers.shm.close()
    events.say("wrote", {"slot": n, "square": n * n, "block": block_name})


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    block = shared_memory.SharedMemory(create=True, size=workers * SLOT.size)  # a random name
    numbers = shared_memory.ShareableList([-1] * workers)  # made from its items: fixed length
    try:
        events.say("created", {"block": block.name, "bytes": block.size, "list": numbers.shm.name})
        children = [
            ctx.Process(
                target=child,
                args=(block.name, numbers.shm.name, n, delay, events),
                name=f"child-{n}",
            )
            for n in range(workers)
        ]  # only the names travel: strings pickle fine
        for p in children:
            p.start()
        for p in children:
            p.join()
        slots = [SLOT.unpack_from(block.buf, n * SLOT.size) for n in range(workers)]
        return {
            "block": block.name,
            "bytes": block.size,
            "squares": [square for square, _ in slots],
            "pids": [pid for _, pid in slots],
            "shareable_list": list(numbers),  # copied out before the memory goes away
        }
    finally:
        block.close()  # close: this process's mapping is gone ...
        block.unlink()  # ... unlink: the name and the memory are gone, for everyone. Exactly once.
        numbers.shm.close()
        numbers.shm.unlink()


if __name__ == "__main__":
    standalone(run, __doc__)
