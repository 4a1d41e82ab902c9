"""Lock, no flush (still broken): each child writes its report to one file holding a Lock."""
import argparse
import itertools
import os
import re
import tempfile
import time
from multiprocessing import Lock, Process, get_start_method

LINES = 120  # about 10 KB per report: more than the 8 KiB a file buffers before it writes


def report(lock, path, n):
    out = open(path, "a")
    with lock:  # print() only fills this child's buffer: its tail is written later, unlocked
        for i in range(LINES):
            print(f"child {n:03d} line {i:03d} " + "x" * 60, file=out)
    print(f"child {n}: pid {os.getpid()} wrote its {LINES} lines", flush=True)
    time.sleep(0.02 * (n % 10))  # the child goes on working; its buffer is written when it closes
    out.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    fd, path = tempfile.mkstemp(prefix="reports-", suffix=".txt")
    os.close(fd)
    lock = Lock()
    children = [Process(target=report, args=(lock, path, n), name=f"child-{n}")
                for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    with open(path) as f:
        whole = [re.fullmatch(r"child (\d{3}) line \d{3} x{60}", line) for line in f.read().splitlines()]
    os.remove(path)
    owners = [match.group(1) for match in whole if match]  # who wrote each whole line
    stretches = [owner for owner, _ in itertools.groupby(owners)]  # one per unbroken run of lines
    cut = {owner for owner in stretches if stretches.count(owner) > 1}
    print(f"reports cut apart: {len(cut)} of {args.workers}; lines cut in half: {whole.count(None)}; "
          f"whole lines: {len(owners)} in {len(stretches)} stretches")
