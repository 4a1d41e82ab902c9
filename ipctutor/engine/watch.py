"""Runs any Python script under the observer and builds the run from what it observed.

The script runs as `python SCRIPT ARGS` in a session of its own, with the observer
(engine/observer/sitecustomize.py) first on its PYTHONPATH, so every process of it, spawned,
forked or fork-server children, reports its birth, its IPC operations, its printed lines and its
end into a FIFO the tutor reads. A reader thread turns those events into the DemoRun, ProcessRow
and Mark model the screens draw; the calling thread is the watchdog: it waits for the script to
end, for its --timeout, for Ctrl-C or SIGTERM, and then stops and reaps every process of the
session, sparing the resource trackers until they have cleaned up /dev/shm.

Nothing here knows the tutor's demos: `watch_script` watches a learner's script as well.
Standard library only.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ipctutor.engine import stopping
from ipctutor.engine.run_record import (
    FORK_CHILD,
    DemoRun,
    Mark,
    Op,
    Printed,
    ProcessRow,
    natural_key,
    role_of,
    state_after_exit,
)

OBSERVER = Path(__file__).with_name("observer")  # the folder put first on the script's PYTHONPATH
HELPERS = ("forkserver-server", "resource-tracker")  # processes multiprocessing starts for itself
SENT = ("put", "send", "send_bytes")
RECEIVED = (
    "get",
    "recv",
    "recv_bytes",
    "recv_bytes_into",
    "result",
)  # a Future's or a pool's result too
STRANDED_GRACE_S = 1.0  # how long the parent may go on after its last child exited, if one failed
STRANDED_ERROR = (
    "every child has exited but the parent is still waiting: a failed child never sent "
    "what the parent expects"
)

OnUpdate = Callable[[DemoRun, ProcessRow, str], None]


class Stopped(Exception):
    """SIGTERM reached the tutor while it watched: stop the run as Ctrl-C does."""


def report_word(op: str) -> str:
    """`Queue.put` and `Connection.send` are "sent", every get, recv and result "received", the
    rest as is."""
    method = op.rpartition(".")[2]
    if method in SENT or method == "put_nowait":
        return "sent"
    if method in RECEIVED or method == "get_nowait":
        return "received"
    return op


_compiled: list[str] = []  # the observer's folder with its bytecode, made once per tutor process


def observer_folder() -> str:
    """The observer's folder for PYTHONPATH: a copy with its bytecode beside it. Every process of a
    run imports it at start-up: from source that is a compile of some 10 ms each
    (PYTHONDONTWRITEBYTECODE or a read-only install keeps Python from caching it), from bytecode
    well under 1 ms. Kept in the user's cache folder (XDG_CACHE_HOME, else ~/.cache), named after
    the source's size and time, so a tutor run only looks it up; else made once per tutor process."""
    if _compiled and os.path.isfile(os.path.join(_compiled[0], "sitecustomize.py")):
        return _compiled[0]
    source = OBSERVER / "sitecustomize.py"
    stat = source.stat()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ipctutor"
    folder = cache / f"observer-{stat.st_size}-{stat.st_mtime_ns}"
    if not (folder / "__pycache__").is_dir():
        try:
            cache.mkdir(parents=True, exist_ok=True)
            made = _compile_copy(tempfile.mkdtemp(prefix="observer-", dir=cache), source)
            try:
                os.rename(made, folder)  # whole or not at all: another tutor may be making it too
            except OSError:
                import shutil

                shutil.rmtree(made, ignore_errors=True)
        except OSError:  # no cache folder: one copy for this process, removed when it exits
            import atexit
            import shutil

            folder = Path(_compile_copy(tempfile.mkdtemp(prefix="ipctutor-observer-"), source))
            atexit.register(shutil.rmtree, folder, True)
    _compiled[:] = [str(folder)]
    return str(folder)


def _compile_copy(folder: str, source: Path) -> str:
    import importlib.util
    import py_compile
    import shutil

    target = os.path.join(folder, "sitecustomize.py")
    shutil.copyfile(source, target)
    try:
        py_compile.compile(
            target,
            cfile=importlib.util.cache_from_source(target),
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP,
        )
    except (OSError, py_compile.PyCompileError):
        pass  # it still runs, from source
    return folder


def script_command(python: str, path: str | os.PathLike, args: Sequence, prompt: bool) -> list[str]:
    """How a script runs: `python FILE ARGS`; or its code as typed at the >>> prompt, `python -q
    -i - ARGS` with the file given on stdin (__main__ then has no file, as in a notebook)."""
    return [python, *(["-q", "-i", "-"] if prompt else [str(path)]), *map(str, args)]


def observer_env(
    fifo: str | None,
    start_method: str | None,
    base: dict | None = None,
    folder: str | None = None,
    script_dir: str | None = None,
) -> dict:
    """The environment a watched script runs in: the observer first on PYTHONPATH (any other
    sitecustomize is loaded after it), where to report, and the start method to use by default."""
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (observer_folder(), env.get("PYTHONPATH")) if p)
    for key, value in (
        ("IPCTUTOR_SIGINT_DEFAULT", "1"),  # Ctrl-C as at a terminal, whatever the tutor's own
        ("IPCTUTOR_OBSERVE_FIFO", fifo),
        ("IPCTUTOR_START_METHOD", start_method),
        ("IPCTUTOR_OBSERVE_DIR", folder),
        ("IPCTUTOR_OBSERVE_SCRIPT_DIR", script_dir and os.path.join(script_dir, "")),
    ):
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


class Builder:
    """Turns observed events into the run's rows and marks, and tells the screen what changed."""

    def __init__(self, run: DemoRun, on_update: OnUpdate | None):
        self.run, self.on_update = run, on_update
        self.named: set[int] = set()  # processes whose "started" the screen has been told
        self.pending: list[tuple[ProcessRow, str]] = []  # news about another row than the event's

    def notify(self, row: ProcessRow, what: str) -> None:
        if self.on_update is None:
            return
        try:
            self.on_update(self.run, row, what)
        except Exception:  # noqa: BLE001 - a display that fails (a closed pipe) must not stop the watching
            self.on_update = None

    def row(self, event: dict) -> ProcessRow:
        run, pid = self.run, event["pid"]
        row = run.rows.get(pid) or run.helpers.get(pid)
        if row is None:
            name = event.get("name") or "?"
            row = ProcessRow(name=name, role=role_of(name), pid=pid, ppid=event.get("ppid"))
            (run.helpers if event.get("how") in HELPERS else run.rows)[pid] = row
        if (
            event.get("name")
            and row.name in ("?", "MainProcess", FORK_CHILD)
            and pid != run.parent_pid
            and not (row.name == FORK_CHILD and event["name"] == "MainProcess")
        ):
            row.name = event["name"]
            row.role = role_of(row.name)
        row.ppid = event.get("ppid", row.ppid)
        return row

    def apply(self, event: dict) -> None:
        kind = event.get("e")
        if kind == "file":  # too long for one write: it waits in a file of its own
            try:
                with open(event["path"], encoding="utf-8") as big:
                    event = json.loads(big.read())
            except (OSError, ValueError):
                return
        with self.run.lock:
            row = self.row(event)
            told = self.apply_locked(kind, event, row)
        for what in told:
            self.notify(row, what)

    def apply_locked(self, kind: str | None, event: dict, row: ProcessRow) -> list[str]:
        run, at, pid = self.run, event.get("t", time.monotonic()), event["pid"]
        told: list[str] = []
        if kind == "birth":
            row.how = event.get("how")
            row.marks.append(Mark("started", at, "self", row.how))
            if row.how in ("fork", "spawn", "forkserver") and pid != run.parent_pid:
                run.start_method = row.how  # what really started it, whatever was asked
            if row.how == "fork" and row.name == "?" and pid != run.parent_pid:
                # os.fork() itself: multiprocessing names its own children later (start, spawned)
                row.name = FORK_CHILD
            if row.how == "script" and pid != run.parent_pid and row.name in ("?", "MainProcess"):
                row.name, row.role = (
                    f"python {' '.join(event.get('argv') or [])}".strip(),
                    "process",
                )
            if row.name != "?" and pid not in self.named and pid in run.rows:
                self.named.add(pid)
                told.append("started")
        elif kind == "start":
            row.state = "running"
            row.tid = event.get("tid")
            row.marks.append(Mark("running", at, "self"))
            if pid not in self.named:
                self.named.add(pid)
                told.append("started")
            told.append("running")
        elif kind == "op":
            op = Op(
                op=event["op"],
                at=at,
                began=event.get("t0", at),
                data=event.get("data"),
                obj=event.get("obj"),
                error=event.get("error"),
                tid=event.get("tid"),
                count=event.get("n", 1),
                first=event.get("first", event.get("data")),
            )
            row.ops.append(op)
            # an operation that raised: "raised", with what raised what (the screen words it)
            what = report_word(op.op) if op.error is None else "raised"
            detail = op.data if op.error is None else {"op": op.op, "error": op.error}
            row.marks.append(Mark(what, at, "self", detail))
            row.reports.append((what, detail))
            told.append(what)
        elif kind == "out":
            row.printed.append(Printed(at, event.get("line", ""), event.get("fd", 1)))
            told.append("printed")
        elif kind == "error":
            row.error, row.traceback = event.get("error"), event.get("traceback")
            where = event.get("where")
            row.where = (str(where[0]), int(where[1]), str(where[2])) if where else None
            row.state = "failed"
            row.marks.append(Mark("failed", at, "self", row.error))
            told.append("failed")
        elif kind == "exit":
            code = event.get("code")
            row.marks.append(Mark("done", at, "self", code))
            if code is not None:
                row.exitcode = code
                if row.state != "failed":
                    row.state = state_after_exit(row, code)
        elif kind == "spawned":  # the parent started a child: its name, before the child says it
            child_pid, name = int(event.get("child", 0)), event.get("child_name") or "?"
            child = run.rows.get(child_pid)
            if child is None:
                child = run.rows[child_pid] = ProcessRow(
                    name=name, role=role_of(name), pid=child_pid
                )
            elif child.name in ("?", FORK_CHILD):
                child.name, child.role = name, role_of(name)
            if child.ppid is None and event.get("method") in ("fork", "spawn"):
                # its parent is the process that started it: known even if it is stopped before
                # it can say so itself (a pool worker spawned late, then terminate())
                child.ppid = pid
            child.marks.append(Mark("seen", at, "parent"))  # its PID, as start() returned it
            if child_pid not in self.named:
                self.named.add(child_pid)
                self.pending.append((child, "started"))
        elif (
            kind == "reaped"
        ):  # the parent saw a child end: the kernel's exit code, a kill included
            child = run.rows.get(event["child"])
            if child is not None:
                child.exitcode = event.get("code")
                child.marks.append(Mark("exited", at, "parent", child.exitcode))
                if child.state != "failed":
                    child.state = state_after_exit(child, child.exitcode)
                if self.on_update is not None:  # told about the child, not the parent
                    self.pending.append((child, "exited"))
        return told


class Reader(threading.Thread):
    """Reads the FIFO's event lines and applies them, until told to stop; then drains it."""

    def __init__(self, fd: int, builder: Builder):
        super().__init__(name="ipctutor-observer-reader", daemon=True)
        self.fd, self.builder = fd, builder
        self.done = threading.Event()
        self.partial = b""
        self.wake_r, self.wake_w = os.pipe()  # finish() writes here: the reader stops at once

    def take(self) -> bool:
        """Read what is there now; False when nothing was."""
        try:
            chunk = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return False
        if not chunk:
            return False
        *lines, self.partial = (self.partial + chunk).split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and ("pid" in event or event.get("e") == "file"):
                self.builder.apply(event)
                while self.builder.pending:
                    self.builder.notify(*self.builder.pending.pop(0))
        return True

    def run(self) -> None:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        poller.register(self.wake_r, select.POLLIN)
        while not self.done.is_set():
            if poller.poll(1000):
                while self.take():
                    pass

    def finish(self) -> None:
        """Stop reading, then read what the processes wrote before they ended."""
        self.done.set()
        os.write(self.wake_w, b"x")
        if self.is_alive():
            self.join(timeout=5)
        while self.take():
            pass
        os.close(self.wake_r)
        os.close(self.wake_w)


# ------------------------------------------------------------------ stopping


def session_members(sid: int) -> dict[int, str]:
    """Every live process of a session (Linux /proc): pid -> its command line."""
    return {pid: stopping.command_of(pid) or "" for pid in stopping.session_members(sid) or ()}


def stop_session(leader: subprocess.Popen) -> tuple[list[int], dict[int, int]]:
    """Stop every process of the script's session and reap all it can: stopping.stop_session, the
    one way every run is stopped, flushing first (the observer's flush signal: each process writes
    the events it still holds), then SIGTERM (a child stopped shows -15), sparing the resource
    trackers until they have cleaned up /dev/shm. Returns the PIDs it stopped and the exit codes of
    those it reaped (the script's own, and its orphans', which are the tutor's)."""
    return stopping.stop_session(leader, flush=True)


# ------------------------------------------------------------------ the run


def watch_script(
    path: str | os.PathLike,
    args: Sequence[str] = (),
    *,
    start_method: str | None = None,
    timeout: float = 30.0,
    on_update: OnUpdate | None = None,
    topic: str | None = None,
    workers: int = 0,
    delay: float = 0.0,
    cwd: str | os.PathLike | None = None,
    python: str | None = None,
    stdin=subprocess.DEVNULL,
    extra_env: dict[str, str] | None = None,
    prompt: bool = False,
) -> DemoRun:
    """Run `python PATH ARGS` under the observer to its end, its timeout, or Ctrl-C/SIGTERM, and
    return what was observed: a DemoRun whose rows are the script's processes by their real PIDs.

    `start_method` is the default start method the script gets (one that picks its own keeps it).
    `on_update(run, row, what)` is called from a reader thread as events arrive: `what` is
    "started", "running", "sent", "received", "printed", "failed", "exited" or an operation's name.
    `topic`, `workers` and `delay` only label the run. The run's `outcome` is "ok" (exit code 0, no
    child failed), "failed", "timeout" or "interrupted"; `output` holds what the script wrote.
    Call it from the main thread for Ctrl-C and SIGTERM to stop the run; from any other thread
    the timeout still does. `extra_env`: more environment variables for the script.
    `prompt`: run the script's code as typed at the >>> prompt: `python -q -i - ARGS` with the
    file on stdin, in the file's folder (unless `cwd` says), so __main__ has no file, as in a
    notebook or a `python -i` session.
    """
    default_method = multiprocessing.get_all_start_methods()[0]  # the platform's default is first
    folder = tempfile.mkdtemp(prefix="ipctutor-watch-")
    fifo = os.path.join(folder, "events")
    os.mkfifo(fifo, 0o600)
    read_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keep_fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # never EOF while processes come and go
    _grow_pipe(read_fd)
    run = DemoRun(
        topic=topic or Path(path).stem,
        start_method=start_method or default_method,
        default_start_method=default_method,
        workers=workers,
        delay=delay,
    )
    builder = Builder(run, on_update)
    reader = Reader(read_fd, builder)
    out_chunks: list[bytes] = []
    main = threading.current_thread() is threading.main_thread()
    previous_term = signal.signal(signal.SIGTERM, _raise_stopped) if main else None
    proc = None
    output: threading.Thread | None = None
    stopped: list[int] = []
    reaped: dict[int, int] = {}
    exited_at = 0.0
    try:
        run.started_at = time.monotonic()
        # held until `proc` is known: a Ctrl-C or SIGTERM raised inside Popen, once the script
        # was forked, left it running on with no one to stop it
        with stopping.EndingsHeld(block=False):
            if prompt:
                stdin = open(path, "rb")  # noqa: SIM115 - closed once the script has it
                cwd = cwd or os.path.dirname(os.path.abspath(path))
            try:
                proc = subprocess.Popen(
                    script_command(python or sys.executable, path, args, prompt),
                    cwd=cwd,
                    env=observer_env(
                        fifo,
                        start_method,
                        base=dict(os.environ, **(extra_env or {})),
                        script_dir=os.path.dirname(os.path.abspath(path)),
                    ),
                    stdin=stdin,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            finally:
                if prompt:
                    stdin.close()  # the script's own copy stays open
            run.parent_pid = proc.pid
        with run.lock:
            row = run.rows.setdefault(
                proc.pid,
                ProcessRow(
                    name="MainProcess",
                    role="parent",
                    pid=proc.pid,
                    ppid=os.getpid(),
                    state="running",
                ),
            )
            row.role, row.state = "parent", "running"
            row.marks.append(
                Mark("seen", run.started_at, "parent")
            )  # the tutor started it: its PID
        output = threading.Thread(
            target=_collect,
            args=(proc.stdout, out_chunks),
            daemon=True,
            name="ipctutor-watch-output",
        )
        output.start()
        reader.start()
        run.outcome = _wait(proc, run, timeout)
    except KeyboardInterrupt:
        run.outcome = "interrupted"
    except Stopped:
        run.outcome = "interrupted"
        run.error = "SIGTERM"
    finally:
        previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            if proc is not None:
                ended = time.monotonic()
                run.elapsed_s = ended - run.started_at
                ended_itself = proc.returncode is not None
                stopped, reaped = stop_session(proc)
                exited_at = ended if ended_itself else time.monotonic()
                run.exitcode = proc.returncode
            reader.finish()
            if output is not None:
                output.join(timeout=5)
            elif proc is not None and proc.stdout is not None:
                proc.stdout.close()  # stopped before its output was read: nothing will read it
        finally:
            if main:  # None: a handler not set from Python, which Python cannot put back
                signal.signal(
                    signal.SIGINT, previous_int if previous_int is not None else signal.SIG_DFL
                )
                signal.signal(
                    signal.SIGTERM, previous_term if previous_term is not None else signal.SIG_DFL
                )
            os.close(read_fd)
            os.close(keep_fd)
            _remove(folder)
    if proc is not None and proc.returncode is not None:
        with run.lock:
            parent_row(run).marks.append(Mark("exited", exited_at, "parent", proc.returncode))
    run.output = b"".join(out_chunks).decode("utf-8", "replace")
    _settle(run, stopped, reaped)
    return run


def _raise_stopped(signum, frame):
    stopping.note_ending(signum)  # the tutor then ends as SIGTERM asks: its line, exit 143
    raise Stopped


def _grow_pipe(fd: int) -> None:
    """A bigger FIFO (1 MiB where allowed): a burst of events waits there, not in the writers."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (OSError, ImportError):
        pass


def _collect(stream, chunks: list[bytes]) -> None:
    chunks.extend(iter(lambda: stream.read1(1 << 16), b""))


def _remove(folder: str) -> None:
    for name in os.listdir(folder):
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass
    try:
        os.rmdir(folder)
    except OSError:
        pass


def _wait(proc: subprocess.Popen, run: DemoRun, timeout: float) -> str:
    """The watchdog: wait for the script to end, its timeout, or its parent stranded."""
    deadline = run.started_at + timeout
    stranded_since: list[float | None] = [None]
    try:  # Linux: a file that becomes readable the moment the script exits
        poller: select.poll | None = select.poll()
        exited = os.pidfd_open(proc.pid)
        poller.register(exited, select.POLLIN)  # type: ignore[union-attr]
    except (AttributeError, OSError):
        poller = None
    try:
        while True:
            step = max(0.0, min(0.05, deadline - time.monotonic()))
            if poller is not None:
                poller.poll(step * 1000)
                step = 0.0
            try:
                code = proc.wait(timeout=step)
                return "ok" if code == 0 else "failed"
            except subprocess.TimeoutExpired:
                pass
            if _deadline_or_stranded(run, deadline, stranded_since):
                return run.outcome
    finally:
        if poller is not None:
            os.close(exited)


def _deadline_or_stranded(run: DemoRun, deadline: float, since: list[float | None]) -> bool:
    """True when the run must be stopped now (run.outcome says why); `since[0]` is when its
    parent was first found stranded."""
    now = time.monotonic()
    if now >= deadline:
        run.outcome = "timeout"
        return True
    if _stranded(run):
        first = since[0] = since[0] or now
        if now - first > STRANDED_GRACE_S:
            run.error = STRANDED_ERROR
            run.failure = "parent_stranded"
            run.outcome = "failed"
            return True
    else:
        since[0] = None
    return False


def _stranded(run: DemoRun) -> bool:
    """Every child has exited, at least one failed, and the parent still runs."""
    with run.lock:
        children = [row for row in run.children if row.role == "child"]
        if not children or any(row.exitcode is None for row in children):
            return False
        return any(row.state == "failed" for row in children)


def as_value(data: str | None):
    """The value an op's short repr stands for, where it is a literal ("['hello', 3]" is a list);
    else the repr itself (an object, or a repr cut short with "...")."""
    if data is None or len(data) > 200:
        return data
    import ast

    try:
        return ast.literal_eval(data)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return data


def parent_row(run: DemoRun) -> ProcessRow:
    """The script's row: made at once after its start, unless a Ctrl-C came in between."""
    return run.rows.setdefault(
        run.parent_pid, ProcessRow(name="MainProcess", role="parent", pid=run.parent_pid)
    )


def _settle(run: DemoRun, stopped: list[int], reaped: dict[int, int]) -> None:
    """Judge the run once every process is gone: who was stopped, how each ended, what the
    parent got."""
    with run.lock:
        parent = parent_row(run)
        parent.exitcode = run.exitcode
        for pid, code in reaped.items():  # the tutor reaped them: the kernel's own exit codes
            row = run.rows.get(pid) or run.helpers.get(pid)
            if row is not None and pid != run.parent_pid:
                row.exitcode = code
        stopped_rows = [
            row for pid, row in run.rows.items() if pid in stopped and pid != run.parent_pid
        ]
        for row in stopped_rows:
            if row.state != "failed":
                row.state = "stopped"
        for row in run.children:
            if row.state in ("starting", "running") and row.exitcode is not None:
                row.state = state_after_exit(row, row.exitcode)
        if run.outcome != "ok":
            run.stopped = sorted((row.name for row in stopped_rows), key=natural_key)
        received = [
            as_value(op.data)
            for op in parent.ops
            if op.error is None and report_word(op.op) == "received"
        ]
        run.results = received or None
        if run.outcome == "failed" and run.error is None:
            run.error = parent.error or f"the script exited with code {run.exitcode}"
            run.failure = "parent_error" if parent.error else "exit_code"
        failed = [row for row in run.children if row.state == "failed"]
        if run.outcome == "ok" and failed:
            run.outcome = "failed"
            run.error = f"{len(failed)} process{'' if len(failed) == 1 else 'es'} failed"
            run.failure = "processes_failed"
        parent.state = run.outcome


def run_plain_demo(
    topic: str,
    *,
    workers: int = 10,
    delay: float = 1.0,
    start_method: str | None = None,
    timeout: float = 30.0,
    fail: int | None = None,
    on_change: OnUpdate | None = None,
    demo_options: dict | None = None,
) -> DemoRun:
    """`ipctutor run TOPIC`: the topic's plain script (engine/plain/TOPIC_demo.py, what `show`
    prints) run under the observer, with the run's options as its arguments:
    `--workers N --delay S [--fail N]`. A run across the network (`demo_options` from
    `run manager --connect`: the server's address and key) runs plain/manager_remote_demo.py with
    the address as its argument and the key in its environment (AUTHKEY), out of `ps`'s sight."""
    from ipctutor.engine.scripts import demo_path

    args = ["--workers", str(workers), "--delay", repr(float(delay))]
    if fail is not None:
        args += ["--fail", str(fail)]
    extra_env = None
    if demo_options is not None:
        host, port = demo_options["address"]
        topic, args = "manager-remote", [f"{host}:{port}", *args]
        extra_env = {"AUTHKEY": demo_options["authkey"].decode()}
    return watch_script(
        demo_path(topic),
        args,
        start_method=start_method,
        timeout=timeout,
        on_update=on_change,
        topic=topic,
        workers=workers,
        delay=delay,
        extra_env=extra_env,
    )
