# A function defined at the >>> prompt (broken). The tutor types this file into `python -i`, as
# you would in a notebook cell or at the prompt: then __main__ has no file. A forked worker is a
# copy of the parent, `work` with it. A spawned or forkserver worker is a new interpreter: it gets
# the function's name only, looks it up in its own __main__, and that __main__ has no file to run:
# AttributeError: Can't get attribute 'work' on <module '__main__' ...>, exit code 1.
# Run as a file (`python FILE`) it works under every start method. To see the error, type it at
# the prompt where the default is spawn or forkserver (macOS, Windows, Linux from Python 3.14):
#     python -q -i - --workers 4 < start_methods_interactive_broken.py
# Where fork is the default, choose spawn at >>> first, then paste the rest (ipctutor chooses it
# from outside: `--start-method`).
import argparse
import os
import sys
from multiprocessing import Process, get_start_method


def work(n):
    print(f"child {n}: pid {os.getpid()}, {n} * {n} = {n * n}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="workers whose function is defined at the prompt")
    # `_ =`: the prompt prints the value of a call left alone, this one's too
    _ = parser.add_argument("--workers", type=int, default=4, help="how many worker processes")
    args = parser.parse_args()
    where = getattr(sys.modules["__main__"], "__file__", None)  # None at the prompt
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}, "
          f"__main__ file: {where}", flush=True)
    children = [Process(target=work, args=(n,), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    print(f"parent: exit codes {[p.exitcode for p in children]}", flush=True)
