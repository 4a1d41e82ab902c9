"""Every predict-the-output answer in every lesson, checked by running the question's code.

For each `predict` question in lessons/*.yaml (or the folder in IPCTUTOR_LESSONS) and for each start
method the question lists in `start_methods`, the code is saved as a real script file and run in a
fresh interpreter as

    python -c "multiprocessing.set_start_method(M); runpy.run_path(FILE, run_name='__main__')"

so the script is `__main__` loaded from a real file with start method M already chosen: spawn and
forkserver children re-import that file as `__mp_main__`, as when a learner runs `python FILE`.
PYTHONUNBUFFERED is removed from the environment, so print() buffers as it does for a learner.
Test ids are the question id and the start method: `pipe-predict-roundtrip[spawn]`.

What an answer means here:
- `output: X`: the script exits with status 0 and its stdout, stripped of leading and trailing
  whitespace, equals X exactly. Tracebacks that child processes print on stderr do not count.
- `raises: true`: the script itself ends with an uncaught exception: a non-zero exit status and a
  "Traceback" on stderr.
- `timing: true`: over repeated runs (at most RUNS_FOR_TIMING, stopping as soon as two differ) at
  least two different outcomes occur, an outcome being (stdout stripped, whether it raised).

And no other offered choice is also right:
- an `output` answer equals no other `output` choice; if "raises" is offered, the script did not
  raise; if "timing" is offered, the script is run RUNS_IF_TIMING_OFFERED times and gives the same
  outcome every time;
- a `raises` answer prints nothing that equals an `output` choice, and raises every time it is run
  (RUNS_IF_TIMING_OFFERED runs when "timing" is offered);
- a `timing` answer: the runs that differ are not all raising (else "raises" would be right too).

Each run has a timeout (RUN_TIMEOUT): a script that hangs fails its test, it never hangs the suite.
Marked `stress`: `.ci/run` runs this file again with a busy loop on every core (--cpu-hogs auto),
since an answer that holds only on a quiet machine is not true on a learner's slow laptop.
Each case is its own test, run where xdist has a free worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ipctutor.content.lessons import Question, parse_lesson

# Each case is a test of its own, so that xdist spreads them over its workers (as one module fixture
# on one worker, they were the suite's longest path); RUN_TIMEOUT guards each run.
pytestmark = pytest.mark.stress

ROOT = Path(__file__).resolve().parent.parent
LESSONS = Path(os.environ.get("IPCTUTOR_LESSONS") or ROOT / "lessons")
RUN_TIMEOUT = 45  # seconds for one run of one script: only a guard against a hang (a busy CI machine once took over 20 s for 2 x 5,000 Manager round trips)
RUNS_FOR_TIMING = 30  # at most this many runs to see two different outcomes
RUNS_IF_TIMING_OFFERED = 2  # a fixed answer offered beside "it depends on timing" must repeat

# Sets the start method, then runs the script file as __main__ (argv: method, path).
LAUNCHER = (
    "import multiprocessing, runpy, sys; "
    "multiprocessing.set_start_method(sys.argv[1]); "
    "sys.argv = sys.argv[2:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


@dataclass(frozen=True)
class Outcome:
    """One run of a script, reduced to what an answer can claim about it."""

    stdout: str  # stripped
    raised: bool  # the script itself ended with an uncaught exception
    returncode: int
    stderr: str

    def key(self) -> tuple[str, bool]:
        return self.stdout, self.raised

    def describe(self) -> str:
        tail = "\n".join(self.stderr.strip().splitlines()[-6:])
        return f"exit status {self.returncode}, stdout {self.stdout!r}" + (
            f", stderr ends:\n{tail}" if tail else ""
        )


def collect() -> list:
    """One pytest param per (predict question, start method); a broken lesson file is a failing param."""
    params = []
    files = sorted(LESSONS.glob("*.yaml"))
    if not files:
        params.append(pytest.param(None, None, f"no lesson files in {LESSONS}", id="no-lessons"))
    for path in files:
        lesson, problems = parse_lesson(path)
        if problems:
            message = "\n".join(str(p) for p in problems)
            params.append(pytest.param(None, None, message, id=f"{path.stem}-invalid"))
            continue
        for question in lesson.quiz:
            if question.kind != "predict":
                continue
            for method in question.start_methods:
                params.append(pytest.param(question, method, None, id=f"{question.id}[{method}]"))
    return params


def child_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)  # a learner's print() is buffered when piped
    env.pop("PYTHONSTARTUP", None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_script(script: Path, method: str) -> Outcome:
    """Run the script once under `method`; an AssertionError if it outlives RUN_TIMEOUT."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, method, str(script)],
            cwd=script.parent,
            capture_output=True,
            text=True,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(
            f"{script.name} under {method} still running after {RUN_TIMEOUT} s: "
            "a predict question's code must end by itself"
        ) from None
    raised = done.returncode != 0 and "Traceback (most recent call last)" in done.stderr
    return Outcome(done.stdout.strip(), raised, done.returncode, done.stderr)


def offered(question: Question, kind: str) -> list[int]:
    """Indexes of the choices of one kind: output, raises or timing."""
    if kind == "output":
        return [i for i, c in enumerate(question.choices) if c.output is not None]
    return [i for i, c in enumerate(question.choices) if getattr(c, kind)]


def check_answer(question: Question, method: str, folder: Path) -> None:
    """Run the question's code under `method`; AssertionError saying why if the answer is wrong."""
    assert "set_start_method" not in question.code, (
        f"{question.id}: the harness sets the start method; the code must not call "
        "set_start_method (use multiprocessing.get_context(METHOD) if it needs one)"
    )
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"{question.id.replace('-', '_')}.py"
    script.write_text(question.code, encoding="utf-8")
    right = question.choices[question.answer[0]]
    outputs = {i: question.choices[i].output.strip() for i in offered(question, "output")}
    timing_offered = bool(offered(question, "timing"))
    raises_offered = bool(offered(question, "raises"))
    where = f"{question.id} under {method}"

    if right.output is not None:
        runs = RUNS_IF_TIMING_OFFERED if timing_offered else 1
        outcomes = [run_script(script, method) for _ in range(runs)]
        for outcome in outcomes:
            assert not outcome.raised and outcome.returncode == 0, (
                f"{where}: the answer says it prints {right.output!r}, but the script failed: "
                f"{outcome.describe()}"
            )
            assert outcome.stdout == right.output.strip(), (
                f"{where}: the answer is {right.output!r}, but it printed: {outcome.describe()}"
            )
        others = [
            i
            for i, text in outputs.items()
            if i != question.answer[0] and text == right.output.strip()
        ]
        assert not others, f"{where}: choice {others} offers the same output as the answer"
        if raises_offered:
            assert not any(o.raised for o in outcomes), f"{where}: 'it raises' would be right too"

    elif right.raises:
        runs = RUNS_IF_TIMING_OFFERED if timing_offered else 1
        outcomes = [run_script(script, method) for _ in range(runs)]
        for outcome in outcomes:
            assert outcome.raised, (
                f"{where}: the answer says the script raises, but it did not "
                f"(non-zero exit and a Traceback on stderr expected): {outcome.describe()}"
            )
            matching = [i for i, text in outputs.items() if text == outcome.stdout]
            assert not matching, (
                f"{where}: it raised, but its stdout {outcome.stdout!r} also matches "
                f"output choice {matching}"
            )

    else:  # timing
        seen: dict[tuple[str, bool], Outcome] = {}
        for _ in range(RUNS_FOR_TIMING):
            outcome = run_script(script, method)
            seen.setdefault(outcome.key(), outcome)
            if len(seen) >= 2:
                break
        assert len(seen) >= 2, (
            f"{where}: the answer is 'it depends on timing', but {RUNS_FOR_TIMING} runs all gave "
            f"{next(iter(seen.values())).describe()}"
        )
        if raises_offered:
            assert not all(o.raised for o in seen.values()), (
                f"{where}: every differing run raised, so 'it raises' would be right too"
            )


def verdict(question: Question, method: str, folder: Path) -> str | None:
    """None if the answer holds, else the reason it does not."""
    try:
        check_answer(question, method, folder)
    except AssertionError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize(("question", "method", "problem"), collect())
def test_predict_answer(
    question: Question | None, method: str | None, problem: str | None, tmp_path: Path
) -> None:
    if problem:
        pytest.fail(problem, pytrace=False)
    why = verdict(question, method, tmp_path)
    if why:
        pytest.fail(why, pytrace=False)
