"""What the practice exercises' hints say the check shows, run for real.

A hint such as "the check shows the children have ended, yet the parent still waits in wait()"
is a statement about the shipped file: each test checks the shipped file once under every start
method the exercise names (the same check `ipctutor practice` runs) and finds in its report what
the hint says. The stories are deterministic (a process waits for something that never comes: the
run's watchdog only ends it); nothing is timed.
"""

from __future__ import annotations

import re

import pytest

from helpers import ROOT
from ipctutor.content.exercises import load_course
from ipctutor.engine.practice_check import check

COURSE = load_course(ROOT / "exercises")
pytestmark = [pytest.mark.stress, pytest.mark.timeout(600)]


def story(name: str) -> list[str]:
    """The check's report of the shipped file: one run under each start method it names."""
    exercise = COURSE.find(name)
    assert exercise is not None, name
    report = check(COURSE.broken(exercise), exercise.spec("en"), runs=1, parallel=2)
    assert not report.passed, report.lines()
    return report.lines()


def where(lines: list[str]) -> list[str]:
    """Where each process was, one line each ('the parent (pid N): ...', 'child K (pid N): ...')."""
    process = re.compile(r"\s+(the parent|child \d+) \(pid \d+\)")
    return [line.strip() for line in lines if process.match(line)]


def test_lock_early_return_one_child_ended_holding_the_lock_the_others_wait_in_acquire():
    lines = story("lock-early-return")
    assert "stuck in" in lines[0], "\n".join(lines)
    processes = where(lines)
    assert any(p.endswith("had already ended") for p in processes if p.startswith("child")), (
        "\n".join(lines)
    )
    waiting = [p for p in processes if p.startswith("child") and "lock.acquire()" in p]
    assert waiting, "\n".join(lines)  # the others wait for a lock that a dead child took with it


def test_joinablequeue_workers_wait_for_numbers_and_the_parent_in_join():
    lines = story("joinablequeue-task-done")
    processes = where(lines)
    assert any(p.startswith("the parent") and "tasks.join()" in p for p in processes), "\n".join(
        lines
    )
    children = [p for p in processes if p.startswith("child")]
    assert children and all("waits in get()" in p for p in children), "\n".join(lines)


def test_sync_barrier_parties_one_process_is_left_waiting_in_barrier_wait():
    lines = story("sync-barrier-parties")
    processes = where(lines)
    assert "stuck in" in lines[0], "\n".join(lines)
    # under each start method one process, the parent or a child, is the one left over
    runs = len([line for line in lines if line.lstrip().startswith("the parent (pid")])
    assert sum("barrier.wait()" in p for p in processes) == runs, "\n".join(lines)


def test_connection_kept_end_children_ended_and_the_parent_waits_in_wait():
    lines = story("connection-kept-end")
    processes = where(lines)
    assert all(p.endswith("had already ended") for p in processes if p.startswith("child")), (
        "\n".join(lines)
    )
    assert any(p.startswith("the parent") and "waits in wait()" in p for p in processes), "\n".join(
        lines
    )


def test_pool_async_after_with_the_parent_waits_in_get_after_the_pool_is_gone():
    lines = story("pool-async-after-with")
    processes = where(lines)
    assert any(p.startswith("the parent") and "waits in get()" in p for p in processes), "\n".join(
        lines
    )
    assert all(p.endswith("had already ended") for p in processes if p.startswith("child")), (
        "\n".join(lines)
    )


def test_shared_memory_unlink_the_check_quotes_the_resource_tracker():
    lines = story("shared-memory-unlink")
    assert "the resource tracker found 1 shared_memory block never unlinked (leaked)" in lines[0]
