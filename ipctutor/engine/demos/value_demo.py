"""Value and Array: ten children write into shared memory that the parent reads after join.

The source material's own example is here too: `Array('i', range(10))`, into which every child
writes `a[i] = -i` for every i, and the Value that every child overwrites (`last`).
"""

import math
import os
import time

from ipctutor.engine.demos._events import Events, child_process, standalone


@child_process
def child(last, total, squares, pids, started, seed_array, n, delay, events):
    time.sleep(delay)
    last.value = n * n  # everyone writes here: the value left is whoever wrote last
    for i in range(len(seed_array)):  # the source's loop: every child writes the same values
        seed_array[i] = -i
    with total.get_lock():  # += reads, then writes: without the lock updates get lost
        total.value += n * n
    squares[n] = n * n  # each child its own slot of the Array
    pids[n] = os.getpid()  # RawArray: no lock at all, safe here because no slot is shared
    events.say("wrote", {"square": n * n, "after_start_s": round(time.time() - started.value, 3)})


def run(ctx, workers=10, delay=1.0, events=None):
    events = events or Events()
    last = ctx.Value("d", 0.0)  # 'd': a C double, with a lock of its own
    total = ctx.Value("i", 0)  # 'i': a C signed int
    squares = ctx.Array("i", workers)  # workers ints, all 0
    pids = ctx.RawArray("i", workers)  # sharedctypes without a lock: the fastest
    started = ctx.RawValue("d", time.time())  # written once before any child starts: only read
    seed_array = ctx.Array("i", range(workers))  # the source's arr = Array('i', range(10))
    children = [
        ctx.Process(
            target=child,
            args=(last, total, squares, pids, started, seed_array, n, delay, events),
            name=f"child-{n}",
        )
        for n in range(workers)
    ]
    for p in children:
        p.start()
    for p in children:
        p.join()
    return {
        "last_written": last.value,
        "last_writer": f"child-{math.isqrt(int(last.value))}",  # squares differ: the value names its writer
        "sum_of_squares": total.value,
        "expected_sum": sum(n * n for n in range(workers)),
        "squares": squares[:],  # [:] copies the values out; print(squares) shows a wrapper
        "pids": pids[:],
        "seed_array": seed_array[
            :
        ],  # always [0, -1, ..., -(workers - 1)]: every child wrote the same
    }


if __name__ == "__main__":
    standalone(run, __doc__)
