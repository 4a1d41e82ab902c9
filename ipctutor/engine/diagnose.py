"""`ipctutor doctor`: run a learner's script under every start method, several times, and say what
went wrong, in their terms, with the file, the line and the lesson that explains it.

Each run is the script under the observer (engine/observer/sitecustomize.py) with the practice
checker's duties on (stack dumps on SIGUSR1, a note per process), so one run gives: every process
with its name, PID, exit code and uncaught exception (traceback), what it printed, and, when it is
stuck, where each process waits. The watchdog is the practice checker's, with its rule that a run
still using the CPU at the watchdog is slow, not stuck (it gets BUSY_GRACE watchdogs more).
Two mistakes print no error at all; the observer notes them as they happen ("mistake" events):
a change to a copy a manager's proxy handed out, never given back (lost-item, confirmed and
placed by the source: copy_change_line), and lines printed under a lock still in the stdout
buffer when the lock is released (nondeterministic: they reach the pipe later, among other
processes' lines). A script can also be right under fork and wrong under spawn with no error:
lines one start method prints and another never does, such as a worker's log records when logging
is set up under the main guard only: what the main guard set up does not exist in a spawned child
(spawn-global, with words of its own). So is a function defined there, or typed at the >>> prompt,
that a spawned child looks up by name (spawn-global too). The problem IDs are issue 18's.

Why RUNS_PER_METHOD = 4: a script whose printed result comes out one of two ways half the time
shows two different results among 4 runs of one start method with probability 1 - 2 * 0.5**4 =
87.5%, and within at least one of the three start methods 99.8%. A problem that is deterministic
(a missing main guard, a lambda to a Pool, a hang) shows in the first run; a start method whose
run hung gets no more runs (each would cost a whole watchdog).

Returns data (Finding); the words come from i18n in the learner's language; nothing is drawn here.
Standard library only.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ipctutor.engine import lock_waits, stacks
from ipctutor.engine import practice_check as checker
from ipctutor.engine.child_globals import MUTATORS, ChildGlobal, changed_in_children
from ipctutor.engine.lock_waits import Wait
from ipctutor.engine.run_record import FORK_CHILD, DemoRun, ProcessRow
from ipctutor.i18n import t

RUNS_PER_METHOD = 4  # see the module's docstring
WATCHDOG_S = 5.0  # a correct script of a few processes ends in well under 1 s, even under spawn
PARALLEL = 3  # runs at a time: one per start method
LOOK_S = 0.25  # checker.still_working's look at the CPU: taken in the watchdog's last moments
LEFT_WAIT_S = 0.2  # an ended run's resource tracker and fork server usually go within this
CTRL_C_AFTER_S = 1.0  # --ctrl-c presses this long after the last child process started
CTRL_C_LEFT_S = 1.0  # a worker still there this long after its script ended was left running
SIGINT_BIT = 1 << (2 - 1)  # SIGINT (2) in /proc/PID/status's SigIgn mask

PROBLEMS = (
    "ctrl-c",
    "hang",
    "child-exception",
    "exception",
    "no-main-guard",
    "pickling",
    "spawn-global",
    "worker-died",
    "lost-item",
    "child-global",
    "leak",
    "nondeterministic",
)
CAUSES = (
    "no-main-guard",
    "pickling",
    "spawn-global",
    "lost-item",
    "worker-died",
)  # before the rest

TB_FRAME = re.compile(r'^\s+File "(.*)", line (\d+), in (\S+)')
ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|Pool)\b(: |$)")
BOOTSTRAP = "bootstrapping phase"
PICKLE_WORDS = (
    "PicklingError",
    "pickle '",
    "Can't pickle",
    "Can't get local object",
    "Can't get attribute",
    "through inheritance",
)
NAME_ERROR = re.compile(r"NameError: name '(\w+)' is not defined")
# a spawned or forkserver child unpickling a function or class by name from the main module
MAIN_LOOKUP = re.compile(r"Can't get attribute '([\w.]+)' on <module '(?:__mp_main__|__main__)'")
# how such a module shows when __main__ has no file (the >>> prompt, a notebook): 3.11, 3.12+
TYPED_MAIN = ("(built-in)", "BuiltinImporter")
PICKLE_SAYS = {  # what cannot be pickled -> its words
    "lambda": "doctor_pickle_lambda",
    "local": "doctor_pickle_local",
    "file": "doctor_pickle_file",
    "lock": "doctor_pickle_lock",
    "other": "doctor_pickle_other",
}
WORKER_DIED_SAYS = {"pool": "doctor_worker_died_pool", "futures": "doctor_worker_died_futures"}


@dataclass
class Seen:
    """What one run showed."""

    method: str
    run: DemoRun
    returncode: int | None = None
    stuck: bool = False
    stacks: list[str] = field(default_factory=list)  # stuck: one line per process, translated
    stuck_line: int | None = None  # stuck: the learner's line the script's own process waits at
    waits: dict[int, Wait] = field(default_factory=dict)  # stuck: PID -> where it waits
    names: dict[int, str] = field(default_factory=dict)  # stuck: PID -> "child 2 (pid N)"
    ended: set[int] = field(default_factory=set)  # stuck: the processes gone by then
    stdout: str = ""
    stderr: str = ""
    elapsed: float = 0.0
    mistakes: list[dict] = field(default_factory=list)  # the observer's "mistake" events
    last_start: float | None = None  # when a child process's target last began (monotonic)
    ctrl_c_at: float | None = None  # --ctrl-c: seconds into the run when it was pressed
    ignores_sigint: dict[int, bool] = field(default_factory=dict)  # child PID -> at the press
    left_running: list[int] = field(default_factory=list)  # children alive after the script ended


@dataclass
class Problem:
    """One problem one run showed: what, where, and its words."""

    problem: str
    line: int | None
    lesson: str
    summary: str
    evidence: list[str]
    key: str = ""  # problems of the same key (and id and line) in several runs are one finding


@dataclass
class Finding:
    problem: str
    start_methods: list[str]
    file: str
    line: int | None
    lesson: str
    summary: str
    evidence: list[str]
    runs: dict[str, list[int]] = field(default_factory=dict)  # method -> [runs it showed in, runs]

    def as_dict(self) -> dict:
        return {
            "problem": self.problem,
            "start_methods": self.start_methods,
            "file": self.file,
            "line": self.line,
            "lesson": self.lesson,
            "summary": self.summary,
            "evidence": self.evidence,
            "runs": self.runs,
        }


@dataclass
class Diagnosis:
    path: Path
    args: list[str]
    methods: list[str]
    runs_per_method: int
    watchdog: float
    findings: list[Finding]
    runs: list[Seen]
    elapsed: float
    ctrl_c: bool = False

    @property
    def pressed(self) -> int:
        """--ctrl-c: in how many runs Ctrl-C was pressed (a run that ended first was not)."""
        return sum(1 for seen in self.runs if seen.ctrl_c_at is not None)

    def as_dict(self) -> dict:
        return {
            "script": str(self.path),
            "args": self.args,
            "python": sys.version.split()[0],
            "start_methods": self.methods,
            "runs_per_method": self.runs_per_method,
            "runs": {m: sum(1 for r in self.runs if r.method == m) for m in self.methods},
            "watchdog_s": self.watchdog,
            "findings": [f.as_dict() for f in self.findings],
            "elapsed_s": round(self.elapsed, 3),
            **({"ctrl_c_pressed": self.pressed} if self.ctrl_c else {}),
        }


def processes(n: int) -> str:
    """Counted in words: 1 process, 3 processes (and in Chinese), never "process(es)"."""
    return t("count_process") if n == 1 else t("count_processes", n=n)


# ------------------------------------------------------------------ one run


def run_one(
    path: Path,
    args: list[str],
    method: str,
    watchdog: float,
    python: str = sys.executable,
    prompt: bool = False,
    ctrl_c: bool = False,
) -> Seen:
    """The script once under `method`, observed, to its end or the watchdog (slow is not stuck).
    `prompt`: its code typed at the >>> prompt (`python -i`, the file on stdin, in its folder),
    as a notebook or a `python -i` session runs it: __main__ has no file.
    `ctrl_c`: Ctrl-C pressed once its child processes are at work (see CtrlC)."""
    from ipctutor.engine.watch import Reader, observer_env, script_command

    folder = tempfile.mkdtemp(prefix="ipctutor-doctor-")
    fifo = os.path.join(folder, "events")
    os.mkfifo(fifo, 0o600)
    read_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keep_fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    default = multiprocessing.get_all_start_methods()[0]
    run = DemoRun(
        topic=path.stem, start_method=method, default_start_method=default, workers=0, delay=0.0
    )
    seen = Seen(method, run)
    reader = Reader(read_fd, MistakeNoter(run, seen))
    # PYTHONUNBUFFERED left out: the script's output buffered as Python buffers it by default
    # into a pipe or a file (`python x.py | cat`), where prints under a lock can come out cut apart
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONUNBUFFERED")}
    env.update(PYTHONIOENCODING="utf-8", IPCTUTOR_OBSERVE_OPS="0")  # lives, not each operation
    try:
        reader.start()
        with checker.LIVE_LOCK:
            if checker.STOPPING.is_set():
                raise checker.RunsStopped
            run.started_at = time.monotonic()
            typed = open(path, "rb") if prompt else None  # noqa: SIM115 - closed once given
            try:
                child = subprocess.Popen(
                    script_command(python, path, args, prompt),
                    env=observer_env(
                        fifo, method, base=env, folder=folder, script_dir=str(path.parent)
                    ),
                    cwd=str(path.parent) if prompt else None,
                    stdin=typed or subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
            finally:
                if typed is not None:
                    typed.close()  # the script's own copy stays open
            checker.LIVE[child.pid] = folder
        run.parent_pid = child.pid
        with run.lock:
            run.rows.setdefault(
                child.pid, ProcessRow(name="MainProcess", role="parent", pid=child.pid)
            )
        presser = CtrlC(seen, child.pid) if ctrl_c else None
        # with a Ctrl-C to press, the watchdog counts from the press
        ended = presser.wait_for_press(child, watchdog) if presser is not None else None
        try:
            if ended is not None:
                out, err = ended
            else:
                out, err = child.communicate(timeout=max(watchdog - LOOK_S, watchdog / 2))
        except (
            subprocess.TimeoutExpired
        ):  # is it still working? The first look ends at the watchdog
            budget = watchdog * checker.BUSY_GRACE + LOOK_S
            late = checker.wait_while_working(child, folder, budget)
            if late is not None:
                out, err = late
            else:
                seen.stuck = True
                seen.stacks = checker.dump_stacks(folder, path, child.pid)
                seen.stuck_line = waiting_line(folder, child.pid, path)
                seen.waits = lock_waits.waits(folder, path)
                seen.names = checker.process_names(checker.processes(folder))
                seen.ended = {pid for pid in seen.names if checker.ended(pid)}
                checker.stop_run(folder, child.pid)
                out, err = child.communicate()
        if presser is not None:
            presser.finish()
            if not seen.stuck and seen.ctrl_c_at is not None:
                seen.left_running = still_running(run, child.pid)
        if left_behind(folder, child.pid):
            checker.stop_run(folder, child.pid)  # what the script left behind
        with checker.LIVE_LOCK:
            checker.LIVE.pop(child.pid, None)
        seen.elapsed = time.monotonic() - run.started_at
        seen.returncode = child.returncode
        seen.stdout = out.decode("utf-8", "replace")
        seen.stderr = err.decode("utf-8", "replace")
    finally:
        reader.finish()
        os.close(read_fd)
        os.close(keep_fd)
        shutil.rmtree(folder, ignore_errors=True)
    return seen


def MistakeNoter(run: DemoRun, seen: Seen):
    """The watch's event builder, that also keeps the observer's "mistake" events (a print left
    in the buffer under a lock, a change to a manager's copy that is lost) for problems_in, and
    when a child process last began its work (for --ctrl-c)."""
    from ipctutor.engine.watch import Builder

    class Noter(Builder):
        def apply_locked(self, kind: str | None, event: dict, row: ProcessRow) -> list[str]:
            if kind == "mistake":
                seen.mistakes.append({**event, "who": row.name})
                return []
            if kind == "start" and event.get("pid") != run.parent_pid:
                seen.last_start = time.monotonic()
            return super().apply_locked(kind, event, row)

    return Noter(run, None)


class CtrlC(threading.Thread):
    """Presses Ctrl-C as a learner at the terminal would: SIGINT to the script's process group
    (its session's), CTRL_C_AFTER_S after the last of its child processes began its work, so a
    Pool's workers are at their tasks and past their initializer. Just before, it reads which
    children ignore SIGINT (/proc/PID/status): what the Ctrl-C will do to each is then known,
    not guessed from what a terminated worker had time to print. A script that starts no child
    is never pressed (seen.ctrl_c_at stays None)."""

    def __init__(self, seen: Seen, leader: int):
        super().__init__(daemon=True, name="ipctutor-ctrl-c")
        self.seen, self.leader, self.done = seen, leader, threading.Event()
        self.pressed = threading.Event()
        self.start()

    def wait_for_press(self, child: subprocess.Popen, most: float) -> tuple[bytes, bytes] | None:
        """Reads the script's output until the Ctrl-C is pressed (None) or the script ends
        first (its output). A script with no child at work after `most` seconds goes on under
        the watchdog, unpressed. A communicate() retried after its timeout loses no output."""
        give_up = time.monotonic() + most
        while not self.pressed.is_set() and time.monotonic() < give_up:
            try:
                return child.communicate(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
        return None

    def run(self) -> None:
        seen, run = self.seen, self.seen.run
        while not self.done.wait(0.05):
            began = seen.last_start
            if began is None or time.monotonic() - began < CTRL_C_AFTER_S:
                continue
            with run.lock:
                children = [
                    row.pid
                    for row in run.rows.values()
                    if row.pid and row.pid != self.leader and row.exitcode is None
                ]
            seen.ignores_sigint = {pid: ignores_sigint(pid) for pid in children}
            try:
                os.killpg(self.leader, signal.SIGINT)
            except ProcessLookupError:  # it ended first
                return
            seen.ctrl_c_at = time.monotonic() - run.started_at
            self.pressed.set()
            return

    def finish(self) -> None:
        self.done.set()
        self.join()


def ignores_sigint(pid: int) -> bool:
    """Does the process ignore SIGINT (SIG_IGN), so that a Ctrl-C leaves it alone?"""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) & SIGINT_BIT)
    except (OSError, ValueError):
        pass
    return False


def still_running(run: DemoRun, leader: int) -> list[int]:
    """The script's child processes still alive CTRL_C_LEFT_S after the script itself ended: left
    running by a Ctrl-C (an executor's workers, say), working on with no one to give a result to."""
    with run.lock:
        children = [
            row.pid
            for row in run.rows.values()
            if row.pid
            and row.pid != leader
            and row.role in ("child", "pool worker", "executor worker")
        ]
    give_up = time.monotonic() + CTRL_C_LEFT_S
    while True:
        alive = [pid for pid in children if not gone(pid)]
        if not alive or time.monotonic() >= give_up:
            return alive
        time.sleep(0.05)


def left_behind(folder: str, leader: int) -> bool:
    """Is anything of an ended run still there, LEFT_WAIT_S after it ended: a process of its
    session, or one of its Python processes not yet gone (a resource tracker that has not yet
    seen its last user go)? Only then is it stopped (checker.stop_run takes 0.1 s or more on a
    busy machine even when nothing is left: about 1 s of the 12 runs of a correct script). A
    zombie of the run's (its tracker, its fork server: the tutor is their subreaper once a run
    was stopped) is reaped here. Without /proc: always."""
    from ipctutor.engine import stopping

    give_up = time.monotonic() + LEFT_WAIT_S
    while True:
        left = stopping.session_members(leader) != [] or any(
            not gone(pid) for pid in checker.processes(folder) if pid != leader
        )
        if not left or time.monotonic() >= give_up:
            return left
        time.sleep(0.01)


def gone(pid: int) -> bool:
    """Not in /proc any more, or a zombie: reaped here if it is the tutor's own child."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return os.path.isdir("/proc/self") and not os.path.exists(f"/proc/{pid}")
    if state != b"Z":
        return False
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # another's zombie: its parent reaps it
        pass
    return True


def waiting_line(folder: str, pid: int, path: Path) -> int | None:
    """The learner's line the script's own process waits at, from its stack dump."""
    try:
        text = Path(folder, f"{pid}.dump").read_text(errors="replace")
    except OSError:
        return None
    for thread in stacks.parse_dump(text)[:1]:
        for frame in thread:
            if stacks.same_file(frame.path, str(path)):
                return frame.line
    return None


# ------------------------------------------------------------------ reading a run


@dataclass
class Traceback:
    frames: list[tuple[str, int, str]]
    error: str


def split_tracebacks(text: str) -> list[Traceback]:
    """The tracebacks in a text, each with its frames and its last error line (a chained
    exception's frames count toward the traceback it ends in)."""
    found: list[Traceback] = []
    frames: list[tuple[str, int, str]] = []
    for line in text.splitlines():
        frame = TB_FRAME.match(line)
        if frame:
            frames.append((frame.group(1), int(frame.group(2)), frame.group(3)))
        elif ERROR_LINE.match(line) and frames:
            found.append(Traceback(frames, line.strip()))
            frames = []
        elif found and ERROR_LINE.match(line) and not frames:
            found[-1].error = line.strip()  # a chained one's last words
    return found


def learner_line(
    frames: list[tuple[str, int, str]], path: Path, func: str | None = None
) -> int | None:
    """The innermost frame in the learner's file (in `func` if given)."""
    for file, line, name in reversed(frames):
        if stacks.same_file(file, str(path)) and (func is None or name == func):
            return line
    return None


class Reading:
    """The source of the learner's file, parsed once."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            self.text = ""
        self.lines = self.text.splitlines()
        try:
            self.tree: ast.Module | None = ast.parse(self.text)
        except SyntaxError:
            self.tree = None
        self.guarded = self._names_under_main_guard()
        self._child_globals: list[ChildGlobal] | None = None

    def child_globals(self) -> list[ChildGlobal]:
        """Module-level names that functions run in child processes change and the parent reads."""
        if self._child_globals is None:
            self._child_globals = changed_in_children(self.tree) if self.tree else []
        return self._child_globals

    def code(self, line: int | None) -> str:
        return self.lines[line - 1].strip() if line and 0 < line <= len(self.lines) else ""

    def first(self, pattern: str) -> int | None:
        found = re.compile(pattern)
        return next((n for n, text in enumerate(self.lines, 1) if found.search(text)), None)

    def _names_under_main_guard(self) -> dict[str, int]:
        """Names assigned under `if __name__ == "__main__":` and not at the top level: name -> line."""
        if self.tree is None:
            return {}
        top: set[str] = set()
        guarded: dict[str, int] = {}
        for node in self.tree.body:
            if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
                for inner in ast.walk(node):
                    for target in assigned(inner):
                        guarded.setdefault(target, getattr(inner, "lineno", node.lineno))
            else:
                for inner in ast.walk(node) if not isinstance(node, ast.FunctionDef) else ():
                    top.update(assigned(inner))
                if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                    top.add(node.name)
        return {name: line for name, line in guarded.items() if name not in top}

    def defined_under_main_guard(self, name: str) -> int | None:
        """The line where `name` is defined (def, class, an assignment, an import) inside
        `if __name__ == "__main__":` and not at the top level of the file."""
        if self.tree is None:
            return None
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name == name:
                    return None  # at the top level: importable
            elif isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
                for inner in ast.walk(node):
                    defines = (
                        isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                        and inner.name == name
                    ) or name in assigned(inner)
                    if defines:
                        return getattr(inner, "lineno", node.lineno)
        return None

    def logging_setup_under_main_guard(self) -> int | None:
        """The first call that sets logging up (basicConfig, addHandler, dictConfig, fileConfig)
        inside `if __name__ == "__main__":`: a spawned child never runs it."""
        if self.tree is None:
            return None
        for node in self.tree.body:
            if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
                calls = [
                    inner.lineno
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in LOG_SETUP
                ]
                if calls:
                    return min(calls)
        return None

    def print_line(self, printed: str) -> int | None:
        """The print() call whose first words start the printed line."""
        if self.tree is None:
            return None
        best = None
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "print"
                and node.args
            ):
                first = node.args[0]
                prefix = ""
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefix = first.value
                elif isinstance(first, ast.JoinedStr) and first.values:
                    head = first.values[0]
                    if isinstance(head, ast.Constant) and isinstance(head.value, str):
                        prefix = head.value
                if prefix.strip() and printed.startswith(prefix):
                    if best is None or len(prefix) > best[0]:
                        best = (len(prefix), node.lineno)
        return best[1] if best else None


def assigned(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.With, ast.For)):
        items = (
            [i.optional_vars for i in node.items] if isinstance(node, ast.With) else [node.target]
        )
        return [n.id for item in items if item for n in ast.walk(item) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    return []


class Case:
    """One run being read: what every problem's check needs, the problems found so far, and the
    processes whose error a cause already explains."""

    def __init__(self, seen: Seen, source: Reading):
        self.seen, self.source, self.path, self.run = seen, source, source.path, seen.run
        self.method = seen.method
        self.then = [t("doctor_then_stuck")] + seen.stacks if seen.stuck else []
        self.stderr_tbs = split_tracebacks(seen.stderr)
        self.rows = sorted(self.run.rows.values(), key=lambda r: r.pid or 0)
        self.errors = [
            (row, Traceback(tb_frames(row.traceback), row.error or ""))
            for row in self.rows
            if row.error
        ]
        self.handled: set[int | None] = set()  # processes whose error a cause explains
        self.found: list[Problem] = []

    def add(
        self,
        problem: str,
        line: int | None,
        lesson: str,
        summary: str,
        evidence: list[str],
        key: str = "",
    ) -> None:
        self.found.append(Problem(problem, line, lesson, summary, evidence, key or problem))


COPY_READS = frozenset(("get", "setdefault", "values", "items"))


def changed_object(node: ast.AST) -> ast.expr | None:
    """What a statement or call changes in place: `x` in x.append(v), x[k] = v, x.a = v,
    x[k] += v, del x[k], and x += v."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.value if node.func.attr in MUTATORS else None
    targets: list[ast.expr] = []
    if isinstance(node, (ast.Assign, ast.Delete)):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            return node.target
    for target in targets:
        if isinstance(target, (ast.Subscript, ast.Attribute)):
            return target.value
    return None


def is_read(expr: ast.expr) -> bool:
    """An expression that reads from a container: d[k], ns.attr, d.get(k), d.values() ..."""
    if isinstance(expr, (ast.Subscript, ast.Attribute)):
        return True
    return (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr in COPY_READS
    )


def spans(node: ast.AST, line: int) -> bool:
    start = getattr(node, "lineno", None)
    return start is not None and start <= line <= (getattr(node, "end_lineno", None) or start)


def copy_change_line(tree: ast.Module | None, read_line: int) -> int | None:
    """The line that changes the copy read at `read_line` and then drops it: the read itself
    changed at once (`d["k"].append(x)`, `lst[0]["a"] = 1`), or a name bound to it there
    (`item = lst[0]`, `for item in lst:`) changed later and never used otherwise. None when the
    source does not show such a change."""
    if tree is None:
        return None
    for node in ast.walk(tree):
        changed = changed_object(node)
        if changed is not None and is_read(changed) and spans(changed, read_line):
            return getattr(node, "lineno", read_line)
    functions = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and spans(node, read_line)
    ]
    scope: ast.AST = functions[-1] if functions else tree  # the innermost: walk goes outside in
    for node in ast.walk(scope):
        names: set[str] = set()
        if isinstance(node, ast.Assign) and spans(node.value, read_line):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.For, ast.AsyncFor)) and spans(node.iter, read_line):
            names = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        if names:
            return changed_then_dropped(scope, node, names)
    return None


def changed_then_dropped(scope: ast.AST, bound: ast.AST, names: set[str]) -> int | None:
    """The first line after `bound` that changes one of `names` in place, if nothing uses them
    after that line (given back, passed on, printed: kept on purpose)."""
    after = getattr(bound, "lineno", 0)
    changes: list[int] = []
    changed_names: set[int] = set()
    for node in ast.walk(scope):
        changed = changed_object(node)
        line = getattr(node, "lineno", 0)
        if isinstance(changed, ast.Name) and changed.id in names and line >= after:
            changes.append(line)
            changed_names.add(id(changed))
    if not changes:
        return None
    first = min(changes)
    for node in ast.walk(scope):
        if (
            isinstance(node, ast.Name)
            and node.id in names
            and isinstance(node.ctx, ast.Load)
            and id(node) not in changed_names
            and node.lineno > first
        ):
            return None
    return first


def problems_in(seen: Seen, source: Reading) -> list[Problem]:
    """Every problem one run shows, causes first; a hang or an error that a cause explains is told
    with it (each check below sees what the ones before it found)."""
    case = Case(seen, source)
    for check in (
        ctrl_c,
        no_main_guard,
        pickling,
        lost_item,
        spawn_global,
        worker_died,
        child_exception,
        exception,
        hang,
        child_global,
        leak,
        unflushed_under_lock,
    ):
        check(case)
    return case.found


def ctrl_c(case: Case) -> None:
    """--ctrl-c: how the script took the Ctrl-C. A KeyboardInterrupt is what Ctrl-C raises, not a
    mistake; the problems are a script that does not end, children it leaves running, and pool
    workers that take the Ctrl-C themselves (each raises KeyboardInterrupt in its task and, if
    it has time before the pool is terminated, prints a traceback)."""
    seen, source, run = case.seen, case.source, case.run
    interrupted = [
        row
        for row in case.rows
        if (row.error or "").startswith("KeyboardInterrupt") or row.exitcode == -signal.SIGINT
    ]
    if seen.ctrl_c_at is None and not interrupted:  # no Ctrl-C, ours or the script's own
        return
    case.handled.update(row.pid for row in interrupted)
    executor = bool(re.search(r"\bProcessPoolExecutor\b", source.text))
    lesson = "futures" if executor else "pool"
    pool_line = source.first(r"ProcessPoolExecutor\(" if executor else r"\bPool\(")
    if seen.stuck:
        line = seen.stuck_line
        case.add(
            "ctrl-c",
            line,
            lesson,
            t(
                "doctor_ctrl_c_hang_executor" if executor else "doctor_ctrl_c_hang",
                line=line or "?",
                code=source.code(line) or "?",
            ),
            [t("doctor_then_stuck")] + seen.stacks,
            key="ctrl-c:hang",
        )
        case.handled.update(row.pid for row in case.rows)
    elif seen.left_running:
        rows = [run.rows[pid] for pid in seen.left_running if pid in run.rows]
        case.add(
            "ctrl-c",
            pool_line,
            lesson,
            t("doctor_ctrl_c_left", count=processes(len(rows))),
            [t("doctor_ctrl_c_left_one", who=row.name, pid=row.pid) for row in rows],
            key="ctrl-c:left",
        )
    died = {row.pid for row in interrupted}
    workers = [  # known when the tutor pressed; else those that died of it
        row
        for row in case.rows
        if row.role == "pool worker"
        and (
            seen.ignores_sigint.get(row.pid or 0) is False
            if seen.ctrl_c_at is not None
            else row.pid in died
        )
    ]
    if workers:
        case.add(
            "ctrl-c",
            pool_line,
            "pool",
            t(
                "doctor_ctrl_c_workers",
                count=processes(len(workers)),
                died=sum(1 for row in workers if row.pid in died),
                line=pool_line or "?",
            ),
            [
                t(
                    "doctor_ctrl_c_worker_died" if row.pid in died else "doctor_ctrl_c_worker_took",
                    who=row.name,
                    pid=row.pid,
                )
                for row in workers
            ],
            key="ctrl-c:workers",
        )


def no_main_guard(case: Case) -> None:
    """A child that started a process while being imported: the bootstrapping RuntimeError."""
    if BOOTSTRAP not in case.seen.stderr:  # the message goes on below its "RuntimeError:" line
        return
    line = None
    for tb in case.stderr_tbs:  # the top-level line of the learner's file that started a process
        line = learner_line(tb.frames, case.path, "<module>") or line
    for row, tb in case.errors:
        if BOOTSTRAP in (row.traceback or ""):
            case.handled.add(row.pid)
            line = line or learner_line(tb.frames, case.path, "<module>")
    case.add(
        "no-main-guard",
        line,
        "start-methods",
        t(
            "doctor_no_main_guard",
            line=line or "?",
            code=case.source.code(line),
            method=case.method,
        ),
        [t("doctor_error_was", error="RuntimeError: ... " + BOOTSTRAP + " ...")] + case.then,
    )


def pickling(case: Case) -> None:
    """What could not be pickled: a lambda, a local function, an open file, a lock; or what a
    child could not find by name in the main module (not_importable)."""
    pickled: list[tuple[ProcessRow | None, Traceback]] = [*case.errors]
    pickled += [(None, tb) for tb in case.stderr_tbs if not any(f[2] == "_feed" for f in tb.frames)]
    for row, tb in pickled:
        if row is not None and row.pid in case.handled:
            continue
        lookup = MAIN_LOOKUP.search(tb.error)
        if lookup:
            not_importable(case, lookup.group(1), tb)
            case.handled.update(r.pid for r, e in case.errors if MAIN_LOOKUP.search(e.error))
            return
        if any(word in tb.error for word in PICKLE_WORDS) and BOOTSTRAP not in tb.error:
            kind = pickle_kind(tb.error)
            line = learner_line(tb.frames, case.path)
            lesson = lesson_for_frames(tb.frames, "start-methods")
            case.add(
                "pickling",
                line,
                lesson,
                t(PICKLE_SAYS[kind], line=line or "?", code=case.source.code(line)),
                [t("doctor_error_was", error=tb.error)] + case.then,
                key=f"pickling:{kind}",
            )
            if row is not None:
                case.handled.add(row.pid)
            return


def not_importable(case: Case, name: str, tb: Traceback) -> None:
    """A spawned or forkserver child gets a function (or class) as its name only and looks it up
    in its own main module: your file imported again as __mp_main__, without running the
    `if __name__ == "__main__":` block; or, typed at the >>> prompt or in a notebook, a
    __main__ with no file at all. Either way the name is not there."""
    evidence = [t("doctor_error_was", error=tb.error)] + case.then
    if any(mark in tb.error for mark in TYPED_MAIN):
        case.add(
            "spawn-global",
            case.source.first(rf"^(def|class) {re.escape(name)}\b"),  # where it was typed
            "start-methods",
            t("doctor_not_importable_typed", name=name),
            evidence,
            key="not-importable:typed",
        )
        return
    line = case.source.defined_under_main_guard(name.split(".")[0])
    words = "doctor_not_importable_guarded" if line else "doctor_not_importable"
    case.add(
        "spawn-global",
        line,
        "start-methods",
        t(words, name=name, line=line or "?", code=case.source.code(line)),
        evidence,
        key="not-importable:file",
    )


def lost_item(case: Case) -> None:
    """What a process sent that never arrived, with no error where it was sent: an item a Queue's
    feeder thread could not pickle, or a change made to a copy a manager handed out."""
    feeder_lost(case)
    manager_copy_lost(case)


def feeder_lost(case: Case) -> None:
    """An item a Queue's feeder thread could not send: lost, and whoever waits for it waits
    forever."""
    feeder = [tb for tb in case.stderr_tbs if any(f[2] == "_feed" for f in tb.frames)]
    if feeder:
        line = case.source.first(r"\.put(_nowait)?\(")
        case.add(
            "lost-item",
            line,
            "queue",
            t("doctor_lost_item", line=line or "?", code=case.source.code(line)),
            [t("doctor_error_was", error=feeder[0].error)] + case.then,
        )


def manager_copy_lost(case: Case) -> None:
    """`d["k"].append(x)`, `lst[0]["a"] = 1`, `ns.items.append(x)` on a manager's proxy: the read
    hands out a copy, the change goes to the copy, and the copy is dropped. The observer saw the
    copy change and never go back to a proxy (its "lost-change" mistake, at the read's line); the
    source says where it was changed, and that it was not kept on purpose (a copy used after
    its change is the script's own business)."""
    sites: dict[int, list[dict]] = {}
    for event in case.seen.mistakes:
        if event.get("kind") == "lost-change" and stacks.same_file(
            str(event.get("file")), str(case.path)
        ):
            sites.setdefault(int(event.get("line", 0)), []).append(event)
    for read_line, events in sorted(sites.items()):
        line = copy_change_line(case.source.tree, read_line)
        if line is None:
            continue
        first = events[0]
        case.add(
            "lost-item",
            line,
            "manager",
            t(
                "doctor_lost_change",
                line=line,
                code=case.source.code(line),
                proxy=first.get("proxy", "?"),
                read=first.get("key") or case.source.code(read_line),
                kind=first.get("type", "?"),
                count=processes(len({e.get("pid") for e in events})),
            ),
            [
                t(
                    "doctor_copy_changed",
                    who=e.get("who", "?"),
                    pid=e.get("pid", "?"),
                    before=e.get("before"),
                    after=e.get("after"),
                )
                for e in events[:4]
            ]
            + case.then,
            key="lost-item:copy",
        )


def spawn_global(case: Case) -> None:
    """A global made under the main guard, missing in a spawned child."""
    for row, tb in case.errors:
        name = NAME_ERROR.search(tb.error)
        if row.pid in case.handled or name is None or row.pid == case.run.parent_pid:
            continue
        if case.method != "fork" and name.group(1) in case.source.guarded:
            line = learner_line(tb.frames, case.path)
            made = case.source.guarded[name.group(1)]
            case.add(
                "spawn-global",
                line,
                "start-methods",
                t(
                    "doctor_spawn_global",
                    name=name.group(1),
                    line=line or "?",
                    made=made,
                    method=case.method,
                ),
                [t("doctor_error_in", who=row.name, pid=row.pid, error=tb.error)] + case.then,
                key=f"spawn-global:{name.group(1)}",
            )
            case.handled.update(r.pid for r, e in case.errors if NAME_ERROR.search(e.error))
            return


def worker_died(case: Case) -> None:
    """A worker of a Pool or an executor that died (killed, os._exit): its tasks never end."""
    seen = case.seen
    died = [
        row
        for row in case.rows
        if row.role in ("pool worker", "executor worker")
        and row.exitcode not in (None, 0, -15)
        and row.pid not in case.handled  # its death told already, with its cause
    ]
    broken = "BrokenProcessPool" in seen.stderr
    if not ((died and (seen.stuck or seen.returncode != 0)) or broken):
        return
    line = seen.stuck_line or next(
        (
            learner_line(tb.frames, case.path)
            for tb in case.stderr_tbs
            if "BrokenProcessPool" in tb.error
        ),
        None,
    )
    lesson = "futures" if broken else "pool"
    evidence = [
        t("doctor_worker_exit", who=row.name, pid=row.pid, code=row.exitcode) for row in died
    ]
    case.add(
        "worker-died",
        line,
        lesson,
        t(WORKER_DIED_SAYS[lesson], line=line or "?", code=case.source.code(line)),
        evidence + case.then,
    )
    case.handled.update(
        row.pid for row in case.rows if row.role in ("pool worker", "executor worker")
    )


def child_exception(case: Case) -> None:
    """A child's uncaught exception (a Pool task's too, raised again in the parent); else a child
    that ended with an exit code but no traceback: sys.exit(N), os._exit(N), a signal."""
    run, errors = case.run, case.errors
    for row, tb in errors:
        if row.pid in case.handled or row.pid == run.parent_pid:
            continue
        line = learner_line(tb.frames, case.path)
        same = [
            r
            for r, e in errors
            if r.pid != run.parent_pid and r.pid not in case.handled and e.error == tb.error
        ]
        case.add(
            "child-exception",
            line,
            "process",
            t(
                "doctor_child_exception",
                error=tb.error,
                line=line or "?",
                count=processes(len(same)),
            ),
            [t("doctor_error_in", who=row.name, pid=row.pid, error=tb.error)]
            + learner_frames(tb.frames, case.source)
            + case.then,
            key=f"child-exception:{tb.error.split(':')[0]}",
        )
        case.handled.update(r.pid for r in same)
        break
    quiet = [
        row
        for row in case.rows
        if row.role == "child"
        and row.pid not in case.handled
        and row.exitcode not in (None, 0)
        and not row.error
        and not case.seen.stuck
        and not waited_for(row)
    ]
    if quiet and not case.found:
        row = quiet[0]
        case.add(
            "child-exception",
            case.source.first(r"\b(sys\.exit|os\._exit)\("),
            "process",
            t("doctor_child_exit", who=row.name, code=row.exitcode, count=processes(len(quiet))),
            [t("doctor_worker_exit", who=r.name, pid=r.pid, code=r.exitcode) for r in quiet],
            key="child-exception:exit",
        )


def waited_for(row: ProcessRow) -> bool:
    """A child of a bare os.fork() whose status its parent took with os.waitpid() or os.wait():
    the script looked at the exit code, so a code other than 0 is its own business."""
    return row.name == FORK_CHILD and any(
        mark.what == "exited" and mark.by == "parent" for mark in row.marks
    )


def exception(case: Case) -> None:
    """The script's own process's uncaught exception, when nothing before explains it."""
    run = case.run
    parent = run.rows.get(run.parent_pid)
    if parent is None or not parent.error or run.parent_pid in case.handled or case.found:
        return
    tb = Traceback(tb_frames(parent.traceback), parent.error)
    remote = "RemoteTraceback" in (parent.traceback or "")
    garbled = "UnpicklingError" in tb.error or "invalid load key" in tb.error
    line = learner_line(tb.frames, case.path)
    words = "doctor_pool_task_exception" if remote else "doctor_exception"
    case.add(
        "child-exception" if remote else "exception",
        line,
        "pool" if remote else "pipe" if garbled else "process",
        t(
            "doctor_garbled" if garbled else words,
            error=tb.error,
            line=line or "?",
            code=case.source.code(line),
        ),
        [t("doctor_error_was", error=tb.error)]
        + learner_frames(tb.frames, case.source)
        + case.then,
        key=f"exception:{tb.error.split(':')[0]}",
    )


def hang(case: Case) -> None:
    """Stuck at the watchdog, with no cause above to explain it: where each process waits, and
    when a lock holds it (lock_waits.py), who holds one and who waits for one."""
    seen = case.seen
    if not seen.stuck or case.found:
        return
    line = seen.stuck_line
    code = case.source.code(line) or "?"
    lesson, summary = hang_lesson(code, seen.stacks), t("doctor_hang", line=line or "?", code=code)
    if lesson in ("process", "connection") and any(w.in_sync for w in seen.waits.values()):
        lesson = "sync"  # an Event's or a Condition's wait(), not connection.wait()
    ended = {
        int(event["pid"]): list(event.get("locks") or [])
        for event in seen.mistakes
        if event.get("kind") == "held-at-exit" and event.get("pid") is not None
    }
    held = lock_waits.lock_hang(seen.waits, case.source.tree, ended)
    if held is not None:
        lesson, summary = "lock", lock_hang_words(held, seen.names, case.source)
    elif nobody_left_to_send(seen, case.run.parent_pid):
        mine = seen.waits[case.run.parent_pid]
        if mine.module == "queues.py":
            lesson, key = "queue", "doctor_hang_no_sender_queue"
        else:
            key = "doctor_hang_no_sender_pipe"
        summary = t(key, line=mine.line, code=case.source.code(mine.line))
    case.add("hang", line, lesson, summary, seen.stacks)


def nobody_left_to_send(seen: Seen, parent: int) -> bool:
    """The script's own process waits to receive (a Pipe's recv(), a Queue's get()) and every
    other process of the run has ended: nothing can come any more."""
    mine = seen.waits.get(parent)
    receives = mine is not None and (
        # recv() on a Pipe, or multiprocessing.connection.wait() on many
        (mine.module == "connection.py" and mine.func.lstrip("_").startswith(("recv", "wait")))
        or (mine.module == "queues.py" and mine.func == "get")
    )
    others = [pid for pid in seen.names if pid != parent]
    return receives and bool(others) and all(pid in seen.ended for pid in others)


def lock_hang_words(held: lock_waits.LockHang, names: dict[int, str], source: Reading) -> str:
    """A lock hang in the learner's words: who holds a lock, who waits for one, and where."""
    sep = t("list_separator")

    def who(pids) -> str:
        return sep.join(names.get(pid, f"pid {pid}") for pid in sorted(pids))

    def at(lines) -> str:
        return sep.join(
            t("doctor_line_code", line=line, code=source.code(line)) for line in sorted(set(lines))
        )

    waited = at(wait.line for wait in held.waiters.values())
    taken = at(h.line for hs in held.holding.values() for h in hs)
    if held.how == "ended-holding":
        kinds = sep.join(sorted({kind for kinds in held.ended.values() for kind in kinds}))
        return t(
            "doctor_hang_ended_holding",
            holders=who(held.ended),
            kinds=kinds,
            waiters=who(held.waiters),
            lines=waited,
        )
    if held.how == "self":
        return t("doctor_hang_self", who=who(held.waiters), lines=waited, taken=taken)
    if held.how == "holds-and-waits":
        return t(
            "doctor_hang_holds_and_waits",
            holders=who(held.holding),
            taken=taken,
            lines=at(wait.line for wait in held.holders_wait.values()),
            waiters=who(held.waiters),
            waited=waited,
        )
    return t("doctor_hang_cycle", holders=who(held.holding), taken=taken, lines=waited)


def child_global(case: Case) -> None:
    """A run that went well, whose children changed a module-level name the parent then reads:
    the parent reads its own copy, which no child changed (child_globals.py reads the source)."""
    seen = case.seen
    ran_children = any(row.role != "parent" and row.pid != case.run.parent_pid for row in case.rows)
    if seen.stuck or seen.returncode != 0 or case.errors or case.found or not ran_children:
        return
    for found in case.source.child_globals():
        case.add(
            "child-global",
            found.line,
            "process",
            t(
                "doctor_child_global",
                func=found.func,
                name=found.name,
                line=found.line,
                code=case.source.code(found.line),
            ),
            [
                t(
                    "doctor_child_global_read",
                    name=found.name,
                    line=found.read,
                    code=case.source.code(found.read),
                )
            ],
            key=f"child-global:{found.name}",
        )


def leak(case: Case) -> None:
    """What the resource tracker found left at exit: a SharedMemory block or a semaphore."""
    if case.seen.stuck:
        return
    left = checker.leaks(case.seen.stderr)
    if not left:
        return
    source = case.source
    if "shared_memory" in case.seen.stderr.split("leaked", 1)[-1][:40] or (
        "SharedMemory" in source.text
    ):
        line = source.first(r"SharedMemory\(|ShareableList\(")
        case.add(
            "leak",
            line,
            "shared-memory",
            t("doctor_leak", what=left, line=line or "?"),
            [left],
        )
    else:
        line = source.first(r"^\w+\s*=\s*.*(Lock|Semaphore|Queue|Event|Condition|Barrier)\(")
        case.add(
            "leak",
            line,
            "start-methods",
            t("doctor_leak_semaphore", what=left, line=line or "?"),
            [left],
            key="leak:sem",
        )


def unflushed_under_lock(case: Case) -> None:
    """Lines printed under a lock and still in the process's stdout buffer when it released the
    lock (the observer's "unflushed" mistake): they reach the pipe later, among other processes'
    lines, cut apart where the buffer filled. Told when two processes did it, or a child did and
    another process printed too: something could come in between (a last line the parent alone
    prints under the lock, after its children ended, could not); with a line this run showed
    cut apart, if it did."""
    events = [
        e
        for e in case.seen.mistakes
        if e.get("kind") == "unflushed" and stacks.same_file(str(e.get("file")), str(case.path))
    ]
    pids = {e.get("pid") for e in events}
    printers = [row for row in case.rows if any(p.fd == 1 for p in row.printed)]
    child = any(pid != case.run.parent_pid for pid in pids)
    if len(pids) < 2 and not (child and len(printers) >= 2):
        return
    line = int(events[0].get("line", 0)) or None
    whole = {p.line for row in case.rows for p in row.printed}
    cut = [text for text in case.seen.stdout.splitlines() if text not in whole]
    evidence = [
        t("doctor_unflushed_in", who=e.get("who", "?"), pid=e.get("pid", "?"), line=e.get("line"))
        for e in events[:4]
    ]
    if cut:
        evidence.append(t("doctor_cut_line", text=cut[0][:120]))
    case.add(
        "nondeterministic",
        line,
        "lock",
        t(
            "doctor_unflushed",
            line=line or "?",
            code=case.source.code(line),
            count=processes(len({e.get("pid") for e in events})),
        ),
        evidence + case.then,
        key="nondeterministic:unflushed",
    )


def learner_frames(frames: list[tuple[str, int, str]], source: Reading) -> list[str]:
    """The traceback's frames in the learner's file, outermost first: line and code."""
    return [
        t("doctor_frame", line=line, func=func, code=source.code(line))
        for file, line, func in frames
        if stacks.same_file(file, str(source.path))
    ][-4:]


def tb_frames(text: str | None) -> list[tuple[str, int, str]]:
    return [
        (m.group(1), int(m.group(2)), m.group(3))
        for m in map(TB_FRAME.match, (text or "").splitlines())
        if m
    ]


def pickle_kind(error: str) -> str:
    if "<lambda>" in error:
        return "lambda"
    if "local object" in error or "<locals>" in error:
        return "local"
    if "_io." in error or "TextIOWrapper" in error or "BufferedReader" in error:
        return "file"
    if "lock" in error.lower() or "through inheritance" in error:
        return "lock"
    return "other"


def lesson_for_frames(frames: list[tuple[str, int, str]], default: str) -> str:
    files = " ".join(f[0] for f in frames)
    if "concurrent/futures" in files:
        return "futures"
    if "multiprocessing/pool.py" in files:
        return "pool"
    return default


def hang_lesson(code: str, stack_lines: list[str]) -> str:
    """The lesson about what the processes wait in: the children's waits say more than the
    parent's join."""
    waits = " ".join(stack_lines).lower() + " " + code.lower()
    for words, lesson in (
        (("task_done", "joinable", "tasks.join"), "joinablequeue"),
        (("feeder",), "queue"),
        (("barrier",), "sync"),
        ((".acquire", "with lock", "lock:"), "lock"),
        (("processpoolexecutor", "executor.map", "executor.submit"), "futures"),
        # a pool's map is a wait of its own: a worker's Event.wait() beside it is the pool's
        (("in map() at", "in starmap() at", "in imap", "pool.map(", "pool.imap"), "pool"),
        (("wait(reader", "connection.wait", "in wait() at"), "connection"),
        ((".recv",), "pipe"),
        (("apply_async", "pending.get", "map_async", "pool"), "pool"),
        (("result(",), "futures"),
        ((".get(",), "queue"),
    ):
        if any(word in waits for word in words):
            return lesson
    return "process"


# ------------------------------------------------------------------ many runs


STABLE = [
    (re.compile(r"\d{1,3}(\.\d{1,3}){3}'?,?[ :]?\d+"), "<address>"),  # a host and a port
    (re.compile(r"(?:[\w.-]*/)+[\w.-]+"), "<path>"),  # files: a temporary file's name is random
    (re.compile(r"\b(psm|wnsm)_\w+"), "<shm>"),  # a SharedMemory block's random name
    (re.compile(r"0x[0-9a-fA-F]+"), "0x…"),  # addresses
    (re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])"), "…"),  # times and other measured figures
    (
        re.compile(
            r"\b(\w*PoolWorker|Process|SpawnProcess|ForkProcess|ForkServerProcess)-\d+(:\d+)?"
        ),
        r"\1-…",
    ),
]


WORDS = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")  # letters, digits and signs: "1square" is 1, square


def masked(line: str, pids: list[str]) -> str:
    """What differs in every correct run, masked: PIDs, addresses, times, worker numbers."""
    for pid in pids:
        line = re.sub(rf"(?<!\d){pid}(?!\d)", "<pid>", line)
    for pattern, mask in STABLE:
        line = pattern.sub(mask, line)
    return line


def stable_line(line: str, pids: list[str]) -> str:
    """A printed line, masked, its words sorted: the same items in another order are the same."""
    return " ".join(sorted(WORDS.findall(masked(line, pids))))


def run_pids(seen: Seen) -> list[str]:
    pids = [*seen.run.rows, *seen.run.helpers]  # the fork server's and the resource tracker's too
    return sorted((str(pid) for pid in pids), key=len, reverse=True)


def results_printed(seen: Seen) -> str:
    """What the script's own process printed (the observer tells whose line is whose): its results.
    Which worker did which task, and when, is the children's to vary."""
    parent = seen.run.rows.get(seen.run.parent_pid)
    if parent is not None and parent.printed:
        return "\n".join(printed.line for printed in parent.printed)
    return seen.stdout


def stable_output(seen: Seen) -> Counter:
    """Every word the run printed, masked, in any order: lines in another order, or two processes'
    lines run together at their ends, are the same output; a different number, or a line cut in
    the middle of a word by another process's, is not."""
    return Counter(WORDS.findall(masked(results_printed(seen), run_pids(seen))))


def differing(a: Seen, b: Seen) -> tuple[str, str]:
    """The first printed result line of each run that the other run does not have."""

    def lines(seen: Seen) -> list[tuple[str, str]]:
        pids = run_pids(seen)
        return [(line, stable_line(line, pids)) for line in results_printed(seen).splitlines()]

    la, lb = lines(a), lines(b)
    ka, kb = Counter(key for _, key in la), Counter(key for _, key in lb)
    first = next((line for line, key in la if ka[key] > kb[key]), "")
    other = next((line for line, key in lb if kb[key] > ka[key]), "")
    return first, other


def diagnose(
    path: Path,
    args: list[str] | None = None,
    *,
    methods: list[str] | None = None,
    runs: int = RUNS_PER_METHOD,
    watchdog: float = WATCHDOG_S,
    parallel: int = PARALLEL,
    python: str = sys.executable,
    on_run=None,
    prompt: bool = False,
    ctrl_c: bool = False,
) -> Diagnosis:
    """Run the script `runs` times under each start method and gather what went wrong.
    `on_run(seen, done, total)` is called after each run (for a progress line). `ctrl_c`: each
    run gets a Ctrl-C once its children are at work (CtrlC); where the Ctrl-C lands decides
    what is printed, so runs are not compared for output that differs."""
    path = Path(path).resolve()
    args = list(args or [])
    available = multiprocessing.get_all_start_methods()
    chosen = [m for m in (methods or ["fork", "spawn", "forkserver"]) if m in available]
    plan = [m for _ in range(runs) for m in chosen]  # one of each start method first
    started = time.monotonic()
    hung: set[str] = set()
    lock = threading.Lock()
    results: list[Seen] = []
    checker.STOPPING.clear()

    def one(method: str) -> Seen | None:
        if method in hung:
            return None  # hung once: another run would only cost another watchdog
        seen = run_one(path, args, method, watchdog, python, prompt, ctrl_c)
        with lock:
            if seen.stuck:
                hung.add(method)
            results.append(seen)
            if on_run is not None:
                on_run(seen, len(results), len(plan))
        return seen

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        try:
            list(
                pool.map(one, chosen)
            )  # one run of each first: a start method that hangs stops there
            list(pool.map(one, plan[len(chosen) :]))
        except BaseException:  # Ctrl-C: the runs are in sessions of their own, so stop them here
            from ipctutor.engine import stopping

            with stopping.EndingsHeld():
                pool.shutdown(wait=False, cancel_futures=True)
                checker.stop_every_run()
            raise
    ordered = sorted(results, key=lambda s: chosen.index(s.method))
    findings = gather(path, ordered, chosen, compare=not ctrl_c)
    return Diagnosis(
        path,
        args,
        chosen,
        runs,
        watchdog,
        findings,
        ordered,
        time.monotonic() - started,
        ctrl_c,
    )


def gather(path: Path, runs: list[Seen], methods: list[str], compare: bool = True) -> list[Finding]:
    """The problems of every run, one finding per problem and line, with the start methods it
    showed under; then (`compare`) results that differ between runs of one start method."""
    source = Reading(path)
    findings: dict[tuple[str, int | None, str], Finding] = {}
    totals = Counter(s.method for s in runs)
    clean: dict[str, list[Seen]] = {}
    for seen in runs:
        problems = problems_in(seen, source)
        if not problems and seen.returncode == 0:
            clean.setdefault(seen.method, []).append(seen)
        for p in problems:
            key = (p.problem, p.line, p.key)
            finding = findings.get(key)
            if finding is None:
                finding = findings[key] = Finding(
                    p.problem, [], str(path), p.line, p.lesson, p.summary, p.evidence
                )
            if seen.method not in finding.start_methods:
                finding.start_methods.append(seen.method)
                finding.runs[seen.method] = [0, totals[seen.method]]
            finding.runs[seen.method][0] += 1
    out = list(findings.values())
    if not compare:
        clean = {}
    varied: list[str] = []
    example: tuple[Seen, Seen] | None = None
    for method in methods:
        ok = clean.get(method, [])
        outputs = [stable_output(s) for s in ok]
        for i in range(1, len(outputs)):
            if outputs[i] != outputs[0]:
                varied.append(method)
                example = example or (ok[0], ok[i])
                break
    if example is not None:
        first, other = differing(*example)
        line = source.print_line(first or other)
        not_fork = "fork" not in varied and len(clean.get("fork", [])) > 1  # fork's runs agreed
        words = "doctor_nondeterministic_spawn" if not_fork else "doctor_nondeterministic"
        finding = Finding(
            "nondeterministic",
            varied,
            str(path),
            line,
            "start-methods" if not_fork else race_lesson(source.text, first, other),
            t(words, line=line or "?", methods=t("list_separator").join(varied)),
            [t("doctor_one_run", text=first or "-"), t("doctor_another_run", text=other or "-")],
        )
        finding.runs = {m: [len(clean.get(m, [])), totals[m]] for m in varied}
        out.append(finding)
    by_method = output_by_start_method(path, source, clean, methods, varied)
    if by_method is not None:
        by_method.runs = {m: [len(clean.get(m, [])), totals[m]] for m in by_method.start_methods}
        out.append(by_method)
    order = {name: i for i, name in enumerate(PROBLEMS)}
    for finding in out:
        finding.start_methods.sort(key=methods.index)
    return sorted(
        out, key=lambda f: (f.problem not in CAUSES, order.get(f.problem, 99), f.line or 0)
    )


def race_lesson(text: str, first: str, other: str) -> str:
    """The lesson about a result that differs between runs, by what the script uses."""
    if interleaved(first, other):
        return "lock"
    for word, lesson in (
        ("as_completed", "futures"),
        ("imap_unordered", "pool"),
        ("Manager(", "manager"),
        ("SharedMemory", "shared-memory"),
    ):
        if word in text:
            return lesson
    return "value"


def interleaved(one: str, other: str) -> bool:
    """Two processes' lines run into each other: a line of one run is cut or glued in the other."""
    return bool(one and other) and (one in other or other in one) and one != other


METHOD_WORDS = [  # what names the start method itself: the same script says it in each run
    (re.compile(r"\b(Fork|Spawn|ForkServer)(PoolWorker|Process)\b"), r"\2"),
    (re.compile(r"\b(forkserver|fork|spawn)\b"), "<method>"),
]
NUMBERS = re.compile(r"\d+")
LOG_SETUP = ("basicConfig", "addHandler", "dictConfig", "fileConfig")


def line_shapes(seen: Seen) -> dict[str, str]:
    """The kinds of line a run printed, every process's: masked, numbers and the start method's
    name too, words sorted; shape -> one line of that shape. Which worker did how many tasks, or
    a count a race changes, is the same kind of line; a line no process printed is not there."""
    pids = run_pids(seen)
    shapes: dict[str, str] = {}
    for line in seen.stdout.splitlines():
        text = masked(line, pids)
        for pattern, mask in METHOD_WORDS:
            text = pattern.sub(mask, text)
        shape = " ".join(sorted(WORDS.findall(NUMBERS.sub("#", text))))
        if shape:
            shapes.setdefault(shape, line)
    return shapes


def output_by_start_method(
    path: Path, source: Reading, clean: dict[str, list[Seen]], methods: list[str], varied: list[str]
) -> Finding | None:
    """Lines printed under fork and never under spawn or forkserver (or the other way round),
    while the runs of each start method agree: what the `if __name__ == "__main__":` block sets
    up (logging's handlers, a global, a seed) a child started by spawn or forkserver never has.
    Kinds of line, not counts: a count that differs is a race, told by the finding before."""
    if "fork" not in clean or "fork" in varied:
        return None
    shapes: dict[str, dict[str, str]] = {}
    for method in methods:
        runs = clean.get(method, [])
        if not runs or method in varied:
            continue
        each = [line_shapes(seen) for seen in runs]
        if any(set(other) != set(each[0]) for other in each[1:]):
            return (
                None  # the kinds of line differ between runs of one method: not the method's doing
            )
        shapes[method] = each[0]
    fork = shapes.pop("fork", None)
    if fork is None:
        return None
    differ = [m for m in shapes if set(shapes[m]) != set(fork)]
    if not differ:
        return None
    other = shapes[differ[0]]
    only_fork = next((fork[k] for k in fork if k not in other), "")
    only_other = next((other[k] for k in other if k not in fork), "")
    listed = t("list_separator").join(differ)
    evidence = [
        t("doctor_under", methods="fork", text=only_fork or t("doctor_no_such_line")),
        t("doctor_under", methods=listed, text=only_other or t("doctor_no_such_line")),
    ]
    setup = source.logging_setup_under_main_guard()
    if setup is not None and "logging" in source.text:
        summary = t("doctor_by_method_logging", line=setup, code=source.code(setup), methods=listed)
        line: int | None = setup
        lesson = "logging"
    else:
        line = source.print_line(only_fork or only_other)
        summary = t("doctor_by_method", line=line or "?", methods=listed)
        lesson = "start-methods"
    return Finding("spawn-global", differ, str(path), line, lesson, summary, evidence)
