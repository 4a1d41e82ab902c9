# The function in a module file (fixed). The tutor types this into `python -i` too, in the folder
# of start_methods_interactive_file.py: `work` is imported from that file, so a spawned or
# forkserver worker imports the same module by its name and finds `work` in it. What you type at
# the prompt (or in a notebook cell) may only use functions from a .py file for its workers.
# Typed the same way: python -q -i - --workers 4 < start_methods_interactive_fixed.py
import argparse
import os
import sys
from multiprocessing import Process, get_start_method
from start_methods_interactive_file import work  # the .py file next to this one


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="workers whose function is imported from a file")
    # `_ =`: the prompt prints the value of a call left alone, this one's too
    _ = parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    where = getattr(sys.modules["__main__"], "__file__", None)  # None at the prompt
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}, "
          f"__main__ file: {where}, work from {work.__module__}.py", flush=True)
    children = [Process(target=work, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    print(f"parent: exit codes {[p.exitcode for p in children]}", flush=True)
