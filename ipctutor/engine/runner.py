"""Runs a demo for real and watches it: every process, its PID and PPID, what it reported, how it ended.

The demo's own `run()` executes in the main thread, exactly as a script would run it. A monitor
thread reads the children's reports and notices exits; a SIGALRM watchdog and Ctrl-C both stop the
demo and leave no child behind. Stdlib only, so that importing it costs nothing in a child.
"""

from __future__ import annotations

import importlib
import multiprocessing
import multiprocessing.process
import os
import pickle
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_ready
from typing import Any, Callable

from ipctutor.engine.births import BY_START_METHOD, SigintHeld, start_helpers
from ipctutor.engine.demos import COMMAND_DEMOS
from ipctutor.engine.demos._events import Events
from ipctutor.engine.stopping import EndingsHeld, stop_all


class WatchdogExpired(Exception):
    """Raised in the main thread when a demo outlives its --timeout."""


class ParentStranded(Exception):
    """Raised in the main thread when every child has exited, one failed, and the parent still waits."""


LOOK_S = 0.05  # how often the monitor looks for new processes when no report wakes it
PENDING_LOOK_S = 0.005  # ... while a process the demo made is still to be started
STRANDED_GRACE_S = 1.0  # how long the parent may go on after its last child exited, if one failed


@dataclass
class Mark:
    """One moment of a process's life, for the timeline: when, what, and who measured it.

    `at` is time.monotonic() seconds, CLOCK_MONOTONIC on Linux: one system-wide clock, the same in
    every process, so a child's own reading and the parent's can go on one axis. `by` is "self"
    when the process measured the moment itself (its reports: running, sent, done ...), "parent"
    when the parent's monitor thread saw it from outside (seen: its PID first noticed; exited: its
    sentinel became ready), which is a little later than the moment itself.
    """

    what: str
    at: float
    by: str  # self or parent
    detail: Any = None


@dataclass
class Op:
    """One IPC operation a watched process made: `Queue.put`, `Connection.recv`, `Lock.acquire` ...

    `data` is a short repr of what went in (put, send, a write) or came out (get, recv); `began` and
    `at` are time.monotonic() when the call began and returned (a blocking get waits between);
    `error` is the exception it raised, if it did; `obj` tells one Queue or Lock from another
    within a process.
    """

    op: str
    at: float
    began: float
    data: str | None = None
    obj: str | None = None
    error: str | None = None
    tid: int | None = None
    count: int = 1  # a run of the same call on the same object by one thread is one Op
    first: str | None = None  # then: the first call's data (`data` is the last's)


@dataclass
class Printed:
    """One line a process wrote to its stdout (fd 1) or stderr (fd 2), as it wrote it."""

    at: float
    line: str
    fd: int = 1


@dataclass
class ProcessRow:
    """One process of a run as the learner sees it in the panel."""

    name: str
    role: str  # parent, child, pool worker, executor worker, manager server
    pid: int | None = None
    ppid: int | None = None
    state: str = "starting"
    exitcode: int | None = None
    reports: list[tuple[str, Any]] = field(default_factory=list)  # (what, detail) as reported
    error: str | None = None
    where: tuple[str, int, str] | None = None  # the error's file, line and function, as data
    tid: int | None = None  # the thread that reported (its native id), when it reported
    marks: list[Mark] = field(default_factory=list)  # in the order they became known
    ops: list[Op] = field(default_factory=list)  # every IPC operation the observer saw it make
    printed: list[Printed] = field(default_factory=list)  # the lines it printed, in order
    traceback: str | None = None  # its uncaught exception, as Python printed it
    how: str | None = None  # how it started, as it saw itself: script, fork, spawn, forkserver


@dataclass
class DemoRun:
    """Everything one run of a demo showed: the processes, what the parent got, how it ended."""

    topic: str
    start_method: str
    default_start_method: str
    workers: int
    delay: float
    parent_pid: int = field(default_factory=os.getpid)
    rows: dict[int, ProcessRow] = field(default_factory=dict)  # by PID, the parent's first
    results: Any = None
    outcome: str = "running"  # running, ok, failed, timeout, interrupted
    error: str | None = None
    # why it failed, as data for the screen to word: "processes_failed" (children failed),
    # "parent_stranded" (every child gone, the parent still waiting), "exit_code" (the script
    # exited non-zero with no error of its own), "parent_error" (the parent's uncaught error)
    failure: str | None = None
    stopped: list[str] = field(default_factory=list)  # processes the tutor had to terminate
    started_at: float = field(default_factory=time.monotonic)  # when the demo's run() was called
    elapsed_s: float = 0.0  # until it returned (or was stopped)
    helpers: dict[int, ProcessRow] = field(default_factory=dict)  # fork server, resource tracker
    output: str = ""  # a watched script's stdout and stderr, as they came (every process's)
    exitcode: int | None = None  # a watched script's own exit code (-N: killed by signal N)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def children(self) -> list[ProcessRow]:
        return [row for pid, row in self.rows.items() if pid != self.parent_pid]

    @property
    def foreign_ppids(self) -> set[int]:
        """PPIDs that are not the parent: under forkserver, the fork server's PID."""
        return {
            row.ppid
            for row in self.children
            if row.ppid is not None and row.ppid != self.parent_pid and row.role != "manager server"
        }

    def row_for(self, pid: int, name: str) -> ProcessRow:
        row = self.rows.get(pid)
        if row is None:
            row = self.rows[pid] = ProcessRow(name=name, role=role_of(name), pid=pid)
        return row


# Every demo names the processes it makes (child-0 ...); a Process left with multiprocessing's own
# name (ForkProcess-3, SpawnProcess-1, ForkServerProcess-2) was started for the demo by a library:
# the workers of a ProcessPoolExecutor, which cannot be given names.
DEFAULT_NAME = re.compile(r"(Fork|Spawn|ForkServer)Process-\d+")


def role_of(name: str) -> str:
    if name == "MainProcess":
        return "parent"
    if "PoolWorker" in name:
        return "pool worker"
    if "Manager" in name:
        return "manager server"
    if DEFAULT_NAME.fullmatch(name):
        return "executor worker"
    if name.startswith("Dask Worker"):  # started by a Dask nanny, which may kill it when it closes
        return "dask worker"
    return "child"


class WatchedContext:
    """The real multiprocessing context, except that it remembers every Process the demo makes.

    A child that starts and is joined between two looks of the monitor would otherwise be missed.
    """

    def __init__(self, ctx):
        self._ctx = ctx
        self.made: list[multiprocessing.process.BaseProcess] = []
        self.on_made: Callable[[], None] | None = None  # the monitor's wake-up

    def __getattr__(self, name):
        return getattr(self._ctx, name)

    def Process(self, *args, **kwargs):  # noqa: N802 - mirrors multiprocessing's name
        """The context's own Process, born with Ctrl-C held back (see births.py)."""
        process = BY_START_METHOD.get(self._ctx.get_start_method(), self._ctx.Process)(
            *args, **kwargs
        )
        self.made.append(process)
        if self.on_made is not None:
            self.on_made()
        return process

    def Pool(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None):  # noqa: N802
        """The context's own Pool, whose workers are made (and remembered) by Process above.

        Built whole with Ctrl-C held back: a KeyboardInterrupt half-way through Pool() (while it
        starts its handler threads) would leave a pool no `with` block ever terminates, whose
        worker-handler thread replaces the workers the tutor stops, and those replacements die
        at start-up with a traceback once the tutor has exited. A Ctrl-C that came meanwhile
        terminates the pool, then is raised."""
        from multiprocessing.pool import Pool

        try:
            with SigintHeld():
                pool = Pool(processes, initializer, initargs, maxtasksperchild, context=self)
        except KeyboardInterrupt:  # raised by SigintHeld, after the pool was built
            pool.terminate()
            raise
        return pool

    def Manager(self):  # noqa: N802
        """The context's own Manager, whose server process is made by Process above."""
        from multiprocessing.managers import SyncManager

        manager = SyncManager(ctx=self)
        manager.start()
        return manager


def state_after_exit(row: ProcessRow, code: int | None) -> str:
    """exited, terminated or failed: a pool's workers are terminated when its with-block ends."""
    if code in (0, None):
        return "exited"
    if code < 0 and row.role != "child":
        return "terminated"
    return "failed"


def ppid_of(pid: int) -> int | None:
    """The parent PID the kernel records for a process (Linux /proc), or None where unknown."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def peek_exitcode(pid: int) -> int | None:
    """A direct child's exit code without reaping it (the demo's join() still must), else None."""
    try:
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except (ChildProcessError, OSError, AttributeError):
        return None
    if info is None:
        return None
    return info.si_status if info.si_code == os.CLD_EXITED else -info.si_status


class Monitor(threading.Thread):
    """Reads the children's reports and notices processes that start and exit."""

    def __init__(
        self,
        run: DemoRun,
        events: Events,
        ctx: WatchedContext,
        on_change: Callable[[DemoRun, ProcessRow, str], None] | None,
    ):
        super().__init__(name="ipctutor-monitor", daemon=True)
        self.run_state, self.events, self.ctx, self.on_change = run, events, ctx, on_change
        self.processes: dict[int, multiprocessing.process.BaseProcess] = {}
        self.processes_lock = threading.Lock()
        self.exited: set[int] = set()
        self.done = threading.Event()
        self.wake_r, self.wake_w = os.pipe()  # stop() writes here so the monitor ends at once
        self.wake_lock = threading.Lock()  # no write into the pipe once stop() has closed it
        self.stopping = False  # set once the demo is over and the tutor stops what is left
        self.all_exited_at: float | None = None
        self.stranded_signalled = False
        ctx.on_made = self.wake

    def wake(self) -> None:
        """A process was made: look again now, and often until it has started."""
        with self.wake_lock:
            if not self.done.is_set():
                os.write(self.wake_w, b"m")

    def known(self) -> list[tuple[int, multiprocessing.process.BaseProcess]]:
        """A snapshot of the processes seen so far, safe to loop over while more are found."""
        with self.processes_lock:
            return list(self.processes.items())

    def _notify(self, row: ProcessRow, what: str) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(self.run_state, row, what)
        except Exception:  # a display that fails (a closed pipe) must not stop the watching
            self.on_change = None

    def _discover(self) -> None:
        # The demo's own processes, plus those multiprocessing starts for it (pool workers, the
        # manager's server): active_children() would reap them behind the demo's back, so read
        # the set it reads.
        candidates = list(self.ctx.made) + list(multiprocessing.process._children)  # type: ignore[attr-defined]
        for process in candidates:
            pid = process.pid
            with self.processes_lock:  # the main thread looks once more at the end
                if pid is None or pid in self.processes:
                    continue
                self.processes[pid] = process
            with self.run_state.lock:
                seen = pid in self.run_state.rows  # it may have reported before we looked
                row = self.run_state.row_for(pid, process.name)
                row.marks.append(Mark("seen", time.monotonic(), "parent"))
                if row.ppid is None:  # e.g. a manager's server, which reports nothing itself
                    row.ppid = ppid_of(pid)
            if not seen:
                self._notify(row, "started")

    def _apply(self, record: dict) -> None:
        with self.run_state.lock:
            row = self.run_state.row_for(record["pid"], record["name"])
            row.ppid = record["ppid"]
            row.tid = record.get("tid", row.tid)
            what = record["what"]
            row.marks.append(Mark(what, record["time"], "self", record["detail"]))
            if what == "failed":
                row.error = record["detail"]
                row.state = "failed"
            elif what != "running" or row.state == "starting":
                row.state = what
            if what not in ("running", "done", "failed"):
                row.reports.append((what, record["detail"]))
        self._notify(row, what)

    def _drain(self) -> None:
        reader = self.events.reader
        while reader.poll():
            self._apply(pickle.loads(reader.recv_bytes()))

    def _mark_exits(self, ready: list, woke: float) -> None:
        """Note the processes whose sentinel is ready: exited, as the parent saw at `woke`."""
        for pid, process in self.known():
            if pid in self.exited:
                continue
            if process.sentinel in ready:
                self.exited.add(pid)
                code = peek_exitcode(pid)
                with self.run_state.lock:
                    row = self.run_state.rows[pid]
                    row.exitcode = code
                    row.marks.append(Mark("exited", woke, "parent", code))
                    if self.stopping:  # the tutor itself is terminating what is left
                        row.state = "stopped"
                    elif row.state != "failed":
                        row.state = state_after_exit(row, code)
                self._notify(row, "exited")

    def stop(self) -> None:
        """End the watching now (a last drain of the reports included) and wait for it."""
        self.ctx.on_made = None
        with self.wake_lock:
            self.done.set()
            os.write(self.wake_w, b"x")
        self.join(timeout=5)
        if not self.is_alive():  # closed here, not by the monitor: a write racing its close
            os.close(self.wake_r)  # got EBADF (seen on Ctrl-C as the run ended), or worse, an
            os.close(self.wake_w)  # fd number already given to another file

    def stranded(self) -> bool:
        """Every child has exited, at least one failed, and the parent has not finished since."""
        children = [pid for pid, p in self.known() if role_of(p.name) == "child"]
        if not children or any(pid not in self.exited for pid in children):
            return False
        if not any(self.run_state.rows[pid].state == "failed" for pid in children):
            return False
        self.all_exited_at = self.all_exited_at or time.monotonic()
        return time.monotonic() - self.all_exited_at > STRANDED_GRACE_S

    def run(self) -> None:
        while True:
            stopping = self.done.is_set()
            self._discover()
            sentinels = [p.sentinel for pid, p in self.known() if pid not in self.exited]
            # While a Process the demo made has not started yet, look more often: a start is
            # noticed (and its "seen" mark taken) within a few ms instead of up to 50.
            pending = any(p.pid is None for p in self.ctx.made)
            try:
                ready = wait_ready(
                    [self.events.reader, self.wake_r, *sentinels],
                    timeout=PENDING_LOOK_S if pending else LOOK_S,
                )
            except (OSError, ValueError):  # a sentinel closed under us: look again
                ready = []
            woke = time.monotonic()
            if self.wake_r in ready and not self.done.is_set():
                os.read(self.wake_r, 512)
            if self.events.reader in ready:
                self._drain()
            self._mark_exits(ready, woke)
            if stopping:
                self._drain()
                return
            if not self.stranded_signalled and self.stranded():
                # The parent waits for something no process is left to send: wake it.
                self.stranded_signalled = True
                signal.pthread_kill(threading.main_thread().ident, signal.SIGALRM)  # type: ignore[arg-type]


def load_demo(topic: str):
    """The in-process demo module of a command (the network demo); only modules that ship in
    ipctutor.engine.demos. Every topic's demo is a plain script instead (engine/scripts.py)."""
    return importlib.import_module(f"ipctutor.engine.demos.{COMMAND_DEMOS[topic]}")


def _stop_processes(find: Callable[[], Any]) -> list[str]:
    """Terminate, then kill, every process `find()` returns that is still alive, until it returns
    none alive; reap them all (stopping.py: the one way every path stops a run). Who was stopped."""
    alive = stop_all(find)
    return sorted((p.name for p in alive), key=natural_key)


def natural_key(name: str) -> tuple[str, int]:
    """child-2 before child-10."""
    stem, _, number = name.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (name, 0)


def run_demo(
    topic: str,
    *,
    workers: int = 10,
    delay: float = 1.0,
    start_method: str | None = None,
    timeout: float = 30.0,
    fail: int | None = None,
    on_change: Callable[[DemoRun, ProcessRow, str], None] | None = None,
    demo_options: dict | None = None,
    target: Callable | None = None,
) -> DemoRun:
    """Run one demo to its end, its timeout, or Ctrl-C, and return what happened.

    `demo_options` go to the demo's run() as keywords (the network demo's address and authkey).
    `target` replaces the demo module's run(), with the same arguments (a pitfall's phase).

    Must be called from the main thread (signals are delivered there).
    """
    demo = target or load_demo(topic).run
    default_method = multiprocessing.get_all_start_methods()[0]  # the platform's default is first
    ctx = WatchedContext(multiprocessing.get_context(start_method))
    run = DemoRun(
        topic=topic,
        start_method=ctx.get_start_method(),
        default_start_method=default_method,
        workers=workers,
        delay=delay,
    )
    run.rows[run.parent_pid] = ProcessRow(
        name="MainProcess", role="parent", pid=run.parent_pid, ppid=os.getppid(), state="running"
    )
    start_helpers(run.start_method)
    events = Events(ctx, fail=fail)
    monitor = Monitor(run, events, ctx, on_change)
    monitor.start()

    def on_alarm(signum, frame):
        raise ParentStranded if monitor.stranded_signalled else WatchdogExpired

    previous_alarm = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    run.started_at = time.monotonic()
    parent_row = run.rows[run.parent_pid]
    parent_row.tid = threading.get_native_id()
    parent_row.marks.append(Mark("started", run.started_at, "self"))
    try:
        run.results = demo(ctx, workers, delay, events, **(demo_options or {}))
        run.outcome = "ok"
    except WatchdogExpired:
        run.outcome = "timeout"
    except ParentStranded:
        run.outcome = "failed"
        run.failure = "parent_stranded"
        run.error = (
            "every child has exited but the parent is still waiting: a failed child "
            "never sent what the parent expects"
        )
    except KeyboardInterrupt:
        run.outcome = "interrupted"
    except Exception as exc:  # the demo's own failure, e.g. an exception sent back by a pool
        run.outcome = "failed"
        run.error = f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_alarm)
        # SIGTERM or SIGHUP now would cut the stopping short: held, raised once it is done
        with EndingsHeld():
            previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits
            try:
                ended = time.monotonic()
                run.elapsed_s = ended - run.started_at
                parent_row.marks.append(Mark("finished", ended, "self"))
                monitor._discover()
                monitor.stopping = run.outcome != "ok"

                def everyone():  # looked at again after each round: a Pool may have replaced some
                    monitor._discover()
                    found = {p.pid: p for p in multiprocessing.active_children()}
                    found.update(monitor.known())
                    return found.values()

                stopped = _stop_processes(everyone)
                if run.outcome != "ok":
                    run.stopped = stopped
                monitor.stop()
            finally:
                signal.signal(signal.SIGINT, previous_int)
    _settle(run, monitor)
    return run


def _settle(run: DemoRun, monitor: Monitor) -> None:
    """Fill in exit codes once every process is reaped, and judge the run."""
    with run.lock:
        for pid, process in monitor.known():
            row = run.rows[pid]
            row.exitcode = process.exitcode
            if row.name in run.stopped:
                row.state = "stopped"
            elif row.state != "failed":
                row.state = state_after_exit(row, row.exitcode)
        run.rows[run.parent_pid].state = run.outcome
        failed = [row for row in run.children if row.state == "failed"]
        if run.outcome == "ok" and failed:
            run.outcome = "failed"
            run.error = f"{len(failed)} process{'' if len(failed) == 1 else 'es'} failed"
            run.failure = "processes_failed"
