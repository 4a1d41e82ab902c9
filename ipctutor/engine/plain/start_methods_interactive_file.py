"""The same code in a file (`python FILE`): a spawned or forkserver worker runs the file again as
__mp_main__ (its main guard skipped), so it finds `work` by name, under every start method. The
fix at the prompt imports `work` from this file (start_methods_interactive_fixed.py)."""
import argparse
import os
import sys
from multiprocessing import Process, get_start_method


def work(n):
    print(f"child {n}: pid {os.getpid()}, {n} * {n} = {n * n}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    where = getattr(sys.modules["__main__"], "__file__", None)  # this file's path
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}, "
          f"__main__ file: {os.path.basename(where or '') or None}", flush=True)
    children = [Process(target=work, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    print(f"parent: exit codes {[p.exitcode for p in children]}", flush=True)
