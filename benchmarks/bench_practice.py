"""How long a learner waits between saving an exercise and seeing the verdict, per exercise.

    python benchmarks/bench_practice.py [--only NAME ...] [--repeats 1]

For each exercise, `ipctutor practice NAME` runs in a real pseudo-terminal (pexpect) with a fresh
workspace. Once it watches the file, the solution is saved as an editor saves (a temporary file
renamed over the learner's), and the clock runs until "✓ Passed" shows; then the broken file is
saved back, until "✗ Not yet" shows. Baseline: the solution run once, bare (`python FILE`, the
default start method), so the ratio says what checking every start method, many times, costs.
A failing verdict of a deadlock exercise includes the watchdog: that is the time the checker must
wait to know a run is stuck. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipctutor.content.exercises import load_course  # noqa: E402


def save(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def bare_run(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(path)], cwd=path.parent, capture_output=True, timeout=60)
    return time.perf_counter() - started


def save_to_verdict(course, exercise, home: str) -> tuple[float, float]:
    """(seconds to the pass verdict, seconds to the fail verdict) in one practice session."""
    workspace = Path(tempfile.mkdtemp(prefix="bench-practice-"))
    env = dict(os.environ, IPCTUTOR_HOME=home, IPCTUTOR_LANG="en", TERM="xterm-256color")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ipctutor", "practice", exercise.name, "--workspace", str(workspace)],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=300,
        dimensions=(50, 160),
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("Watching")
    mine = workspace / f"{exercise.name}.py"
    started = time.perf_counter()
    save(mine, course.solution(exercise).read_text(encoding="utf-8"))
    child.expect_exact("✓ Passed")
    passed = time.perf_counter() - started
    child.expect_exact("n: next exercise")
    started = time.perf_counter()
    save(mine, course.broken(exercise).read_text(encoding="utf-8"))
    child.expect_exact("✗ Not yet")
    failed = time.perf_counter() - started
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    return passed, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    course = load_course()
    home = tempfile.mkdtemp(prefix="bench-practice-home-")
    print(
        f"{'exercise':24} {'runs':>5} {'bare':>7} {'to pass':>8} {'ratio':>6} {'to fail':>8}  (seconds; median of {args.repeats})"
    )
    for exercise in course.exercises:
        if args.only and exercise.name not in args.only:
            continue
        bare = statistics.median(bare_run(course.solution(exercise)) for _ in range(args.repeats))
        pairs = [save_to_verdict(course, exercise, home) for _ in range(args.repeats)]
        to_pass = statistics.median(p for p, _ in pairs)
        to_fail = statistics.median(f for _, f in pairs)
        runs = exercise.runs * len(exercise.start_methods)
        print(
            f"{exercise.name:24} {runs:>5} {bare:7.2f} {to_pass:8.2f} {to_pass / bare:6.1f} {to_fail:8.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
