"""What several test files share, in one module: paths, running the real CLI, looking at processes
the way the kernel sees them, the other Pythons pyenv has, and how a timing claim is judged.

Test files import from here (`from helpers import run_cli`), never from each other.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pexpect
import pytest

from ipctutor.content.lessons import load_lessons
from ipctutor.content.quiz import asked_in_lesson

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
WITHOUT_DASK = str(ROOT / "tests" / "fixtures" / "without_dask")  # `import distributed` fails there
START_METHODS = ("fork", "spawn", "forkserver")
TRIES = 3  # a timing claim is judged on the best of this many tries


# ------------------------------------------------------------------ the CLI


def run_cli(
    *args: str, env: dict | None = None, timeout: float = 120, input: str | None = None
) -> subprocess.CompletedProcess:
    """`python -m ipctutor ARGS` as a learner would run it; stdout and stderr captured."""
    return subprocess.run(
        [sys.executable, "-m", "ipctutor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


CLAIMS_PYTHON = (
    os.environ.get("IPCTUTOR_CLAIMS_PYTHON") or sys.executable
)  # claims on another Python


@functools.cache
def local_object_error(python: str = CLAIMS_PYTHON) -> str:
    """What pickling a function or lambda made inside a function raises on `python`:
    AttributeError up to 3.13, PicklingError from 3.14 (CPython gh-122311)."""
    ask = "import sys; print(sys.version_info >= (3, 14))"
    newer = subprocess.run([python, "-c", ask], capture_output=True, text=True, check=True)
    return "PicklingError" if newer.stdout.strip() == "True" else "AttributeError"


def run_script(
    tmp_path: Path,
    code: str,
    *args: str,
    timeout: float = 90,
    name: str = "claim.py",
    python: str = CLAIMS_PYTHON,
    flags: tuple[str, ...] = (),
    env_extra: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """A claim's code saved as a real script and run as a learner would (`python FILE ARGS`), with
    print() buffered as it is in a pipe and no warning filters of ours; `timeout` guards a hang.
    run() returns once stdout and stderr close: the resource tracker holds them too, so by then
    it has finished its clean-up and printed its warnings. `python`, its `flags` (-W default) and
    `env_extra`: for a claim about another Python or another setting."""
    script = tmp_path / name
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    env.pop("PYTHONWARNINGS", None)
    env.update(env_extra or {})
    return subprocess.run(
        [python, *flags, str(script), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def dask_installed() -> bool:
    """Whether Dask's `distributed` imports here (the cluster demo's Dask path)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def dask_workers_started_by(method: str) -> str:
    """What starts the cluster demo's Dask workers under `method`: never fork, whose workers
    would be forked from the scheduler's threads (plain/cluster_demo.py)."""
    return "spawn" if method == "fork" else method


def without_dask(env: dict) -> dict:
    """`env` with Dask hidden (the cluster demo's Pool path)."""
    return dict(
        env, PYTHONPATH=os.pathsep.join(filter(None, [WITHOUT_DASK, env.get("PYTHONPATH")]))
    )


# ------------------------------------------------------------------ a demo's JSON report

WORKERS = 4


def run_json(topic: str, method: str, env: dict, *extra: str) -> dict:
    proc = run_cli(
        "run",
        topic,
        "--workers",
        str(WORKERS),
        "--delay",
        "0",
        "--start-method",
        method,
        "--json",
        *extra,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # the only thing on stdout


def children_of(run: dict) -> list[dict]:
    return [p for p in run["processes"] if p["role"] == "child"]


def check_pids(run: dict, method: str) -> None:
    """WORKERS children with PIDs of their own, all exited 0; their parent is the tutor, or under
    forkserver the one fork server that forked them all."""
    children = children_of(run)
    assert len(children) == WORKERS
    pids = [p["pid"] for p in children]
    assert len(set(pids)) == WORKERS and run["parent_pid"] not in pids
    ppids = {p["ppid"] for p in children}
    if method == "forkserver":  # one fork server forked them all
        assert len(ppids) == 1 and run["parent_pid"] not in ppids and None not in ppids
    else:
        assert ppids == {run["parent_pid"]}
    assert all(p["exitcode"] == 0 and p["state"] == "exited" for p in children)


# ------------------------------------------------------------------ a pitfall's report


def printed(phase: dict, pattern: str, *, parent_only: bool = False) -> list[re.Match]:
    """The lines a phase's processes printed (the parent's, then each process's) that match."""
    lines = list(phase["parent"]["printed"])
    if not parent_only:
        lines += [line for p in phase["processes"] for line in p["printed"]]
    return [m for m in (re.fullmatch(pattern, line) for line in lines) if m]


def said(phase: dict, pattern: str) -> re.Match:
    """The parent's result line: exactly one line of its own output matches."""
    found = printed(phase, pattern, parent_only=True)
    assert len(found) == 1, (pattern, phase["parent"]["printed"])
    return found[0]


# ------------------------------------------------------------------ the tutor in a terminal


def spawn_tutor(*args: str, env: dict, width: int = 120) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "ipctutor", *args],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
        dimensions=(50, width),
    )


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
COLOUR = re.compile(
    r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;|4[0-7])[0-9;]*m"
)  # foreground/background colour
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


def lesson(topic: str):
    return next(lesson for lesson in load_lessons(LESSONS) if lesson.id == topic)


def spawn(*args: str, env: dict, size: tuple[int, int] | None = None) -> pexpect.spawn:
    """The tutor in a pseudo-terminal; everything it shows is kept in `child.log`. `size` (rows,
    columns): a terminal of that size, measured by the tutor itself (the suite's COLUMNS and
    LINES are dropped); else 50x120."""
    # pexpect is a terminal that never answers prompt_toolkit's cursor-position request (a real
    # one does at once); without this, every prompt waits a second for the answer when it ends
    env = dict(env, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1")
    if size is not None:
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ipctutor", *args],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
        dimensions=size or (50, 120),
    )
    child.log = child.logfile_read = io.StringIO()
    return child


def squeezed(text: str) -> str:
    """Without white space: a line wrapped at 80 columns (between Chinese characters too) still
    reads as one."""
    return "".join(text.split())


def shown(child) -> str:
    """What the learner saw, without terminal control codes."""
    return ANSI.sub("", child.log.getvalue())


def keys_for(asked, right: bool) -> str:
    """The keys that answer a question right, or wrong (the top choice that is not an answer),
    with its choices where the tutor shows them (`asked.shown()`, top to bottom)."""
    question, shown = asked.question, list(asked.shown())
    chosen = (
        sorted(question.answer) if right else [next(i for i in shown if i not in question.answer)]
    )
    typed, at = "", 0
    for position in sorted(shown.index(i) for i in chosen):
        typed += DOWN * (position - at) + (SPACE if question.kind == "multiple" else "")
        at = position
    return typed + ENTER


MORE = {"en": "Enter: more", "zh": "Enter：继续"}


def on_to(child, text: str, lang: str = "en", timeout: float = 90) -> None:
    """Enter on every page before the one that shows `text` (a page says "more" when another
    follows it)."""
    while child.expect_exact([text, MORE[lang]], timeout=timeout) == 1:
        child.send(ENTER)


def answer(child, number: int, total: int, asked, right: bool, lang: str = "en") -> None:
    """Wait for question `number`, press the keys, and see the verdict; a wrong first answer gets
    its second try, answered wrong again; then Enter under the explanation."""
    child.expect_exact(
        f"Question {number} of {total}" if lang == "en" else f"第 {number}/{total} 题"
    )
    on_to(child, "Your answer" if lang == "en" else "你的答案", lang)
    child.send(keys_for(asked, right))
    if not right:
        child.expect_exact("Try once more" if lang == "en" else "再试一次")
        on_to(child, "Your answer" if lang == "en" else "你的答案", lang)
        child.send(keys_for(asked, right=False))
    verdict = ["✓ Right.", "✗ Not quite."] if lang == "en" else ["✓ 回答正确。", "✗ 回答错误。"]
    assert child.expect_exact(verdict) == (0 if right else 1)
    after = (
        ("Enter: your score" if number == total else "Enter: next question")
        if lang == "en"
        else ("Enter：查看得分" if number == total else "Enter：下一题")
    )
    on_to(child, after, lang)
    child.send(ENTER)


def progress_of(env: dict) -> dict:
    return json.loads((Path(env["IPCTUTOR_HOME"]) / "progress.json").read_text(encoding="utf-8"))


def finish(child) -> str:
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    return child.before


def read_up_to_the_demo(child, topic: str) -> None:
    """Press Enter through every screen and the demo's code, up to the prompt that runs the demo."""
    screens = lesson(topic).screens
    for number in range(1, len(screens) + 1):
        on_to(child, "Enter: next" if number < len(screens) else "Enter: see the demo's code")
        child.send(ENTER)
    on_to(child, "Enter: run it live")


def run_the_demo(child, impatient: bool = False) -> None:
    """From the prompt that runs the demo: Enter, a guess (the first choice), the run (`impatient`:
    with an Enter pressed while it runs, which is dropped; only for a demo that runs for seconds,
    or the key may come after its end), up to the pause under its result."""
    child.send(ENTER)
    # the guess before the run (not for a pool's workers), then the live panel, or in plain
    # lines a line that says it runs (its lines come after it, a page at a time)
    if child.expect_exact(["No: in some other order", "demo, live", ": running …"]) == 0:
        child.send(ENTER)
        child.expect_exact(["demo, live", ": running …"])
    if impatient:
        child.send(ENTER)  # an impatient key during the demo is dropped, not taken as "next"
    on_to(child, "Enter: what commonly goes wrong")


def on_to_the_quiz(child) -> None:
    """From the demo's result: Enter through what goes wrong, every pitfall screen and the
    exercise's offer, up to the pause that starts the quiz."""
    child.send(ENTER)
    while (
        child.expect_exact(
            [
                "Enter: the quiz",
                "Enter: more",
                "Enter: what commonly goes wrong",
                "Enter: a pitfall you can run",
                "Enter: this lesson's exercise",
            ],
            timeout=90,
        )
        > 0
    ):
        child.send(ENTER)


def walk_lesson(topic: str, env: dict, *options: str) -> tuple[pexpect.spawn, str]:
    """Take a whole lesson: every screen, the code, the demo, the pitfalls, the quiz (first answer
    wrong, after two hints; the rest right). Returns the tutor and everything it showed."""
    the_lesson = lesson(topic)
    child = spawn("learn", topic, *options, env=env)
    read_up_to_the_demo(child, topic)
    run_the_demo(child, impatient=not options)  # the default pause: each child waits a second
    on_to_the_quiz(child)
    child.send(ENTER)
    total = len(the_lesson.quiz)
    for number, asked in enumerate(asked_in_lesson(the_lesson), 1):
        if number == 1:  # the question's own ladder, two rungs up
            hints = asked.question.hints
            on_to(child, "Your answer")
            child.send("h")
            on_to(child, f"Hint 1/{len(hints)}:")  # behind a page break when the page is full
            on_to(child, "Your answer")  # asked again under the hint
            child.send("h")
            on_to(child, f"Hint 2/{len(hints)}:")
            on_to(child, "Your answer")
            child.send(keys_for(asked, right=False))
            child.expect_exact("Try once more")
            on_to(child, "Your answer")
            child.send(keys_for(asked, right=True))  # right on the second try: it scores as wrong
            child.expect_exact("Right, on the second try")
            on_to(child, "Enter: next question")
            child.send(ENTER)
            continue
        answer(child, number, total, asked, right=True)
    child.expect_exact(f"Score: {total - 1}/{total}")
    finish(child)
    return child, shown(child)


# ------------------------------------------------------------------ processes (Linux /proc)


def state_of(pid: int) -> str | None:
    """The kernel's state letter (R, S, Z ...) of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


def wait_all_gone(pids: Iterable[int], timeout: float = 10.0) -> list[int]:
    """Wait until none of these PIDs exists (zombies count as existing); return those left.

    The timeout is only a guard against waiting for ever: a test asserts on what is left."""
    deadline = time.monotonic() + timeout
    left = list(pids)
    while left and time.monotonic() < deadline:
        left = [pid for pid in left if state_of(pid) is not None]
        if left:
            time.sleep(0.05)
    return left


def processes_with(marker: str) -> list[int]:
    """PIDs of live processes (not zombies) whose environment holds `marker`: a test gives the
    tutor a marker (its IPCTUTOR_HOME, say) and every child inherits it."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    if "\nState:\tZ" not in (entry / "status").read_text():
                        found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return found


def processes_left_with(marker: str, timeout: float = 10.0) -> list[int]:
    """Wait until no live process holds `marker`; return those left. The timeout only guards
    against waiting for ever: a test asserts on what is left."""
    deadline = time.monotonic() + timeout
    while (left := processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return state_of(pid) not in (None, "Z")


# ------------------------------------------------------------------ other Pythons


def pyenv_python(version: str) -> Path | None:
    """The newest Python `version` (e.g. "3.12") pyenv has here, or None."""
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return None
    found = sorted(Path(root, "versions").glob(f"{version}.*/bin/python")) if root else []
    return found[-1] if found else None


def other_python(version: str) -> str:
    """pyenv's Python `version` for a test about that version, or skip the test.

    Such a test gives the same answer whichever Python runs pytest, so CI runs it once (in the
    README's suite) and sets IPCTUTOR_CROSS_VERSION=0 for the suites on the other Pythons."""
    if os.environ.get("IPCTUTOR_CROSS_VERSION") == "0":
        pytest.skip(f"checks Python {version} from outside: run once per CI run, in another suite")
    found = pyenv_python(version)
    if found is None:
        pytest.skip(f"no Python {version} under pyenv")
    return str(found)


# ------------------------------------------------------------------ timing claims


def best_of_three(
    measure: Callable[[], Any],
    holds: Callable[[Any], bool],
    claim: str,
    needs_free_cores: bool = False,
) -> Any:
    """A claim about speed: `measure()` up to TRIES times, passing on the first try whose figures
    `holds()`; if none does, fail with every try's figures. A burst of load from elsewhere can spoil
    one try; a claim that is false fails all three. Only for tests marked `claims`.
    `needs_free_cores`: a claim about cores left free (two processes run side by side) cannot be
    judged while other work keeps them busy: if other processes used half a core or more during
    every try, it is skipped, saying so, rather than failed."""
    tries, crowded = [], []
    for _ in range(TRIES):
        before, began = cpu_seconds(), time.monotonic()
        figures = measure()
        after, wall = cpu_seconds(), time.monotonic() - began
        others = (
            None
            if before is None or after is None
            else ((after[0] - before[0]) - (after[1] - before[1])) / wall
        )
        tries.append(figures)
        crowded.append(others)
        if holds(figures):
            return figures
    shown = "\n".join(
        f"  try {n}: {figures}, other work used {others if others is None else round(others, 2)} cores"
        for n, (figures, others) in enumerate(zip(tries, crowded), 1)
    )
    if needs_free_cores and all(o is not None and o >= 0.5 for o in crowded):
        pytest.skip(
            f"{claim}: not judged, the cores were busy with other work in every try:\n{shown}"
        )
    pytest.fail(
        f"{claim}: held in none of {TRIES} tries; each try's figures:\n{shown}", pytrace=False
    )


def cpu_seconds() -> tuple[float, float] | None:
    """(CPU seconds every process has used, of which this one and its waited-for children), or
    None where /proc/stat is not there: the difference over a try is what other work used."""
    import resource

    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    total = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    ours = sum(
        u.ru_utime + u.ru_stime
        for u in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )
    return total, ours
