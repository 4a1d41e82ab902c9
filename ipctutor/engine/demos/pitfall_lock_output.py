"""No lock: each child writes a report of many lines to one file, and the reports get cut apart."""
import itertools
import os
import re
import tempfile
import time

from ipctutor.engine.demos._events import Events, child_process

LINES = 120  # about 10 KB per report: more than the 8 KiB a file buffers before it writes
LINE = re.compile(r"child (\d{3}) line \d{3} x{60}")  # a line that arrived whole


@child_process
def report(lock, path, n, mode, events):
    out = open(path, "a")
    if mode == "no lock":
        write_report(out, n)
    elif mode == "lock":
        with lock:
            write_report(out, n)  # the buffer still holds the tail: it is written later, unlocked
    else:
        with lock:
            write_report(out, n)
            out.flush()  # every byte reaches the file before the lock is released
    events.say("wrote", f"{LINES} lines")
    time.sleep(0.02 * (n % 10))  # the child goes on working; its buffer is flushed when it exits
    out.close()


def write_report(out, n):
    for i in range(LINES):
        print(f"child {n:03d} line {i:03d} " + "x" * 60, file=out)


def write_reports(ctx, workers, events, mode):
    lock = ctx.Lock()
    fd, path = tempfile.mkstemp(prefix="ipctutor-reports-", suffix=".txt")
    os.close(fd)
    try:
        children = [ctx.Process(target=report, args=(lock, path, n, mode, events),
                                name=f"child-{n}") for n in range(workers)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        with open(path) as f:
            lines = f.read().splitlines()
    finally:
        os.remove(path)
    whole = [LINE.fullmatch(line) for line in lines]
    owners = [match.group(1) for match in whole if match]
    runs = [owner for owner, _ in itertools.groupby(owners)]  # who wrote each stretch of lines
    cut = sorted({owner for owner in runs if runs.count(owner) > 1})
    return {"reports": workers, "lines": len(owners), "broken_lines": whole.count(None),
            "reports_cut_apart": len(cut), "stretches": len(runs)}


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    return write_reports(ctx, workers, events or Events(), "no lock")


def lock_only(ctx, workers=10, delay=0.0, events=None, size=None):
    return write_reports(ctx, workers, events or Events(), "lock")


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    return write_reports(ctx, workers, events or Events(), "lock and flush")
