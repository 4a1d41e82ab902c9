"""An array on shared memory (fixed): the data is copied into a SharedMemory block once, and every
process views the block's bytes as the array, np.ndarray(shape, dtype, buffer=block.buf): no copy,
so what a worker writes the parent reads. NumPy if installed, else a memoryview cast to "d".
Peak memory is ru_maxrss, the most RAM a process ever held: in KiB on Linux."""
import argparse
import array
import os
import time
from multiprocessing import Event, Process, get_start_method, shared_memory
from resource import RUSAGE_SELF, getrusage


def as_array(buf):
    """The block's bytes seen as float64s: a view of the same memory, never a copy."""
    try:
        from numpy import ndarray
    except ImportError:  # NumPy is optional (pip install 'ipctutor[numpy]'): a memoryview instead
        return buf.cast("d")  # indexes, reads and writes like the array
    return ndarray((len(buf) // 8,), dtype="float64", buffer=buf)


def report(who, began):
    print(f"{who}, in {time.perf_counter() - began:.3f} s, peak memory {getrusage(RUSAGE_SELF).ru_maxrss:,} KiB", flush=True)


def work(block, ready, n):  # spawn, forkserver: the block travels as its name and is attached
    # again here; fork: the mapping is inherited. The same bytes either way, never a copy
    ready.wait()  # until the parent has put the data in
    began = time.perf_counter()
    as_array(block.buf)[n] = -(n + 1)  # into the parent's bytes; this view is gone at once
    report(f"child {n}: pid {os.getpid()}, on {block.name}, wrote a[{n}] = {-(n + 1.0)}", began)
    block.close()  # every process closes (no view of the block may be left); one unlinks


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many workers")
    parser.add_argument("--size", type=int, default=16_777_216, help="bytes in the array")
    args = parser.parse_args()
    block = shared_memory.SharedMemory(create=True, size=8 * max(args.size // 8, args.workers))
    ready = Event()
    children = [Process(target=work, args=(block, ready, n), name=f"child-{n}") for n in range(args.workers)]
    for p in children:  # started before the data is in: a spawned child's ru_maxrss starts at its parent's
        p.start()
    began = time.perf_counter()
    as_array(block.buf)[:] = array.array("d", [1.0]) * (block.size // 8)  # your data: the one copy
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}\narray: {type(as_array(block.buf)).__name__} of {block.size // 8:,} float64 on {block.name}", flush=True)
    ready.set()
    for p in children:
        p.join()
    print(f"parent reads back a[:{args.workers}] = {as_array(block.buf)[:args.workers].tolist()}")
    block.close()  # no view of it is left (each one above was gone at once)
    block.unlink()  # once, by the parent that made it, after every worker is done
    report(f"parent: pid {os.getpid()}", began)
