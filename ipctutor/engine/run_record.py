"""What a run is made of, as the screens read it: the run (DemoRun), each of its processes
(ProcessRow) with the moments of its life (Mark), its IPC operations (Op) and what it printed
(Printed). engine/watch.py fills them in from what the observer reports. Stdlib only.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

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
FORK_CHILD = "os.fork() child"  # a forked process multiprocessing did not start: no name of its own
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


def state_after_exit(row: ProcessRow, code: int | None) -> str:
    """exited, terminated or failed: a pool's workers are terminated when its with-block ends."""
    if code in (0, None):
        return "exited"
    if code < 0 and row.role != "child":
        return "terminated"
    return "failed"


def natural_key(name: str) -> tuple[str, int]:
    """child-2 before child-10."""
    stem, _, number = name.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (name, 0)
