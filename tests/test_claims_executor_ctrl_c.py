"""The pool lesson's claim about a Ctrl-C in a ProcessPoolExecutor, run for real under every start
method: the executor takes it unlike a Pool.

The script is in a process group of its own (as a terminal gives a command), and the second of the
two workers to start its task sends SIGINT to the whole group (a shared counter): the terminal's
Ctrl-C. Every order asserted is forced, not timed: task 2 was handed to the workers' call queue
before the Ctrl-C (it holds three, and the first fill is tasks 0, 1 and 2), so it cannot be
cancelled and must run; the parent prints its line only once its with-block is left. Which
later tasks run too depends on whether map()'s iterator is closed (it cancels the rest), so the
test asks only that every task that started ended before the with-block was left.
"""

from __future__ import annotations

import pytest

from helpers import START_METHODS, run_script

EXECUTOR = """
    import multiprocessing as mp, os, signal, sys, time
    from concurrent.futures import ProcessPoolExecutor

    def keep(counter):
        global busy
        busy = counter

    def task(n):
        print(f"start {n}", flush=True)
        with busy.get_lock():
            busy.value += 1
            last = busy.value == 2
        try:
            if last:  # both workers are in a task: the Ctrl-C, SIGINT to the whole group
                os.killpg(os.getpgrp(), signal.SIGINT)  # (raised here in this worker)
            for _ in range(15):  # short steps: a SIGINT is raised between two of them
                time.sleep(0.1)
        except KeyboardInterrupt:
            print(f"task {n}: KeyboardInterrupt", flush=True)
            raise
        print(f"end {n}", flush=True)
        return n

    if __name__ == "__main__":
        import faulthandler
        faulthandler.dump_traceback_later(60, exit=True)  # a hang shows every thread's stack
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's, if a runner ignored it
        if os.getpgrp() != os.getpid():
            os.setpgid(0, 0)
        context = mp.get_context(sys.argv[1])
        try:
            with ProcessPoolExecutor(2, mp_context=context, initializer=keep,
                                     initargs=(context.Value("i", 0),)) as executor:
                workers = None
                results = executor.map(task, range(6))
                workers = list(executor._processes.values())
                print(list(results))
        except KeyboardInterrupt:
            print("parent: KeyboardInterrupt, with-block left", flush=True)
        print("worker exit codes:", sorted(p.exitcode for p in workers or ()))
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_an_executor_hands_the_ctrl_c_back_and_runs_the_tasks_it_holds(method, tmp_path):
    done = run_script(tmp_path, EXECUTOR, method, timeout=120)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    # each running task raised KeyboardInterrupt: the worker caught it and lived on
    interrupted = [line for line in lines if line.endswith(": KeyboardInterrupt")]
    assert sorted(interrupted) == ["task 0: KeyboardInterrupt", "task 1: KeyboardInterrupt"]
    assert "Traceback" not in done.stderr  # no worker died printing one
    # the workers went on with the next tasks (task 2 at least: it was handed out before the
    # Ctrl-C), and the with-block was left only once every task started had ended
    parent = lines.index("parent: KeyboardInterrupt, with-block left")
    started = [int(line.split()[1]) for line in lines if line.startswith("start ")]
    assert {0, 1, 2} <= set(started)
    for n in started[2:]:
        assert lines.index(f"start {n}") < lines.index(f"end {n}") < parent
    assert lines[-1] == "worker exit codes: [0, 0]"  # shut down, not killed
