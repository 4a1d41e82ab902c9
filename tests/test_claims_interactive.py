"""Claims the start-methods lesson makes about the >>> prompt and notebooks, run for real.

The prompt is a real `python -q -i -` session with the code on stdin, each statement run as if
typed (a blank line ends a block, a value left alone is echoed): __main__ has no file, as in a
notebook. The file cases use helpers.run_script (`python FILE`). Each script sets its start method
itself. IPCTUTOR_CLAIMS_PYTHON names another interpreter (checked with 3.11, 3.12 and 3.13 this
way). Every order a test reads is forced by a join(); nothing is timed.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from helpers import CLAIMS_PYTHON, START_METHODS, run_script

SPAWNED = ("spawn", "forkserver")


def python_version() -> tuple[int, int]:
    done = subprocess.run(
        [CLAIMS_PYTHON, "-c", "import sys; print(*sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    major, minor = done.stdout.split()
    return int(major), int(minor)


def lost(name: str) -> str:
    """The child's last line when it cannot find `name` in a __main__ without a file, as measured:
    the module's repr changed in 3.12."""
    main = (
        "<module '__main__' (built-in)>"
        if python_version() < (3, 12)
        else "<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>"
    )
    return f"AttributeError: Can't get attribute '{name}' on {main}"


def run_at_prompt(
    tmp_path: Path, code: str, *how: str, timeout: float = 90
) -> subprocess.CompletedProcess:
    """`code` typed at a real prompt: `python -q -i -` (or `how`, e.g. `-c CODE` or `-`) with the
    code on stdin, in tmp_path, environment as run_script's."""
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [CLAIMS_PYTHON, *(how or ("-q", "-i", "-"))],
        input=textwrap.dedent(code),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=timeout,
    )


def printed(done: subprocess.CompletedProcess) -> list[str]:
    """What the session printed on stdout, one line per print (prompts go to stderr)."""
    return done.stdout.splitlines()


TYPED = """
    import multiprocessing as mp, os, sys
    mp.set_start_method("{method}")
    def f(n):
        print(f"child: {{n}} * {{n}} = {{n * n}}", flush=True)

    p = mp.Process(target=f, args=(3,))
    p.start()
    p.join()
    print("__file__:", getattr(sys.modules["__main__"], "__file__", None), flush=True)
    print("exit code:", p.exitcode, flush=True)
"""


@pytest.mark.parametrize("method", SPAWNED)
def test_a_function_typed_at_the_prompt_is_not_found_by_a_spawned_child(method, tmp_path):
    done = run_at_prompt(tmp_path, TYPED.format(method=method))
    assert printed(done) == ["__file__: None", "exit code: 1"]  # the target never ran
    errors = [line for line in done.stderr.splitlines() if "Error" in line]
    assert errors == [lost("f")], done.stderr  # the child's traceback, and the parent's none


def test_under_fork_the_typed_function_is_copied_with_the_parent(tmp_path):
    done = run_at_prompt(tmp_path, TYPED.format(method="fork"))
    assert printed(done) == ["child: 3 * 3 = 9", "__file__: None", "exit code: 0"]
    assert "Error" not in done.stderr


@pytest.mark.parametrize("method", SPAWNED)
def test_python_c_has_no_file_either_and_fails_the_same_way(method, tmp_path):
    code = textwrap.dedent(TYPED.format(method=method))
    done = run_at_prompt(tmp_path, "", "-c", code)
    assert printed(done) == ["__file__: None", "exit code: 1"]
    assert [line for line in done.stderr.splitlines() if "Error" in line] == [lost("f")]


@pytest.mark.parametrize("method", SPAWNED)
def test_python_dash_from_stdin_names_a_file_that_is_not_there(method, tmp_path):
    """`python - < file.py` is not the prompt: __main__.__file__ is '<stdin>', and the spawned
    child tries to run a file by that name in the parent's folder."""
    done = run_at_prompt(tmp_path, TYPED.format(method=method), "-")
    assert printed(done) == ["__file__: <stdin>", "exit code: 1"]
    errors = [line for line in done.stderr.splitlines() if "Error" in line]
    missing = os.path.join(os.path.realpath(tmp_path), "<stdin>")
    assert errors == [f"FileNotFoundError: [Errno 2] No such file or directory: '{missing}'"]


def test_python_dash_from_stdin_works_under_fork(tmp_path):
    done = run_at_prompt(tmp_path, TYPED.format(method="fork"), "-")
    assert printed(done) == ["child: 3 * 3 = 9", "__file__: <stdin>", "exit code: 0"]


MODULE = """
    def f(n):
        print(f"child: {n} * {n} = {n * n}", flush=True)
"""

IMPORTED = """
    import multiprocessing as mp, sys
    mp.set_start_method("{method}")
    from tasks import f
    p = mp.Process(target=f, args=(3,))
    p.start()
    p.join()
    print("__file__:", getattr(sys.modules["__main__"], "__file__", None), flush=True)
    print("exit code:", p.exitcode, flush=True)
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_the_function_imported_from_a_file_works_at_the_prompt(method, tmp_path):
    (tmp_path / "tasks.py").write_text(textwrap.dedent(MODULE), encoding="utf-8")
    done = run_at_prompt(tmp_path, IMPORTED.format(method=method))
    assert printed(done) == ["child: 3 * 3 = 9", "__file__: None", "exit code: 0"], done.stderr
    assert "Error" not in done.stderr


AS_FILE = """
    import multiprocessing as mp, os, sys
    def f(n):
        print(f"child: {n} * {n} = {n * n}", flush=True)

    if __name__ == "__main__":
        mp.set_start_method(sys.argv[1])
        p = mp.Process(target=f, args=(3,))
        p.start()
        p.join()
        print("__file__:", os.path.basename(sys.modules["__main__"].__file__), flush=True)
        print("exit code:", p.exitcode, flush=True)
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_the_same_code_as_a_file_works_under_every_method(method, tmp_path):
    done = run_script(tmp_path, AS_FILE, method)
    assert done.returncode == 0, done.stderr
    assert printed(done) == ["child: 3 * 3 = 9", "__file__: claim.py", "exit code: 0"]


POOL = """
    import multiprocessing as mp, time
    mp.set_start_method("{method}")
    def f(n):
        return n * n

    pool = mp.Pool(1)
    result = pool.map_async(f, [3])
    first = pool._pool[0]
    while not pool._pool or pool._pool[0] is first:
        time.sleep(0.05)

    print("first worker exit code:", first.exitcode, flush=True)
    print("a new worker:", pool._pool[0].pid != first.pid, flush=True)
    print("result ready:", result.ready(), flush=True)
    pool.terminate()
"""


@pytest.mark.parametrize("method", SPAWNED)
def test_a_pool_worker_dies_of_the_task_and_its_result_never_comes(method, tmp_path):
    """The worker that takes the task dies unpickling it; the pool starts another, and the task
    is gone with the first: map() would wait for ever. The loop waits until the pool has put a
    new worker in the first one's place (it reaps the first before): the sleep only paces it."""
    done = run_at_prompt(tmp_path, POOL.format(method=method))
    assert printed(done) == [
        "first worker exit code: 1",
        "a new worker: True",
        "result ready: False",
    ], done.stderr
    assert lost("f") in done.stderr.splitlines()
