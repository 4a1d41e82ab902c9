"""Each child attaches to one block of shared memory by its name and writes the square of its number
into a slot of its own; the parent adds the slots up, and nothing of the block is left behind.

Run it:  python shared-memory-unlink.py [WORKERS]
It should print one line:  total TOTAL   (TOTAL = 0*0 + 1*1 + ... + (WORKERS-1)*(WORKERS-1)),
and nothing else, on stdout or stderr.
"""
import multiprocessing
import struct
import sys
from multiprocessing import shared_memory

SLOT = 8  # bytes per child: one unsigned 64-bit number


def write_square(name, n):
    block = shared_memory.SharedMemory(name=name)  # attach to the parent's block
    struct.pack_into("Q", block.buf, n * SLOT, n * n)
    block.close()  # this process is done with it


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    block = shared_memory.SharedMemory(create=True, size=workers * SLOT)
    children = [multiprocessing.Process(target=write_square, args=(block.name, n)) for n in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    total = sum(struct.unpack_from("Q", block.buf, n * SLOT)[0] for n in range(workers))
    block.close()
    print(f"total {total}")
