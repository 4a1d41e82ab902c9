"""Claims the value lesson makes outside its predict questions, run for real.

Each test runs a small stdlib-only script in a fresh interpreter (PYTHONUNBUFFERED removed), with
the Python running the tests: run the file under each supported Python to check each. Nothing here
depends on speed (a wait that must not end is checked one-sided: it has not ended after a while,
and it ends at once when the lock is let go), except the one test marked `claims`, a speed shape
judged on the best of three tries.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import START_METHODS, best_of_three, run_script as run


def test_each_read_and_each_write_of_value_takes_its_lock_but_not_across_both(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, threading

        v = mp.Value("i", 0)
        print(type(v.get_lock()).__name__)
        for step, action in (("read", lambda: v.value), ("write", lambda: setattr(v, "value", 1))):
            finished = threading.Event()
            with v.get_lock():  # held here: the other thread's single read or write must wait
                t = threading.Thread(target=lambda: (action(), finished.set()))
                t.start()
                waited = not finished.wait(0.5)
            t.join(10)
            print(step, "waited for the lock:", waited, "then finished:", finished.is_set())
        # += is a read (lock taken, released) then a write (taken again): between the two,
        # another thread can take the lock, which it could not if += held it across both
        got_in_between = []

        def take_and_give_back():
            got_in_between.append(v.get_lock().acquire(timeout=5))
            v.get_lock().release()

        original = type(v).value

        def spy_get(self):
            result = original.fget(self)  # the read is done: is the lock free now?
            t = threading.Thread(target=take_and_give_back)
            t.start()
            t.join()
            return result
        type(v).value = property(spy_get, original.fset)
        v.value += 1
        print("another thread took the lock between read and write:", got_in_between == [True])
    """,
    )
    assert done.stdout.splitlines() == [
        "RLock",
        "read waited for the lock: True then finished: True",
        "write waited for the lock: True then finished: True",
        "another thread took the lock between read and write: True",
    ], done.stderr


def test_arrays_print_a_wrapper_slices_copy_out_and_raw_ones_have_no_lock(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        from multiprocessing import sharedctypes

        arr = mp.Array("i", 3)
        print(repr(arr).startswith("<SynchronizedArray wrapper for"), arr[:], type(arr[:]).__name__)
        print(hasattr(arr, "value"))
        raw, raw_array = mp.RawValue("d", 1.5), mp.RawArray("i", 3)
        print(hasattr(raw, "get_lock"), hasattr(raw_array, "get_lock"))
        print(hasattr(mp.Value("i", 0, lock=False), "get_lock"))
        print(type(mp.RawValue("i", 1)).__name__, type(sharedctypes.RawValue("i", 1)).__name__)
        print(mp.Value("d", 0.0).get_lock() is not None, type(mp.Value("d", 0.5).value).__name__)
    """,
    )
    assert done.stdout.splitlines() == [
        "True [0, 0, 0] list",
        "False",
        "False False",
        "False",
        "c_int c_int",
        "True float",
    ], done.stderr


@pytest.mark.claims
def test_a_raw_write_is_a_few_times_quicker_than_a_value_s_and_many_times_an_array_element_s(
    tmp_path,
):
    """The lesson's shape, not its figures: without the lock a write costs a fraction of a locked
    Value write, and a smaller fraction of an Array element write (which also checks the index)."""

    def measure() -> list[float]:
        done = run(
            tmp_path,
            """
            import timeit
            setup = (
                "from multiprocessing import RawValue, Value, Array; "
                "raw, val, arr = RawValue('i', 0), Value('i', 0), Array('i', 1)"
            )
            n = 100_000
            print(*[min(timeit.repeat(s, setup, number=n, repeat=3)) / n * 1e9
                    for s in ("raw.value = 1", "val.value = 1", "arr[0] = 1")])
            """,
        )
        assert done.returncode == 0, done.stderr
        return [float(ns) for ns in done.stdout.split()]

    best_of_three(
        measure,
        lambda ns: ns[1] >= 2 * ns[0] and ns[2] >= 5 * ns[0],
        "a RawValue write is a few times quicker than a Value's, many times an Array element's",
    )


@pytest.mark.claims
def test_the_race_pitfall_s_fix_is_slower_than_the_race(tmp_path):
    """The race screen: holding the lock from the read to the write loses nothing but is slower,
    because the workers take turns. The pitfall's own two scripts, each timing itself (best of
    three: a burst of load from elsewhere can spoil one try)."""
    plain = Path(__file__).resolve().parent.parent / "ipctutor" / "engine" / "plain"

    def seconds(name: str) -> float:
        done = subprocess.run(
            [sys.executable, str(plain / name), "--size", "50000"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return float(done.stdout.rsplit(" in ", 1)[1].split()[0])

    best_of_three(
        lambda: {"race": seconds("value_race_broken.py"), "fix": seconds("value_race_fixed.py")},
        lambda s: s["fix"] > s["race"],
        "the locked += (the fix) takes longer than the unlocked one (4 workers x 50,000, s)",
    )


def test_the_module_is_sharedctypes_not_sharectypes(tmp_path):
    done = run(
        tmp_path,
        """
        import importlib.util
        print(importlib.util.find_spec("multiprocessing.sharedctypes") is not None,
              importlib.util.find_spec("multiprocessing.sharectypes") is None)
        """,
    )
    assert done.stdout.split() == ["True", "True"], done.stderr


@pytest.mark.parametrize("method", START_METHODS)
def test_a_value_passed_in_args_or_initargs_is_shared(tmp_path, method):
    # What the pitfall says to do instead of sending it: hand it over when the process is made.
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys
        def add(v, n):
            with v.get_lock():
                v.value += n
        def keep(v):
            global shared
            shared = v
        def add_to_kept(n):
            add(shared, n)
        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            v = ctx.Value("i", 0)
            p = ctx.Process(target=add, args=(v, 1)); p.start(); p.join()
            with ctx.Pool(2, initializer=keep, initargs=(v,)) as pool:
                pool.map(add_to_kept, [10, 100])
            print(v.value)
        """,
        method,
    )
    assert done.stdout.strip() == "111", done.stderr
