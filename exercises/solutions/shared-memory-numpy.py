"""Each worker squares the numbers in its own part of one array, in place; the parent then adds
the whole array up. The array is a NumPy array if NumPy is installed (pip install
'ipctutor[numpy]'), else the standard library's array.array: the exercise is the same either way.

Run it:  python shared-memory-numpy.py [WORKERS]
It should print one line:  total TOTAL   (TOTAL = 0*0 + 1*1 + ... + (N-1)*(N-1), N = WORKERS * 1000),
and nothing else, on stdout or stderr.
"""
import array
import multiprocessing
import sys
from multiprocessing import shared_memory

PART = 1000  # numbers per worker


def new_array(items):
    """0.0, 1.0, 2.0, ...: `items` float64 numbers, a NumPy array if NumPy is installed."""
    try:
        import numpy
    except ImportError:
        return array.array("d", range(items))
    return numpy.arange(items, dtype="float64")


def as_array(buf):
    """A buffer's bytes seen as float64 numbers, without copying them: with NumPy
    numpy.ndarray(shape, dtype, buffer=buf), without it a memoryview cast to "d"."""
    try:
        import numpy
    except ImportError:
        return buf.cast("d")
    return numpy.ndarray((len(buf) // 8,), dtype="float64", buffer=buf)


def square_part(name, n):
    block = shared_memory.SharedMemory(name=name)  # the parent's block: no copy of the numbers
    numbers = as_array(block.buf)
    for i in range(n * PART, (n + 1) * PART):
        numbers[i] = numbers[i] * numbers[i]
    del numbers  # no view of the block may outlive close()
    block.close()


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    data = new_array(workers * PART)
    block = shared_memory.SharedMemory(create=True, size=8 * len(data))
    numbers = as_array(block.buf)
    numbers[:] = data  # the one copy: the data into the block; only its name goes to the workers
    children = [multiprocessing.Process(target=square_part, args=(block.name, n)) for n in range(workers)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    total = int(sum(numbers))
    del numbers  # views first, then close, then unlink once: the parent made the block
    block.close()
    block.unlink()
    print(f"total {total}")
