"""Claims the shared-memory lesson makes about arrays on a block (NumPy or not), run for real.

Each test runs a small script in a fresh interpreter, as a learner would, under every start method,
once with NumPy and once with the standard library's stand-ins (array.array, a memoryview cast to
"d"). The NumPy cases skip cleanly when the interpreter that runs the claims has no NumPy; CI
installs it through the `test` extra. The default tests judge what the parent reads back after
every worker wrote and exited; the `claims`-marked ones (memory and time) are judged on the best
of three tries. IPCTUTOR_CLAIMS_PYTHON runs the scripts under another interpreter (3.12, 3.13).
"""

from __future__ import annotations

import functools
import re
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import CLAIMS_PYTHON, START_METHODS, best_of_three, run_script as run

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("numpy", "stdlib")
MIB_KIB = 1024  # KiB in a MiB: ru_maxrss is in KiB on Linux
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB")


@functools.cache
def has_numpy() -> bool:
    done = subprocess.run([CLAIMS_PYTHON, "-c", "import numpy"], capture_output=True, timeout=120)
    return done.returncode == 0


def needs(kind: str) -> None:
    if kind == "numpy" and not has_numpy():
        pytest.skip(f"NumPy is not installed for {CLAIMS_PYTHON} (pip install 'ipctutor[numpy]')")


ARRAYS = """
    import array, multiprocessing as mp, os, resource, sys, time
    from multiprocessing import shared_memory

    def make(kind, items):  # the data: float64 items, all 1.0
        if kind == "numpy":
            import numpy
            return numpy.ones(items)
        return array.array("d", [1.0]) * items

    def view(kind, buf):  # the block's bytes as float64 items: a view, no copy
        if kind == "numpy":
            import numpy
            return numpy.ndarray((len(buf) // 8,), dtype="float64", buffer=buf)
        return buf.cast("d")
"""

COPY = (
    ARRAYS
    + """
    def child(q, n):
        a = q.get()
        a[n] = -(n + 1)
        print(f"child {n} wrote {a[n]} into a {type(a).__name__}", flush=True)

    if __name__ == "__main__":
        method, kind = sys.argv[1:3]
        mp.set_start_method(method)
        q = mp.Queue()
        children = [mp.Process(target=child, args=(q, n)) for n in range(4)]
        for p in children:
            p.start()
        a = make(kind, 1000)
        for _ in children:
            q.put(a)
        for p in children:
            p.join()
        print("exit codes", [p.exitcode for p in children])
        print("parent reads", [float(x) for x in a[:4]])
"""
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("method", START_METHODS)
def test_an_array_through_a_queue_reaches_each_worker_as_a_copy(method, kind, tmp_path):
    needs(kind)
    done = run(tmp_path, COPY, method, kind)
    assert done.returncode == 0, done.stderr
    name = "ndarray" if kind == "numpy" else "array"
    for n in range(4):  # each worker wrote into the array it got
        assert f"child {n} wrote {-(n + 1.0)} into a {name}" in done.stdout
    assert "exit codes [0, 0, 0, 0]" in done.stdout
    # after every worker wrote and exited, the parent's array has none of it: they had copies
    assert "parent reads [1.0, 1.0, 1.0, 1.0]" in done.stdout, done.stdout


VIEW = (
    ARRAYS
    + """
    def child(name, n, kind):
        block = shared_memory.SharedMemory(name=name)
        a = view(kind, block.buf)
        a[n] = -(n + 1)
        print(f"child {n} wrote {a[n]} into a {type(a).__name__}", flush=True)
        del a
        block.close()

    if __name__ == "__main__":
        method, kind = sys.argv[1:3]
        mp.set_start_method(method)
        block = shared_memory.SharedMemory(create=True, size=8 * 1000)
        a = view(kind, block.buf)
        a[:] = make(kind, 1000)  # the one copy: the data into the block
        children = [mp.Process(target=child, args=(block.name, n, kind)) for n in range(4)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        print("exit codes", [p.exitcode for p in children])
        print("parent reads", [float(x) for x in a[:5]])
        if kind == "numpy":
            print("owns its data:", a.flags.owndata)
        del a
        block.close()
        block.unlink()
        print("closed and unlinked")
"""
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("method", START_METHODS)
def test_a_view_of_the_block_in_every_process_shares_the_writes(method, kind, tmp_path):
    needs(kind)
    done = run(tmp_path, VIEW, method, kind)
    assert done.returncode == 0, done.stderr
    name = "ndarray" if kind == "numpy" else "memoryview"
    for n in range(4):
        assert f"child {n} wrote {-(n + 1.0)} into a {name}" in done.stdout
    assert "exit codes [0, 0, 0, 0]" in done.stdout
    # every worker's write is in the parent's array, and the item nobody wrote kept the data
    assert "parent reads [-1.0, -2.0, -3.0, -4.0, 1.0]" in done.stdout, done.stdout
    if kind == "numpy":
        assert "owns its data: False" in done.stdout  # a view of the block's buffer
    assert "closed and unlinked" in done.stdout
    assert "leaked" not in done.stderr and "Traceback" not in done.stderr, done.stderr


CLOSE_WITH_A_VIEW = (
    ARRAYS
    + """
    if __name__ == "__main__":
        kind = sys.argv[1]
        block = shared_memory.SharedMemory(create=True, size=64)
        a = view(kind, block.buf)
        a[0] = 5.0
        try:
            block.close()
        except BufferError as exc:
            print("close() with a view alive: BufferError:", exc, flush=True)
            del a
            block.close()
            print("after del: closed", flush=True)
        else:
            print("close() with a view alive: no error", flush=True)
        block.unlink()
        print("unlinked", flush=True)
        if kind == "numpy":
            print("base:", type(a.base).__name__, flush=True)
            print("reading a[0] after close():", flush=True)
            print(a[0], flush=True)
"""
)


def test_a_live_memoryview_makes_close_raise_buffer_error_and_releasing_it_lets_close(tmp_path):
    done = run(tmp_path, CLOSE_WITH_A_VIEW, "stdlib")
    assert done.returncode == 0, done.stderr
    assert "close() with a view alive: BufferError: cannot close exported pointers exist" in (
        done.stdout
    )
    assert "after del: closed\nunlinked" in done.stdout
    assert "leaked" not in done.stderr, done.stderr


@linux_only
def test_a_numpy_view_does_not_stop_close_and_reading_it_afterwards_kills_the_process(tmp_path):
    """NumPy keeps the block's mmap as the array's base but no buffer export of it, so close()
    unmaps the memory under a live array; the next read is a segmentation fault."""
    needs("numpy")
    done = run(tmp_path, CLOSE_WITH_A_VIEW, "numpy")
    assert "close() with a view alive: no error\nunlinked\nbase: mmap" in done.stdout, done.stdout
    assert done.stdout.endswith("reading a[0] after close():\n")  # it never printed the value
    assert done.returncode == -signal.SIGSEGV, (done.returncode, done.stderr)


# ---------------------------------------------------------------- memory and time (claims)

MEASURE = (
    ARRAYS
    + """
    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    def child(mode, kind, q, ready, name):
        if kind == "numpy":
            import numpy  # imported before the baseline: its own memory is not the array's
        before = peak()
        ready.wait()
        began = time.perf_counter()
        if mode == "copy":
            a = q.get()
        else:
            block = shared_memory.SharedMemory(name=name)
            a = view(kind, block.buf)
        a[0] = -1.0
        print(f"grew {peak() - before} KiB in {time.perf_counter() - began:.4f} s", flush=True)
        if mode == "view":
            del a
            block.close()

    if __name__ == "__main__":
        method, kind, mode = sys.argv[1:4]
        mp.set_start_method(method)
        items = 8 * 1024 * 1024  # 64 MiB of float64
        block = shared_memory.SharedMemory(create=True, size=8 * items)  # untouched until filled
        q, ready = mp.Queue(), mp.Event()
        p = mp.Process(target=child, args=(mode, kind, q, ready, block.name))
        p.start()  # before the data exists: a spawned child's ru_maxrss starts at its parent's
        if mode == "copy":
            a = make(kind, items)
            ready.set()
            q.put(a)
        else:
            a = view(kind, block.buf)
            a[:] = make(kind, items)
            ready.set()
        p.join()
        del a
        block.close()
        block.unlink()
"""
)

GREW = r"grew (-?\d+) KiB in ([\d.]+) s"


def measure_worker(tmp_path: Path, method: str, kind: str, mode: str) -> tuple[int, float]:
    done = run(tmp_path, MEASURE, method, kind, mode, timeout=180)
    assert done.returncode == 0, done.stderr
    grew = re.search(GREW, done.stdout)
    assert grew, done.stdout
    return int(grew[1]), float(grew[2])


@linux_only
@pytest.mark.claims
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("method", START_METHODS)
def test_a_copy_costs_each_worker_the_array_and_takes_longer_than_a_view(method, kind, tmp_path):
    needs(kind)

    def measure():
        copy_kib, copy_s = measure_worker(tmp_path, method, kind, "copy")
        view_kib, view_s = measure_worker(tmp_path, method, kind, "view")
        return {"copy KiB": copy_kib, "view KiB": view_kib, "copy s": copy_s, "view s": view_s}

    best_of_three(
        measure,
        lambda f: (
            f["copy KiB"] >= 60 * MIB_KIB
            and f["view KiB"] < 8 * MIB_KIB
            and f["copy s"] > f["view s"]
        ),
        "with a 64 MiB array, a worker's peak memory grows by at least 60 MiB with a copy and by "
        "less than 8 MiB with a view of the block, and the copy takes longer to have",
    )


INHERITS = """
    import multiprocessing as mp, resource, sys

    def child():
        print("child ru_maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)

    if __name__ == "__main__":
        mp.set_start_method(sys.argv[1])
        big = bytearray(200 * 1024 * 1024)
        big[::4096] = b"x" * len(range(0, len(big), 4096))  # every page touched: 200 MiB held
        print("parent ru_maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
        p = mp.Process(target=child)
        p.start()
        p.join()
"""


@linux_only
@pytest.mark.claims
def test_on_linux_a_spawned_childs_ru_maxrss_starts_at_its_parents(tmp_path):
    """The child itself holds a bare interpreter (some 10-20 MiB), yet under spawn its ru_maxrss
    reports its parent's 200 MiB: Linux counts the fork before exec. Under forkserver it does not
    (the fork server is small)."""

    def measure():
        figures = {}
        for method in ("spawn", "forkserver"):
            done = run(tmp_path, INHERITS, method)
            assert done.returncode == 0, done.stderr
            figures[method] = int(re.search(r"child ru_maxrss (\d+)", done.stdout)[1])
        return figures

    best_of_three(
        measure,
        lambda f: f["spawn"] >= 190 * MIB_KIB and f["forkserver"] < 100 * MIB_KIB,
        "a spawned child's ru_maxrss includes its parent's 200 MiB; a forkserver child's does not",
    )


# ---------------------------------------------------------------- installing


def test_the_numpy_extra_installs_numpy_and_ci_tests_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert any(req.startswith("numpy") for req in extras["numpy"])
    assert any(req.startswith("numpy") for req in extras["test"])
    assert not any(req.startswith("numpy") for req in project["dependencies"])
