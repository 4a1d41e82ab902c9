"""`ipctutor practice`: the learner edits an exercise in their own editor; every save is checked.

A watcher thread (watchfiles) watches the exercise's folder, so an editor that writes a temporary
file and renames it over the old one is seen like one that writes in place. The main thread reads
single keys (h hint, s solution, c check now, n next, q leave) and runs the checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import select
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from ipctutor.i18n import t

if TYPE_CHECKING:  # types only: the screen imports none of these when it starts
    from rich.console import Console

    from ipctutor.content.exercises import Exercise
    from ipctutor.engine.practice_check import CheckReport

SOLUTION_AFTER = 3  # failed checks before the solution may be shown on request


@dataclass
class Practice:
    """One exercise being practised, and everything the screen talks to."""

    exercise: Exercise
    path: Path  # the learner's file
    original: Path  # the exercise as shipped: checks of an untouched file are not counted
    solution: Path
    lang: str
    console: Console
    check: Callable[[Path], CheckReport]
    save: Callable[
        [str, bool], dict[str, Any] | None
    ]  # the exercise's progress record, or None if not kept
    failed_checks: int = 0
    passed: bool = False
    hints_shown: int = 0
    last_checked: str | None = field(default=None)
    # called with the exercise's name when the solution was asked for before a pass
    needed_solution: Callable[[str], None] | None = None
    doctor_told: bool = False  # the pointer to `ipctutor doctor`, once a session
    rerun: str | None = None  # `ipctutor practice --check NAME`: a failing run's command starts so


def show_task(p: Practice, fresh: bool) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel

    e = p.exercise
    p.console.print()
    p.console.rule(
        t("titled", text=f"[bold]{escape(e.title.get(p.lang))}[/]", note=f"{e.name}, {e.topic}"),
        style="blue",
    )
    p.console.print(
        t("practice_wrote" if fresh else "practice_yours", path=p.path), highlight=False
    )
    p.console.print(
        Panel(Markdown(e.task.get(p.lang)), title=t("practice_task"), border_style="blue")
    )
    p.console.print(
        t("practice_how", methods=", ".join(e.start_methods), runs=e.runs), highlight=False
    )


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def run_check(p: Practice) -> bool:
    """Check the learner's file as it is now, show the evidence and the verdict, keep progress."""
    p.last_checked = digest(p.path)
    if p.last_checked is None:
        p.console.print(t("practice_file_gone", path=p.path), style="yellow", highlight=False)
        return False
    p.console.print(t("practice_checking"), style="dim", highlight=False)
    report = p.check(p.path)
    for line in report.lines(p.rerun):
        p.console.print(escape(line), highlight=False)
    untouched = p.path.read_bytes() == p.original.read_bytes()
    record = None if untouched else p.save(p.exercise.name, report.passed)
    if report.passed:
        p.console.print(t("practice_passed"), style="bold green", highlight=False)
        if not p.passed:
            p.passed = True
            show_solution(p)
        p.console.print(t("practice_keys_passed"), style="dim", highlight=False)
        return True
    if not untouched:  # counted across sessions when progress is kept
        p.failed_checks = record["failed_checks"] if record else p.failed_checks + 1
    p.console.print(t("practice_failed"), style="bold red", highlight=False)
    if not p.doctor_told:  # the same trouble in their own code: doctor finds it there
        p.doctor_told = True
        p.console.print(t("practice_doctor_hint"), style="dim", highlight=False)
    if not untouched and p.failed_checks == SOLUTION_AFTER:
        p.console.print(t("practice_solution_ready"), highlight=False)
    p.console.print(t("practice_keys"), style="dim", highlight=False)
    return False


def show_hint(p: Practice) -> None:
    hints = p.exercise.hints
    if p.hints_shown >= len(hints):
        p.console.print(t("practice_no_more_hints"), highlight=False)
        return
    p.hints_shown += 1
    p.console.print(
        t(
            "practice_hint",
            n=p.hints_shown,
            of=len(hints),
            hint=escape(hints[p.hints_shown - 1].get(p.lang)),
        ),
        highlight=False,
    )


def solution_diff(yours: Path, solution: Path) -> str:
    """A unified diff from the learner's file to the solution."""
    import difflib

    mine = yours.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    theirs = solution.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(
            mine, theirs, fromfile=f"yours/{yours.name}", tofile=f"solution/{solution.name}"
        )
    )


def show_solution(p: Practice) -> None:
    from rich.syntax import Syntax

    diff = solution_diff(p.path, p.solution)
    if not diff:
        p.console.print(t("practice_same_as_solution"), highlight=False)
        return
    p.console.print(t("practice_solution_title", path=p.solution), highlight=False)
    p.console.print(Syntax(diff, "diff", theme="ansi_dark", background_color="default"))


@contextlib.contextmanager
def single_keys():
    """Keys arrive one at a time without Enter; Ctrl-C still interrupts (cbreak keeps ISIG).
    Switched at once (TCSANOW), not after flushing: a key typed while the first check ran, or
    just before, is read, not thrown away (setcbreak's default, TCSAFLUSH, discards it)."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def stat_of(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is saved (its time, size, inode), or None if it is not there."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def watch_saves(path: Path, saves: queue.Queue, stop: threading.Event) -> threading.Thread:
    """A thread that puts True on `saves` whenever the file is written, replaced or recreated."""
    from watchfiles import Change, watch

    def loop():
        for changes in watch(path.parent, stop_event=stop, debounce=150, step=50, recursive=False):
            if any(
                Path(where).name == path.name and kind != Change.deleted for kind, where in changes
            ):
                saves.put(True)

    thread = threading.Thread(target=loop, name="ipctutor-watch", daemon=True)
    thread.start()
    return thread


def practise(p: Practice, fresh: bool) -> str:
    """Watch one exercise until the learner leaves: returns next (n after a pass) or left (q)."""
    show_task(p, fresh)
    run_check(p)
    saves: queue.Queue = queue.Queue()
    stop = threading.Event()
    watcher = watch_saves(p.path, saves, stop)
    looked = None  # the file's stat when last looked at: None, so the first look compares
    settling = False  # its stat changed at the last look: act once it has stayed so for a look
    try:
        with single_keys() as fd:
            # said once keys are read one by one: a key pressed after it is never echoed or lost
            p.console.print(t("practice_watching", path=p.path), style="dim", highlight=False)
            while True:
                ready, _, _ = select.select([fd], [], [], 0.1)
                key = os.read(fd, 1).decode("utf-8", "replace").lower() if ready else ""
                if not key:
                    # the watcher's word, or the file's stat: a save made before the watcher was
                    # armed (or where the file system sends no events) is seen all the same, once
                    # the stat has held still for a look (not half-way through an editor's write)
                    changed = not saves.empty()
                    while not saves.empty():
                        saves.get_nowait()
                    now = stat_of(p.path)
                    if now != looked:
                        looked, settling = now, True
                    elif settling:
                        changed, settling = True, False
                    if changed and digest(p.path) != p.last_checked:
                        p.console.print(t("practice_saved"), style="dim", highlight=False)
                        run_check(p)
                    continue
                if key == "q":
                    return "left"
                if key == "h":
                    show_hint(p)
                elif key == "c":
                    run_check(p)
                elif key == "s":
                    if p.passed or p.failed_checks >= SOLUTION_AFTER:
                        if not p.passed and p.needed_solution is not None:
                            p.needed_solution(p.exercise.name)  # it comes back in `ipctutor review`
                        show_solution(p)
                    else:
                        p.console.print(
                            t("practice_solution_later", n=SOLUTION_AFTER - p.failed_checks),
                            highlight=False,
                        )
                elif key == "n" and p.passed:
                    return "next"
    finally:
        stop.set()
        watcher.join(timeout=2)
