"""Check a learner's exercise file for real: run it in fresh interpreters, many times, and say what went wrong.

Each run is `python FILE ARGS...` in a new session, with a small bootstrap on PYTHONPATH
(the observer, engine/observer/sitecustomize.py) that sets the start method under test, makes every process of the
run dump its stacks on SIGUSR1, and notes how each process started. A run passes when it ends
within the watchdog with exit code 0, no traceback from the parent or any child, children started
by the start method under test, no warning from the resource tracker that something was never
unlinked, and output that matches the exercise's spec for the inputs drawn at random for this run
(so printing the expected line does not pass). A check passes when every run under every start
method passes. Standard library only.
"""

from __future__ import annotations

import ast
import operator
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ipctutor.engine import stacks, stopping
from ipctutor.i18n import t

DUMP_WAIT = 5.0  # how long the stuck processes get to write their stacks: each answers at once
# when it gets a CPU (faulthandler writes from the signal handler); on a loaded machine 1 s was
# not always enough, and the report then said nothing of where that process waited
TRACKER_WAIT = (
    stopping.TRACKER_WAIT_S
)  # how long a stopped run's resource tracker gets to unlink what was left
BUSY_GRACE = 2.0  # a run still using the CPU at its watchdog may go on for this many watchdogs more
CHILD_ORIGINS = ("fork", "spawn", "forkserver")
LIVE: dict[
    int, str
] = {}  # session leader -> notes folder, of the runs going on now, to stop on Ctrl-C
LIVE_LOCK = threading.Lock()  # a run is started and entered in LIVE, or not started at all
STOPPING = threading.Event()  # set on Ctrl-C (SIGTERM, SIGHUP): no new run starts


@dataclass(frozen=True)
class CheckSpec:
    """What every run of one exercise must show. Built from the manifest (content/exercises.py)."""

    start_methods: tuple[str, ...]
    runs: int  # per start method
    watchdog: float  # seconds per run
    args: tuple[tuple[str, int, int], ...] = ()  # (name, low, high): drawn per run, passed as argv
    result_pattern: str | None = None  # the last line; group 1 is the number compared
    result_expect: str | None = None  # arithmetic over the args' names
    lines_pattern: str | None = None  # every other line must match it whole
    lines_count: str | None = None  # how many such lines (arithmetic over the args)
    contiguous: bool = False  # lines of one owner (group 1 of lines_pattern) come in one stretch
    wrong: str | None = None  # the exercise's words for a wrong result: {n} {runs} {got} {expected}


class RunsStopped(Exception):
    """A run asked for after the check was stopped (Ctrl-C, SIGTERM, SIGHUP): it is not started."""


@dataclass
class RunResult:
    method: str
    values: dict
    passed: bool = True
    problem: str = ""  # stuck, child_error, parent_error, exit, no_children, start_method, leaked, result, lines
    detail: str = ""  # one line of evidence from this run
    got: int | None = None
    expected: int | None = None
    stacks: list[str] = field(default_factory=list)  # stuck runs: one line per process
    elapsed: float = 0.0
    stdout: str = ""
    stderr: str = ""


@dataclass
class CheckReport:
    path: Path
    spec: CheckSpec
    results: list[RunResult]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def lines(self, rerun: str | None = None) -> list[str]:
        """The evidence: one story for the start methods whose runs went the same way (all of
        them, when they agree), first a line saying where they differ when they do; for each kind
        of failure, how many runs, one example: the arguments it was given, the command that runs
        exactly it again (`rerun`: the `ipctutor practice --check NAME` to extend), where it stuck."""
        by_method = {m: [r for r in self.results if r.method == m] for m in self.spec.start_methods}
        stories: dict[tuple[str, ...], list[str]] = {}  # the kinds of failure -> the methods
        for method, runs in by_method.items():
            kinds = tuple(sorted({r.problem for r in runs if not r.passed}))
            stories.setdefault(kinds, []).append(method)
        out = []
        if len(stories) > 1:
            told = [
                t("ev_story_failed" if kinds else "ev_story_passed", methods=", ".join(methods))
                for kinds, methods in stories.items()
            ]
            out.append(t("ev_methods_differ", stories=t("stack_and").join(told)))
        for methods in stories.values():
            label = ", ".join(methods)
            runs = [r for m in methods for r in by_method[m]]
            failed = [r for r in runs if not r.passed]
            if not failed:
                out.append(t("ev_method_ok", method=label, n=len(runs)))
                continue
            by_kind: dict[str, list[RunResult]] = {}
            for r in failed:
                by_kind.setdefault(r.problem, []).append(r)
            for kind, group in by_kind.items():
                out.append(
                    t("ev_line", method=label, text=headline(kind, group, len(runs), self.spec))
                )
                first = group[0]
                out += [f"    {line}" for line in first.stacks]
                out += [f"    {line}" for line in example(first, rerun)]
        return out


def example(run: RunResult, rerun: str | None) -> list[str]:
    """What one failing run was given, and the command that runs exactly it again."""
    if not run.values:
        return []
    out = [
        t(
            "ev_given",
            method=run.method,
            args=" ".join(f"{name}={value}" for name, value in run.values.items()),
        )
    ]
    if rerun:
        again = f"{rerun} --start-method {run.method} --runs 1 --args " + ",".join(
            str(value) for value in run.values.values()
        )
        out.append(t("ev_rerun", command=again))
    return out


# each kind of problem (RunResult.problem) and the catalogue's line for it
# what the resource tracker found: (a shared_memory block?, just one?) -> the catalogue's words
LEAKED = {
    (True, True): "leaked_block",
    (True, False): "leaked_blocks",
    (False, True): "leaked_object",
    (False, False): "leaked_objects",
}
HEADLINES = {
    "stuck": "ev_stuck",
    "child_error": "ev_child_error",
    "parent_error": "ev_parent_error",
    "exit": "ev_exit",
    "no_children": "ev_no_children",
    "start_method": "ev_start_method",
    "leaked": "ev_leaked",
    "result": "ev_result",
    "no_result": "ev_no_result",
    "lines": "ev_lines",
}


def headline(kind: str, group: list[RunResult], runs: int, spec: CheckSpec) -> str:
    first, n = group[0], len(group)
    if kind == "result" and spec.wrong:
        return spec.wrong.format(
            n=n, runs=runs, got=number(first.got), expected=number(first.expected)
        )
    return t(
        HEADLINES[kind],
        n=n,
        runs=runs,
        detail=first.detail,
        watchdog=f"{spec.watchdog:g}",
        got=number(first.got),
        expected=number(first.expected),
    )


def number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


# ------------------------------------------------------------------ arithmetic in the manifest

OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


MAX_BITS = (
    4096  # no expected number is larger; `9**9**9**9` would take the machine's memory and days
)


def evaluate(expression: str, values: dict[str, int]) -> int:
    """`workers * increments` and the like: integers, the args' names, + - * // % ** and brackets.

    Bounded, since a manifest is content: a power or product that would exceed MAX_BITS is refused
    before it is computed, and every failure is a ValueError saying why.
    """

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return small(node.value)
        if isinstance(node, ast.Name) and node.id in values:
            return small(values[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow):
                if right < 0:
                    raise ValueError(f"{expression!r}: a negative power is not a whole number")
                if abs(left) > 1 and right * left.bit_length() > MAX_BITS:
                    raise too_large()
            if isinstance(node.op, ast.Mult) and left.bit_length() + right.bit_length() > MAX_BITS:
                raise too_large()
            if isinstance(node.op, (ast.FloorDiv, ast.Mod)) and right == 0:
                raise ValueError(f"{expression!r}: division by zero")
            return small(OPERATORS[type(node.op)](left, right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        raise ValueError(
            f"{expression!r}: only whole numbers, {', '.join(values) or 'no names'}, "
            "+ - * // % ** and brackets are allowed"
        )

    def small(number: int) -> int:
        if number.bit_length() > MAX_BITS:
            raise too_large()
        return number

    def too_large() -> ValueError:
        return ValueError(
            f"{expression!r}: a number larger than {MAX_BITS} bits: expect a smaller one"
        )

    if len(expression) > 1000:
        raise ValueError("an expression of more than 1000 characters: write a shorter one")
    try:
        return walk(ast.parse(expression, mode="eval"))
    except SyntaxError as exc:
        raise ValueError(f"{expression!r}: not an expression ({exc.msg})") from None
    except (RecursionError, MemoryError):
        raise ValueError(f"{expression!r}: nested too deep") from None


# ------------------------------------------------------------------ one run


def isolated_env(folder: str, method: str) -> dict:
    """The learner's environment without PYTHON* settings, plus the bootstrap's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    from ipctutor.engine.watch import observer_env

    env.update(PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    return observer_env(None, method, base=env, folder=folder)  # the observer, as `run` uses it


def processes(folder: str) -> dict[int, str]:
    """pid -> how it started, for every Python process of the run (the bootstrap's notes)."""
    found = {}
    for note in Path(folder).glob("*.proc"):
        try:
            found[int(note.stem)] = note.read_text().split()[0]
        except (OSError, ValueError, IndexError):
            continue
    return found


def stop_run(folder: str, leader: int) -> None:
    """Stop every process of the run except its resource trackers (SIGTERM, then SIGKILL), give those
    a moment, then kill the session (stopping.stop_session, the one way every path stops a run:
    stuck, done, or Ctrl-C; an observed run's too). A
    tracker whose last user is gone unlinks what was left registered with it (a Queue's named
    semaphores under spawn and forkserver) and exits; killed along with the rest, it left them in
    /dev/shm until reboot (6 files per stuck check of a Queue exercise)."""
    stopping.stop_session(leader, lambda: processes(folder), tracker_wait=TRACKER_WAIT)


def stop_every_run() -> None:
    """Ctrl-C (SIGTERM, SIGHUP) during a check: start no more runs, and stop those going on. They
    are in sessions of their own, which no terminal signal reaches: only the checker can stop them."""
    with LIVE_LOCK:
        STOPPING.set()
        going = dict(LIVE)
    for leader, folder in going.items():
        stop_run(folder, leader)


def run_once(
    path: Path, method: str, values: dict[str, int], spec: CheckSpec, python: str = sys.executable
) -> RunResult:
    """Run the file once under `method` with `values` as argv, and judge the run."""
    result = RunResult(method, values)
    folder = tempfile.mkdtemp(prefix="ipctutor-check-")
    started = time.monotonic()
    try:
        with LIVE_LOCK:
            if STOPPING.is_set():  # the check is being stopped: this run never starts
                raise RunsStopped
            child = subprocess.Popen(
                [python, str(path), *(str(v) for v in values.values())],
                cwd=str(path.parent),
                env=isolated_env(folder, method),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            LIVE[child.pid] = folder
        stuck = False
        try:
            out, err = child.communicate(timeout=spec.watchdog)
        except subprocess.TimeoutExpired:
            ended_late = wait_while_working(child, folder, spec.watchdog * BUSY_GRACE)
            if ended_late is not None:
                out, err = ended_late
            else:
                stuck = True
                result.stacks = dump_stacks(folder, path, child.pid)
                stop_run(folder, child.pid)
                out, err = child.communicate()
        stop_run(folder, child.pid)  # what the script left behind
        with LIVE_LOCK:
            LIVE.pop(child.pid, None)
        result.elapsed = time.monotonic() - started
        result.stdout = out.decode("utf-8", "replace")
        result.stderr = err.decode("utf-8", "replace")
        judge(result, child.returncode, stuck, processes(folder), path, spec)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def wait_while_working(
    child: subprocess.Popen, folder: str, budget: float
) -> tuple[bytes, bytes] | None:
    """A run past its watchdog whose processes still use the CPU is slow, not stuck (children still
    starting on a busy machine, or still printing their tracebacks): wait for it while it works, up
    to `budget` seconds more. Its output if it ended; None if it stopped working or ran out of time."""
    end = time.monotonic() + budget
    while time.monotonic() < end and still_working(folder):
        try:
            return child.communicate(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
    return None


def still_working(folder: str, interval: float = 0.25) -> bool:
    """In the next `interval` seconds, did any live process of the run use the CPU, end, or start?
    (Linux: /proc. Elsewhere this cannot be seen, and the watchdog's word stands.)"""
    before = cpu_ticks(folder)
    if before is None:
        return False
    time.sleep(interval)
    after = cpu_ticks(folder)
    return after is not None and (
        after.keys() != before.keys() or any(after[pid] > ticks for pid, ticks in before.items())
    )


def cpu_ticks(folder: str) -> dict[int, int] | None:
    """pid -> user and system CPU time in clock ticks, for the run's live processes; None without /proc."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = {}
    for pid in processes(folder):
        try:
            fields = stat_fields(pid)
        except (OSError, IndexError):
            continue
        if fields is not None and fields[0] != "Z":
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return ticks


def dump_stacks(folder: str, path: Path, leader: int) -> list[str]:
    """Ask every process of the run for its stacks; one line per process that answered."""
    found = processes(folder)
    asked = []
    for pid in found:
        if ended(pid):
            continue
        try:
            os.kill(pid, signal.SIGUSR1)
            asked.append(pid)
        except (ProcessLookupError, PermissionError):
            continue
    deadline = time.monotonic() + DUMP_WAIT
    dumps: dict[int, str] = {}  # whole, and the same at two looks in a row: written
    last: dict[int, str] = {}
    while time.monotonic() < deadline and len(dumps) < len(asked):
        for pid in asked:
            if pid in dumps:
                continue
            try:
                text = Path(folder, f"{pid}.dump").read_text(errors="replace")
            except OSError:
                text = ""
            if stacks.looks_whole(text) and text == last.get(pid):
                dumps[pid] = text
            last[pid] = text
        time.sleep(0.05)
    for pid, text in last.items():  # not settled by the deadline: what it wrote so far
        dumps.setdefault(pid, text)
    lines = []
    try:
        source = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        source = []
    for pid, name in process_names(found).items():
        if pid not in asked:
            lines.append(t("stack_line", name=name, what=t("stack_ended")))
            continue
        text = dumps.get(pid, "")
        lines.append(
            t(
                "stack_line",
                name=name,
                what=stacks.process_line(stacks.parse_dump(text), str(path), source),
            )
        )
    return lines


def process_names(found: dict[int, str]) -> dict[int, str]:
    """What a stuck run's report calls each of the script's processes, by PID order: "the parent
    (pid N)", "child 1 (pid M)"; the resource tracker and the fork server are left out."""
    names, children = {}, 0
    for pid in sorted(found):
        origin = found[pid]
        if origin in ("resource-tracker", "forkserver-server"):
            continue
        if origin == "script":
            names[pid] = t("stack_parent", pid=pid)
        else:
            children += 1
            names[pid] = t("stack_child", n=children, pid=pid)
    return names


def stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command's name (the state first); None if there is
    no such file: the process is gone, or this system has no /proc."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None


def ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped (Linux: /proc; elsewhere only gone ones are seen)."""
    try:
        fields = stat_fields(pid)
    except (OSError, IndexError):
        return not alive(pid)
    if fields is None:
        return Path("/proc/self").exists() or not alive(pid)
    return fields[0] == "Z"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


# ------------------------------------------------------------------ judging a run

TRACEBACK = "Traceback (most recent call last):"
CHILD_HEADER = re.compile(r"^Process [\w.-]+:$")
TB_FRAME = re.compile(r'^\s+File "(.*)", line (\d+), in (\S+)')
ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b(: |$)")


@dataclass
class Failure:
    in_child: bool
    error: str  # "NameError: name 'q' is not defined"
    line: int | None  # the innermost line of the learner's file


def tracebacks(stderr: str, path: Path) -> list[Failure]:
    """The failures stderr shows. Children write at the same time, so their tracebacks can be
    interleaved line by line. A child's traceback is told by its `Process NAME:` line (its target
    raised) or by a spawn_main / _serve_one frame (it failed while starting: spawn, forkserver); the
    exception lines are matched to them in order; the learner's line is the one their frames name most."""
    lines = stderr.splitlines()
    errors = [
        error_text(lines, i)
        for i, line in enumerate(lines)
        if ERROR_LINE.match(line) and not CHILD_HEADER.match(line)
    ]
    frames = [m for m in map(TB_FRAME.match, lines) if m]
    children = sum(1 for line in lines if CHILD_HEADER.match(line)) + sum(
        1 for m in frames if m.group(3) in ("spawn_main", "_serve_one")
    )
    mine = [int(m.group(2)) for m in frames if stacks.same_file(m.group(1), str(path))]
    common = max(set(mine), key=mine.count) if mine else None
    found = [Failure(True, error, common) for error in errors[:children]]
    if len(errors) > children:  # the parent's own, written last
        last = next(
            (int(m.group(2)) for m in reversed(frames) if stacks.same_file(m.group(1), str(path))),
            None,
        )
        found.append(Failure(False, errors[-1], last))
    return found


def error_text(lines: list[str], at: int) -> str:
    """An exception line, with the indented lines that continue its message (RuntimeError's are so)."""
    text = lines[at].strip()
    more = []
    for line in lines[at + 1 :]:
        # a message goes on indented by 8 (traceback's code lines have 4); another traceback's
        # frame, interleaved by a child writing at the same time, ends it
        if not line.startswith(" " * 8) or TB_FRAME.match(line) or not line.strip(" ^~"):
            break
        more.append(line.strip())
    joined = " ".join([text, *more]) if more else text
    return joined if len(joined) <= 200 else joined[:199] + "…"


def judge(
    result: RunResult,
    returncode: int,
    stuck: bool,
    procs: dict[int, str],
    path: Path,
    spec: CheckSpec,
) -> None:
    def fail(problem: str, detail: str = "") -> None:
        result.passed, result.problem, result.detail = False, problem, detail

    failures = tracebacks(result.stderr, path)
    where = lambda f: t("at_line", line=f.line) if f.line else ""  # noqa: E731
    origins = [o for o in procs.values() if o in CHILD_ORIGINS]
    in_children = [f for f in failures if f.in_child]
    if in_children:  # the cause comes first; a run stuck because of it says so after
        f = in_children[0]
        kind = f.error.split(":")[0]
        same = sum(1 for g in in_children if g.error.split(":")[0] == kind)
        every = (
            t("in_every_child", n=same)
            if same == len(origins)
            else t("in_some_children", n=same, of=len(origins))
        )
        then = t("then_stuck", watchdog=f"{spec.watchdog:g}") if stuck else ""
        return fail(
            "child_error", t("error_in_children", error=f"{f.error}{where(f)}", every=every) + then
        )
    if failures and (stuck or returncode != 0):  # the parent raised: that first, then what followed
        f = failures[-1]
        then = t("then_stuck_exit", watchdog=f"{spec.watchdog:g}") if stuck else ""
        return fail("parent_error", f"{f.error}{where(f)}{then}")
    if stuck:
        return fail("stuck")
    if failures:  # exit code 0 after a traceback: a thread's error (a Queue's feeder thread)
        f = failures[-1]
        return fail("parent_error", f"{f.error}{where(f)}")
    if returncode != 0:
        return fail("exit", str(returncode))
    if not origins:
        return fail("no_children")
    wrong = sorted({o for o in origins if o != result.method})
    if wrong:
        return fail("start_method", ", ".join(wrong))
    left = leaks(result.stderr)
    if left:
        return fail("leaked", left)
    check_output(result, spec, fail)


# The resource tracker's warning at shutdown, when blocks (or semaphores) registered with it were
# never unlinked; it then unlinks them itself. 3.13 adds the names: "...at shutdown: {'/psm_…'}".
LEAK = re.compile(
    r"resource_tracker: There appear to be (\d+) leaked (\w+) objects to clean up at shutdown"
)


def leaks(stderr: str) -> str:
    """What the resource tracker said was never unlinked, in the learner's words; "" when nothing."""
    found: dict[str, int] = {}
    for m in LEAK.finditer(stderr):
        found[m.group(2)] = found.get(m.group(2), 0) + int(m.group(1))
    said = [
        t(LEAKED[kind == "shared_memory", count == 1], count=count, kind=kind)
        for kind, count in found.items()
    ]
    return t("stack_and").join(said)


def check_output(result: RunResult, spec: CheckSpec, fail) -> None:
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if spec.result_pattern:
        last = lines.pop() if lines else ""
        match = re.fullmatch(spec.result_pattern, last.strip())
        result.expected = evaluate(spec.result_expect or "", result.values)  # set with the pattern
        if not match:
            return fail("no_result", last[:80] or "-")
        result.got = int(match.group(1).replace(",", ""))
        if result.got != result.expected:
            return fail("result")
    if spec.lines_pattern:
        pattern = re.compile(spec.lines_pattern)
        matches = [pattern.fullmatch(line) for line in lines]
        broken = matches.count(None)
        if broken:
            return fail("lines", t("broken_lines", n=broken, of=len(lines)))
        if spec.lines_count:
            wanted = evaluate(spec.lines_count, result.values)
            if len(matches) != wanted:
                return fail("lines", t("line_count", n=len(matches), wanted=wanted))
        if spec.contiguous:
            owners = [m.group(1) for m in matches if m is not None]  # none is None by now
            stretches = [o for i, o in enumerate(owners) if i == 0 or owners[i - 1] != o]
            cut = len(stretches) - len(set(stretches))
            if cut:
                return fail(
                    "lines", t("cut_apart", n=len({o for o in stretches if stretches.count(o) > 1}))
                )


# ------------------------------------------------------------------ a whole check


def draw(spec: CheckSpec, rng: random.Random) -> dict[str, int]:
    return {name: rng.randint(low, high) for name, low, high in spec.args}


def check(
    path: Path,
    spec: CheckSpec,
    runs: int | None = None,
    parallel: int = 2,
    seed: int | None = None,
    python: str = sys.executable,
    methods=None,
    watchdog: float | None = None,
    values: dict[str, int] | None = None,
) -> CheckReport:
    """Every run of the exercise under every start method it names; `parallel` runs at a time.
    `runs` and `watchdog` override the exercise's (a test gives solutions more time on a busy machine)."""
    import multiprocessing

    path = Path(path).resolve()
    if watchdog is not None:
        spec = CheckSpec(**{**spec.__dict__, "watchdog": watchdog})
    rng = random.Random(seed)
    available = multiprocessing.get_all_start_methods()
    chosen = [m for m in (methods or spec.start_methods) if m in available]
    plan = [  # `values`: every run given these arguments (a failing run, run again exactly)
        (m, dict(values) if values is not None else draw(spec, rng))
        for m in chosen
        for _ in range(runs or spec.runs)
    ]
    STOPPING.clear()
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        try:
            results = list(pool.map(lambda job: run_once(path, job[0], job[1], spec, python), plan))
        except BaseException:  # Ctrl-C: the runs are in sessions of their own, so stop them here
            with stopping.EndingsHeld():  # a second Ctrl-C must not cut the stopping short
                pool.shutdown(wait=False, cancel_futures=True)
                stop_every_run()
            raise
    used = CheckSpec(**{**spec.__dict__, "start_methods": tuple(chosen)})
    return CheckReport(path, used, results)
