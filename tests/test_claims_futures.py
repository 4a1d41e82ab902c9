"""Claims the futures lesson makes outside its predict questions, run for real.

Each test runs a small stdlib-only script in a fresh interpreter, as a learner would (with
PYTHONUNBUFFERED removed), and checks what the lesson says. IPCTUTOR_CLAIMS_PYTHON names another
interpreter to run the scripts with (the lesson was checked with 3.11, 3.12 and 3.13 this way:
IPCTUTOR_CLAIMS_PYTHON=$(pyenv prefix 3.13.0)/bin/python pytest tests/test_claims_futures.py).
No order here is left to a sleep: a task that must still be running waits on an Event the parent
sets (shared through the executor's initializer). The one speed claim (Executor.map against
chunksize and Pool.map) is marked `claims` and judged on the best of three tries.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import START_METHODS, best_of_three, local_object_error
from helpers import run_script as run


def lines(done) -> list[str]:
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


# ------------------------------------------------------------------ submit() and the Future


def test_future_done_result_exception_and_timeout(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import concurrent.futures as cf, multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        def share(event):
            global go
            go = event

        def held(s):
            go.wait()  # runs until the parent says go: submit() cannot have waited for it
            return s

        def bad(n):
            raise ValueError(f"bad {n}")

        if __name__ == "__main__":
            go = mp.Event()
            with ProcessPoolExecutor(max_workers=2, initializer=share, initargs=(go,)) as ex:
                slow = ex.submit(held, 1.5)
                print("submit returned", type(slow).__name__, slow.done())
                try:
                    slow.result(timeout=0.1)
                except TimeoutError as e:
                    print("timeout", type(e) is TimeoutError, cf.TimeoutError is TimeoutError)
                go.set()
                print("result", slow.result(), slow.done(), slow.exception())
                failing = ex.submit(bad, 7)
                error = failing.exception()
                print("exception()", type(error).__name__, error)
                print("cause", type(error.__cause__).__name__, "in bad" in str(error.__cause__),
                      "Traceback" in str(error.__cause__))
                try:
                    failing.result()
                except ValueError as e:
                    print("result() raised", e)
    """,
        )
    )
    assert out == [
        "submit returned Future False",
        "timeout True True",
        "result 1.5 True None",
        "exception() ValueError bad 7",
        "cause _RemoteTraceback True True",
        "result() raised bad 7",
    ]


def test_a_lambda_fails_in_its_future_not_in_submit(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        from concurrent.futures import ProcessPoolExecutor

        def one():
            return 1

        def made_inside():
            return lambda: 1

        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=1) as ex:
                f = ex.submit(lambda: 1)
                print("submit returned", type(f).__name__)
                print(type(f.exception()).__name__)
                print("inside a function:", type(ex.submit(made_inside()).exception()).__name__)
                print("goes on", ex.submit(one).result())
    """,
        )
    )
    assert out == [
        "submit returned Future",
        "PicklingError",
        f"inside a function: {local_object_error()}",
        "goes on 1",
    ]


def test_leaving_with_waits_for_every_submitted_task(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import time
        from concurrent.futures import ProcessPoolExecutor

        def nap(s):
            time.sleep(s)
            return s

        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=1) as ex:
                futures = [ex.submit(nap, 0.3) for _ in range(4)]
                print(sum(f.done() for f in futures) < 4)  # the last can't be done: 3 naps before it
            print(all(f.done() and not f.cancelled() for f in futures), [f.result() for f in futures])
    """,
        )
    )
    assert out == ["True", "True [0.3, 0.3, 0.3, 0.3]"]


# ------------------------------------------------------------------ map, as_completed, wait


def test_map_keeps_order_and_stops_at_the_first_exception(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import time
        from concurrent.futures import ProcessPoolExecutor

        def work(n):
            time.sleep(0.4 if n == 0 else 0)
            if n == 2:
                raise ValueError("bad 2")
            return n

        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=2) as ex:
                print(list(ex.map(work, [0, 1, 3])))  # 0 is the slowest, yet first
                got = []
                try:
                    for r in ex.map(work, range(5)):
                        got.append(r)
                except ValueError as e:
                    print("got", got, "then", e)
    """,
        )
    )
    assert out == ["[0, 1, 3]", "got [0, 1] then bad 2"]


def test_wait_first_completed_returns_done_and_not_done(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        def share(event):
            global go
            go = event

        def task(held):
            if held:
                go.wait()  # finishes only once the parent says go
            return held

        if __name__ == "__main__":
            go = mp.Event()
            with ProcessPoolExecutor(max_workers=2, initializer=share, initargs=(go,)) as ex:
                quick, slow = ex.submit(task, False), ex.submit(task, True)
                done, not_done = wait([quick, slow], return_when=FIRST_COMPLETED)
                print(type(done).__name__, done == {quick}, not_done == {slow})
                go.set()
    """,
        )
    )
    assert out == ["set True True"]


def test_executor_map_takes_every_item_before_it_returns(tmp_path):
    # an endless generator: map() never returns; a watchdog thread reports and ends the script
    out = lines(
        run(
            tmp_path,
            """
        import itertools, multiprocessing as mp, os, threading, time
        from concurrent.futures import ProcessPoolExecutor

        def ident(n):
            return n

        taken = 0

        def endless():
            global taken
            for n in itertools.count():
                taken += 1
                yield n

        def watchdog():
            time.sleep(3)
            print("map() had not returned; items taken:", "many" if taken > 1000 else taken,
                  flush=True)
            for worker in mp.active_children():  # they hold our stdout: end them too
                worker.kill()
            os._exit(0)

        if __name__ == "__main__":
            threading.Thread(target=watchdog, daemon=True).start()
            with ProcessPoolExecutor(max_workers=2) as ex:
                ex.map(ident, endless())
                print("map() returned", flush=True)
    """,
        )
    )
    assert out == ["map() had not returned; items taken: many"]


@pytest.mark.parametrize("method", START_METHODS)
def test_pool_imap_gives_results_at_once_and_keeps_taking_items(method, tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import itertools, multiprocessing as mp, sys, time

        def ident(n):
            return n

        taken = 0

        def endless():
            global taken
            for n in itertools.count():
                taken += 1
                yield n

        if __name__ == "__main__":
            with mp.get_context(sys.argv[1]).Pool(2) as pool:
                results = pool.imap(ident, endless())
                print("first", [next(results) for _ in range(3)], flush=True)
                before = taken
                while taken < before + 1000:  # no result read meanwhile: it takes more anyway
                    time.sleep(0.05)
                print("kept taking", flush=True)
    """,
            method,
        )
    )
    assert out == ["first [0, 1, 2]", "kept taking"]


# ------------------------------------------------------------------ what the executor starts


@pytest.mark.parametrize("method", START_METHODS)
def test_workers_start_at_first_submit_under_fork_and_on_demand_otherwise(method, tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, os, sys, time
        from concurrent.futures import ProcessPoolExecutor

        def nap(s):
            time.sleep(s)
            return os.getpid(), mp.current_process().name

        if __name__ == "__main__":
            ex = ProcessPoolExecutor(max_workers=4, mp_context=mp.get_context(sys.argv[1]))
            print("created", len(mp.active_children()))
            ex.submit(nap, 0).result()
            print("one task", len(mp.active_children()))
            done = [ex.submit(nap, 0.3).result for _ in range(8)]
            ran = {f() for f in done}
            print("eight tasks", len({pid for pid, _ in ran}) <= 4, len(mp.active_children()) <= 4)
            print(sorted({name.split("-")[0] for _, name in ran}))
            ex.shutdown()
    """,
            method,
        )
    )
    assert out[0] == "created 0"
    assert out[1] == ("one task 4" if method == "fork" else "one task 1")
    assert out[2] == "eight tasks True True"
    prefix = {"fork": "ForkProcess", "spawn": "SpawnProcess", "forkserver": "ForkServerProcess"}[
        method
    ]
    assert out[3] == f"['{prefix}']"


def test_default_max_workers_is_one_per_cpu(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import os
        from concurrent.futures import ProcessPoolExecutor

        if __name__ == "__main__":
            count = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
            ex = ProcessPoolExecutor()
            print(ex._max_workers == count)
            ex.shutdown()
    """,
        )
    )
    assert out == ["True"]


def test_max_tasks_per_child_refuses_fork_picks_spawn_and_replaces_workers(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, os
        from concurrent.futures import ProcessPoolExecutor

        def who(n):
            return os.getpid(), mp.current_process().name.split("-")[0]

        if __name__ == "__main__":
            try:
                ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"), max_tasks_per_child=2)
            except ValueError as e:
                print("ValueError", "fork" in str(e))
            with ProcessPoolExecutor(max_workers=1, max_tasks_per_child=2) as ex:
                ran = [ex.submit(who, n).result() for n in range(4)]
            print(len({pid for pid, _ in ran}), sorted({name for _, name in ran}))
    """,
        )
    )
    assert out == ["ValueError True", "2 ['SpawnProcess']"]


def test_mp_context_changes_only_this_executor(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        def name():
            return mp.current_process().name.split("-")[0]

        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as ex:
                print(ex.submit(name).result())
            print(mp.get_start_method() == mp.get_all_start_methods()[0], mp.get_start_method())
    """,
        )
    )
    default = "fork" if sys.platform.startswith("linux") and sys.version_info < (3, 14) else None
    assert out[0] == "SpawnProcess" and out[1].startswith("True")
    if default:  # Linux up to 3.13: the platform's default is fork, and it stays so
        assert out[1] == "True fork"


# ------------------------------------------------------------------ a worker dies


@pytest.mark.parametrize("how", ["exit", "sigkill"])
def test_a_dead_worker_fails_every_unfinished_future_and_the_executor(how, tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, os, signal, sys, time
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        def share(event):
            global submitted
            submitted = event

        def work(n, how):
            if n == 3:
                submitted.wait()  # dies only once all five are submitted
                if how == "exit":
                    os._exit(1)
                os.kill(os.getpid(), signal.SIGKILL)
            if n > 3:
                time.sleep(60)  # still running when task 3 dies: the executor terminates it
            return n

        if __name__ == "__main__":
            submitted = mp.Event()
            ex = ProcessPoolExecutor(max_workers=2, initializer=share, initargs=(submitted,))
            first = [ex.submit(work, n, sys.argv[1]) for n in range(3)]
            print([f.result() for f in first])  # finished before the death
            workers = list(ex._processes.values())
            rest = [ex.submit(work, n, sys.argv[1]) for n in range(3, 8)]
            submitted.set()
            errors = [f.exception() for f in rest]
            print([type(e).__name__ for e in errors])
            print(str(errors[0]))
            print([f.result() for f in first])  # kept their results
            for p in workers:  # the executor's own thread reaps them too: a join here can lose
                p.join(5)      # that race and read None, so wait for its reading of the exit code
                deadline = time.monotonic() + 10
                while p.exitcode is None and time.monotonic() < deadline:
                    time.sleep(0.05)
            print(sorted(p.exitcode for p in workers))
            try:
                ex.submit(work, 0, "none")
            except BrokenProcessPool as e:
                print("submit:", e)
            ex.shutdown()
    """,
            how,
        )
    )
    assert out[0] == out[3] == "[0, 1, 2]"
    assert out[1] == str(["BrokenProcessPool"] * 5)
    assert out[2] == (
        "A process in the process pool was terminated abruptly while the future was "
        "running or pending."
    )
    assert out[4] == (
        "[-15, 1]" if how == "exit" else "[-15, -9]"
    )  # the rest terminated by the executor
    assert (
        out[5]
        == "submit: A child process terminated abruptly, the process pool is not usable anymore"
    )


def test_an_exception_fails_only_its_future_and_the_worker_goes_on(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import os
        from concurrent.futures import ProcessPoolExecutor

        def work(n):
            if n == 1:
                raise ValueError("bad 1")
            return os.getpid()

        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=1) as ex:
                futures = [ex.submit(work, n) for n in range(3)]
                print([type(f.exception()).__name__ for f in futures])
                print(futures[0].result() == futures[2].result())  # the same worker, still there
    """,
        )
    )
    assert out == ["['NoneType', 'ValueError', 'NoneType']", "True"]


# ------------------------------------------------------------------ the same under Pool


def test_pool_raises_a_task_exception_with_the_workers_traceback(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp

        def bad(n):
            raise ValueError(f"bad {n}")

        if __name__ == "__main__":
            with mp.Pool(1) as pool:
                for call in (lambda: pool.apply_async(bad, (1,)).get(), lambda: pool.map(bad, [2])):
                    try:
                        call()
                    except ValueError as e:
                        print(e, type(e.__cause__).__name__, "in bad" in str(e.__cause__))
    """,
        )
    )
    assert out == ["bad 1 RemoteTraceback True", "bad 2 RemoteTraceback True"]


POOL_DEATH = """
    import multiprocessing as mp, os, signal, sys, time

    def work(n, how):
        time.sleep(0.1)
        if n == 2:
            if how == "exit":
                os._exit(1)
            os.kill(os.getpid(), signal.SIGKILL)
        return n

    if __name__ == "__main__":
        method, how, call = sys.argv[1:]
        with mp.get_context(method).Pool(2) as pool:
            before = {p.pid for p in mp.active_children()}
            try:
                if call == "map":
                    pool.starmap_async(work, [(n, how) for n in range(6)]).get(timeout=5)
                else:
                    for r in [pool.apply_async(work, (n, how)) for n in range(6)]:
                        r.get(timeout=5)
                print("returned")
            except mp.TimeoutError:
                deadline = time.monotonic() + 60  # only a guard: the pool replaces its dead worker
                while len(alive := {p.pid for p in mp.active_children()} - {None}) < 2 or alive == before:
                    assert time.monotonic() < deadline, "the dead worker was not replaced"
                    time.sleep(0.05)
                print("still waiting after 5 s", len(alive), len(alive - before))
"""


def test_a_pool_whose_worker_dies_waits_and_replaces_the_worker(tmp_path):
    # every start method, os._exit(1) and SIGKILL, map and apply_async().get(): run side by side
    cases = [
        (m, how, call)
        for m in START_METHODS
        for how, call in (("exit", "map"), ("sigkill", "apply"))
    ]

    def one(case):
        folder = tmp_path / "-".join(case)
        folder.mkdir()
        return run(folder, POOL_DEATH, *case, timeout=120)

    with ThreadPoolExecutor(len(cases)) as threads:
        done = dict(zip(cases, threads.map(one, cases)))
    for case, result in done.items():
        # two workers alive, one of them new: the pool replaced the dead one, not its task
        assert lines(result) == ["still waiting after 5 s 2 1"], case


# ------------------------------------------------------------------ which one to pick


def test_pool_map_chunks(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, os

        def pid(n):
            return os.getpid()

        if __name__ == "__main__":
            with mp.Pool(2) as pool:
                pids = pool.map(pid, range(40))  # 2 workers, 40 items: chunks of 5
            print(all(len(set(pids[i:i + 5])) == 1 for i in range(0, 40, 5)))
    """,
        )
    )
    assert out == ["True"]


@pytest.mark.claims
def test_executor_map_one_item_per_task_is_far_slower_than_chunks(tmp_path):
    code = """
        import multiprocessing as mp, time
        from concurrent.futures import ProcessPoolExecutor

        def ident(n):
            return n

        if __name__ == "__main__":
            items = range(5000)
            with ProcessPoolExecutor(max_workers=2) as ex:
                list(ex.map(ident, range(10)))
                t = time.perf_counter(); list(ex.map(ident, items)); one = time.perf_counter() - t
                t = time.perf_counter(); list(ex.map(ident, items, chunksize=250)); chunked = time.perf_counter() - t
            with mp.Pool(2) as pool:
                pool.map(ident, range(10))
                t = time.perf_counter(); pool.map(ident, items); pooled = time.perf_counter() - t
            print(one, chunked, pooled)
    """

    def measure() -> dict:
        one, chunked, pooled = map(float, lines(run(tmp_path, code))[0].split())
        return {
            "one per task s": one,
            "chunksize=250 s": chunked,
            "Pool.map s": pooled,
            "ratios": (round(one / chunked, 1), round(one / pooled, 1)),
        }

    best_of_three(
        measure,
        lambda f: min(f["ratios"]) > 20,
        "Executor.map 5,000 items one per task > 20 x chunksize=250 and > 20 x Pool.map",
    )


@pytest.mark.parametrize("method", START_METHODS)
def test_pool_tasks_refuse_lambdas_and_nested_functions_even_under_fork(method, tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, pickle, sys

        def in_a_function(pool):
            def nested(n):
                return n
            for what, f in (("nested function", nested), ("nested lambda", lambda n: n)):
                try:
                    pool.map(f, [1, 2])
                except Exception as exc:
                    print(what, type(exc).__name__)

        if __name__ == "__main__":
            with mp.get_context(sys.argv[1]).Pool(2) as pool:
                try:
                    pool.map(lambda n: n, [1, 2])
                except pickle.PicklingError:
                    print("top-level lambda PicklingError")
                in_a_function(pool)
    """,
            method,
        )
    )
    assert out == [
        "top-level lambda PicklingError",
        f"nested function {local_object_error()}",
        f"nested lambda {local_object_error()}",
    ]


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_pool_task_defined_under_the_main_guard_is_missing_in_the_workers(method, tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, sys

        if __name__ == "__main__":
            def guarded(n):
                return n
            with mp.get_context(sys.argv[1]).Pool(2) as pool:
                result = pool.map_async(guarded, [1, 2])
                result.wait(5)  # one-sided: the result never comes, however long we wait
                print("map finished:", result.ready())
    """,
            method,
        )
    )
    assert out == ["map finished: False"]


def test_pool_default_size_and_daemon_workers_cannot_have_children(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, os

        def start_a_child(_):
            try:
                mp.Process(target=print).start()
                return "started"
            except AssertionError as exc:
                return f"AssertionError: {exc}"

        if __name__ == "__main__":
            expected = getattr(os, "process_cpu_count", os.cpu_count)()  # 3.13+, else cpu_count
            with mp.Pool() as pool:
                print("one worker per CPU:", pool._processes == expected)
                print(pool.apply(start_a_child, (0,)))
    """,
        )
    )
    assert out == [
        "one worker per CPU: True",
        "AssertionError: daemonic processes are not allowed to have children",
    ]


def test_pool_maxtasksperchild_works_under_fork(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, os

        def pid(n):
            return os.getpid()

        if __name__ == "__main__":
            with mp.get_context("fork").Pool(1, maxtasksperchild=2) as pool:
                print(len(set(pool.map(pid, range(4), chunksize=1))))
    """,
        )
    )
    assert out == ["2"]


def test_thread_pool_runs_the_same_code_by_changing_one_name(tmp_path):
    out = lines(
        run(
            tmp_path,
            """
        import os
        from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed

        def square(n):
            return n * n, os.getpid()

        def job(Executor):
            with Executor(max_workers=2) as ex:
                futures = [ex.submit(square, n) for n in range(4)]
                return sorted(f.result()[0] for f in as_completed(futures)), {f.result()[1] for f in futures}

        if __name__ == "__main__":
            (a, pa), (b, pb) = job(ProcessPoolExecutor), job(ThreadPoolExecutor)
            print(a == b == [0, 1, 4, 9], os.getpid() not in pa, pb == {os.getpid()})
    """,
        )
    )
    assert out == ["True True True"]


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_works_only_on_futures_still_waiting(workers, tmp_path):
    # Every task waits for the parent's go, so none finishes while the parent cancels. The
    # executor hands tasks on in order (at least workers + 1: the call queue the workers read);
    # cancelling from the last one back, the parent meets it in between whenever it moves.
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, sys, time
        from concurrent.futures import CancelledError, ProcessPoolExecutor

        def share(event):
            global go
            go = event

        def held():
            go.wait()

        def handed_on(futures, workers):  # more than `workers` tasks have left the waiting list
            deadline = time.monotonic() + 60  # only a guard
            while sum(f.running() for f in futures) <= workers:
                assert time.monotonic() < deadline, [f._state for f in futures]
                time.sleep(0.01)

        def no_task_pending(futures):  # shutdown(cancel_futures=True) has cancelled the rest
            deadline = time.monotonic() + 60
            while not all(f.running() or f.done() for f in futures):
                assert time.monotonic() < deadline, [f._state for f in futures]
                time.sleep(0.01)

        if __name__ == "__main__":
            workers = int(sys.argv[1])
            go = mp.Event()
            with ProcessPoolExecutor(workers, initializer=share, initargs=(go,)) as ex:
                futures = [ex.submit(held) for _ in range(6)]
                handed_on(futures, workers)
                print([f.cancel() for f in reversed(futures)][::-1])
                try:
                    futures[-1].result()
                except CancelledError:
                    print("CancelledError")
                go.set()
            go.clear()
            with ProcessPoolExecutor(workers, initializer=share, initargs=(go,)) as ex:
                futures = [ex.submit(held) for _ in range(6)]
                handed_on(futures, workers)
                ex.shutdown(wait=False, cancel_futures=True)
                no_task_pending(futures)
                print(sum(f.cancelled() for f in futures))
                go.set()
    """,
            str(workers),
        )
    )
    cancelled = eval(out[0])
    kept = cancelled.index(True)  # running, or already handed on to the workers' queue
    assert cancelled == [False] * kept + [True] * (6 - kept) and workers < kept < 6
    assert out[1] == "CancelledError"
    assert 1 <= int(out[2]) <= 6 - workers  # shutdown(cancel_futures=True): those not handed on


def test_pool_has_imap_unordered_starmap_and_callbacks_the_executor_has_not(tmp_path):
    # "Which one to pick": what only a Pool offers, run: callback= is called with the result.
    out = lines(
        run(
            tmp_path,
            """
        import multiprocessing as mp, operator
        from concurrent.futures import ProcessPoolExecutor

        if __name__ == "__main__":
            got = []
            with mp.Pool(2) as pool:
                print(sorted(pool.imap_unordered(abs, [-1, -2, -3])),
                      pool.starmap(operator.add, [(1, 2), (3, 4)]))
                pool.apply_async(abs, (-5,), callback=got.append).wait()
            print(got, [hasattr(ProcessPoolExecutor, name)
                        for name in ("imap_unordered", "starmap", "apply_async")])
    """,
        )
    )
    assert out == ["[1, 2, 3] [3, 7]", "[5] [False, False, False]"]


def test_executor_map_has_buffersize_only_from_3_14(tmp_path):
    # The lesson cites the 3.14 docs for buffersize=; here each Python says whether it has it.
    out = lines(
        run(
            tmp_path,
            """
        import inspect, sys
        from concurrent.futures import Executor
        print(sys.version_info >= (3, 14), "buffersize" in inspect.signature(Executor.map).parameters)
    """,
        )
    )
    newer, has = out[0].split()
    assert has == newer
