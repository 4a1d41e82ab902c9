"""Who holds a multiprocessing lock and who waits for one, in a run that hangs.

The hangs a lock makes, each told in its own words by `doctor` (diagnose.hang):
- ended-holding: a process ended holding a lock it never released (a return or an exception
  between acquire() and release()); the others wait for it for ever. The observer says so as the
  process ends (its "held-at-exit" event).
- self: a process waits for a lock it holds itself (a Lock is not re-entrant).
- holds-and-waits: a process holds a lock while it waits for something else, such as join() on a
  child that waits for that lock.
- cycle: processes each hold a lock and wait for another's (locks taken in opposite orders).

What a running process holds is read from its stack dump and the source: each line of the
learner's file on its stack that is inside a `with LOCK:` block holds LOCK. Which object a name
stands for in each process is not known (the same code may get its locks in another order), so
the words say where, not which. Standard library only.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path

from ipctutor.engine import stacks

OBSERVER_FILE = "sitecustomize.py"
OWNED = ("Lock", "RLock", "BoundedSemaphore")  # a Semaphore may be a signal one process gives


@dataclass(frozen=True)
class Wait:
    """Where a stuck process's main thread waits: the learner's line, the call it made there (the
    library's module and function, or "" and the name for a call written in C), and every line of
    the learner's file on its stack, innermost first."""

    line: int
    module: str
    func: str
    lines: tuple[int, ...]

    @property
    def for_a_lock(self) -> bool:
        return self.module in ("", "synchronize.py") and self.func in ("acquire", "__enter__")

    @property
    def in_sync(self) -> bool:
        """In an Event's or a Condition's wait (multiprocessing.synchronize)."""
        return self.module == "synchronize.py" and self.func in ("wait", "wait_for")


def waits(folder: str, path: Path) -> dict[int, Wait]:
    """PID -> where it waits, for every process of the run whose stack dump shows a line of the
    learner's file (the dumps practice_check.dump_stacks asked for)."""
    found: dict[int, Wait] = {}
    for dump in Path(folder).glob("*.dump"):
        try:
            pid, text = int(dump.stem), dump.read_text(errors="replace")
        except (OSError, ValueError):
            continue
        threads = stacks.parse_dump(text)
        if not threads:
            continue
        frames = threads[0]
        # a forked child's stack goes on below its start into the parent's (the start() that
        # forked it, the `with` around that): those lines are the parent's, not this process's
        began = next((i for i, f in enumerate(frames) if f.func == "_bootstrap"), len(frames))
        frames = frames[:began]
        mine = [i for i, f in enumerate(frames) if stacks.same_file(f.path, str(path))]
        if not mine or mine[0] == 0:  # not in the learner's code, or waiting in C called there
            continue
        first, lines = mine[0], tuple(frames[i].line for i in mine)
        inner = [f for f in reversed(frames[:first]) if os.path.basename(f.path) != OBSERVER_FILE]
        if inner:
            found[pid] = Wait(lines[0], os.path.basename(inner[0].path), inner[0].func, lines)
        else:  # the observer's wrapper of a call written in C (a lock's acquire)
            found[pid] = Wait(lines[0], "", frames[first - 1].func, lines)
    return found


@dataclass(frozen=True)
class Held:
    """A lock a process holds: the expression named in `with EXPR:`, and that line."""

    expr: str
    line: int


def held_at(tree: ast.Module, lines: tuple[int, ...]) -> list[Held]:
    """The locks the `with` blocks around these lines hold: `with lock:`, `with self.lock:`, not
    `with open(...)` or `with Pool() as pool` (a call makes something new, not a lock to hold)."""
    found: list[Held] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.With) or not node.body:
            continue
        inside = range(node.body[0].lineno, (node.end_lineno or node.lineno) + 1)
        if not any(line in inside for line in lines):
            continue
        for item in node.items:
            if not isinstance(item.context_expr, ast.Call):
                held = Held(ast.unparse(item.context_expr), node.lineno)
                if held not in found:
                    found.append(held)
    return sorted(found, key=lambda held: held.line)


def wanted_at(tree: ast.Module, line: int) -> list[str]:
    """What the statement at `line` acquires: the locks of a `with` written there, or the object
    whose acquire() it calls."""
    for node in ast.walk(tree):
        if isinstance(node, ast.With) and node.lineno == line:
            return [
                ast.unparse(item.context_expr)
                for item in node.items
                if not isinstance(item.context_expr, ast.Call)
            ]
    return [
        ast.unparse(node.func.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node, "lineno", None) == line
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "acquire"
    ]


@dataclass(frozen=True)
class LockHang:
    """How a lock holds the run (`how`: ended-holding, self, holds-and-waits or cycle): who waits
    for a lock and where, who holds one (running: the `with` blocks around where it waits), and
    for ended-holding, the kinds each ended process still held."""

    how: str
    waiters: dict[int, Wait]
    holding: dict[int, list[Held]] = field(default_factory=dict)
    holders_wait: dict[int, Wait] = field(default_factory=dict)  # where each holder waits
    ended: dict[int, list[str]] = field(default_factory=dict)


def lock_hang(
    where: dict[int, Wait], tree: ast.Module | None, ended_holding: dict[int, list[str]]
) -> LockHang | None:
    """The lock hang this stuck run shows, if it shows one: `where` from waits(), `ended_holding`
    PID -> the kinds of lock each ended process still held (the observer's held-at-exit)."""
    waiters = {pid: wait for pid, wait in where.items() if wait.for_a_lock}
    if not waiters:
        return None
    owned = {
        pid: sorted(set(kinds) & set(OWNED))
        for pid, kinds in ended_holding.items()
        if set(kinds) & set(OWNED)
    }
    if owned:
        return LockHang("ended-holding", waiters, ended=owned)
    if tree is None:
        return None
    holding = {pid: held for pid, wait in where.items() if (held := still_held(tree, wait))}
    for pid, wait in waiters.items():
        mine = holding.get(pid, [])
        # the same name held around it and wanted here, and nobody else holding a lock: the
        # one it waits for can only be its own
        if set(holding) == {pid} and {h.expr for h in mine} & set(wanted_at(tree, wait.line)):
            return LockHang("self", {pid: wait}, {pid: mine}, {pid: wait})
    elsewhere = {pid: held for pid, held in holding.items() if pid not in waiters}
    if elsewhere:
        return LockHang("holds-and-waits", waiters, elsewhere, {p: where[p] for p in elsewhere})
    if len(holding) >= 2:
        return LockHang("cycle", waiters, holding, {p: where[p] for p in holding})
    return None


def still_held(tree: ast.Module, wait: Wait) -> list[Held]:
    """The locks a stuck process holds where it waits; a Condition's wait() has let its own lock
    go until it wakes."""
    held = held_at(tree, wait.lines)
    if wait.in_sync:
        waiting_on = {
            ast.unparse(node.func.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node, "lineno", None) == wait.line
            and isinstance(node.func, ast.Attribute)
        }
        held = [h for h in held if h.expr not in waiting_on]
    return held
