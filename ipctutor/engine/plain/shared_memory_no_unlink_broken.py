"""No unlink (broken): every process closes the block, nobody unlinks it, and it outlives them all."""
import argparse
import os
from multiprocessing import Process, get_start_method, shared_memory


def write_and_close(name, n):
    block = shared_memory.SharedMemory(name=name)
    block.buf[n] = n + 1  # one byte each
    block.close()  # unmaps it in this process; the block itself stays
    print(f"child {n}: pid {os.getpid()} wrote a byte into {name} and closed it", flush=True)


def still_there(name):
    try:
        shared_memory.SharedMemory(name=name).close()  # attaching works while the name exists
    except FileNotFoundError:
        return False
    return True


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many children")
    parser.add_argument("--size", type=int, default=1_048_576, help="bytes in the block")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    block = shared_memory.SharedMemory(create=True, size=max(args.size, args.workers))
    children = [Process(target=write_and_close, args=(block.name, n), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    print(f"written: {list(bytes(block.buf[:args.workers]))}")
    block.close()  # the parent closes too: now no process has it open
    # Nobody unlinks. The resource tracker removes the block when this program ends, and warns
    # about "leaked shared_memory objects" (even after a crash); only if the tracker dies too
    # does the block stay until the next reboot.
    left = "still there" if still_there(block.name) else "gone"
    print(f"after everyone closed it: block {block.name} ({block.size:,} bytes) is {left}")
