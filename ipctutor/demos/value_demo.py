"""Value and Array: ten children write into shared memory that the parent reads after join."""
import os
import time

from ipctutor.demos._events import Events, child_process, standalone


@child_process
def child(last, total, squares, pids, started, n, delay, events):
    time.sleep(delay)
    last.value = n * n  # everyone writes here: the value left is whoever wrote last
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
    children = [ctx.Process(target=child, args=(last, total, squares, pids, started, n, delay,
                                                events), name=f"child-{n}")
                for n in range(workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    return {
        "last_written": last.value,
        "sum_of_squares": total.value,
        "expected_sum": sum(n * n for n in range(workers)),
        "squares": squares[:],  # [:] copies the values out; print(squares) shows a wrapper
        "pids": pids[:],
    }


if __name__ == "__main__":
    standalone(run, __doc__)
