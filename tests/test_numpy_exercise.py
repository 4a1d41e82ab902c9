"""The shared-memory-numpy exercise without NumPy, through the checker the learner meets.

tests/test_exercises.py checks every exercise with the interpreter as installed (CI's has NumPy
through the `test` extra). A learner without NumPy gets the same exercise on array.array and a
memoryview: here the checker runs it with NumPy hidden for real. The checker drops PYTHON*
settings from the environment, so the interpreter it is given is a small wrapper that puts
tests/fixtures/without_numpy first on PYTHONPATH and runs this Python; spawned and forkserver
children inherit that environment, so `import numpy` fails in every process of the run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from ipctutor.content.exercises import load_course
from ipctutor.engine.practice_check import check

WITHOUT_NUMPY = ROOT / "tests" / "fixtures" / "without_numpy"
NAME = "shared-memory-numpy"
COURSE = load_course(ROOT / "exercises")

pytestmark = pytest.mark.xdist_group(f"exercise-{NAME}")


@pytest.fixture
def python_without_numpy(tmp_path: Path) -> str:
    wrapper = tmp_path / "python-without-numpy"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'PYTHONPATH="{WITHOUT_NUMPY}${{PYTHONPATH:+:$PYTHONPATH}}" exec "{sys.executable}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return str(wrapper)


def test_the_wrapper_really_hides_numpy(python_without_numpy):
    done = subprocess.run(
        [python_without_numpy, "-c", "import numpy"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and "ImportError: numpy is hidden" in done.stderr


@pytest.mark.stress
def test_without_numpy_the_shipped_file_fails_and_the_solution_passes(python_without_numpy):
    exercise = COURSE.find(NAME)
    spec = exercise.spec("en")
    broken = check(COURSE.broken(exercise), spec, parallel=2, python=python_without_numpy)
    assert not broken.passed
    text = "\n".join(broken.lines())
    assert "wrong result in 3 of 3 runs" in text, text
    solution = check(
        COURSE.solution(exercise),
        spec,
        runs=2,
        parallel=2,
        python=python_without_numpy,
        watchdog=4 * spec.watchdog,
    )
    assert solution.passed, "\n".join(solution.lines())
    assert {r.method for r in solution.results} == {"fork", "spawn", "forkserver"}


def test_the_exercise_sits_right_after_shared_memory_unlink():
    names = [e.name for e in COURSE.exercises]
    assert names[names.index("shared-memory-unlink") + 1] == NAME
