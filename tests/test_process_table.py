"""The Processes table at the width it is drawn in: what each process sent narrows first (cut
with "…"), so long process names stay readable, and the table never runs past the terminal."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.panel import Panel

from ipctutor.engine.run_record import DemoRun, ProcessRow
from ipctutor.screen.render import last_report, process_table

DASK = "Dask Worker process (from Nanny)"


def cluster_like_run() -> DemoRun:
    run = DemoRun(
        topic="cluster", start_method="fork", default_start_method="fork", workers=2, delay=0
    )
    run.rows[run.parent_pid] = ProcessRow(
        "MainProcess",
        "parent",
        run.parent_pid,
        1,
        "ok",
        reports=[
            ("cluster up", {"scheduler": "tcp://127.0.0.1:40891", "scheduler_pid": run.parent_pid})
        ],
    )
    for n, pid in enumerate((40001, 40002)):
        run.rows[pid] = ProcessRow(
            DASK,
            "dask worker",
            pid,
            run.parent_pid,
            "exited",
            0,
            reports=[("task", f"{n} * {n} = {n * n}")] * 2,
        )
    return run


def drawn(width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False)
    console.print(Panel(process_table(cluster_like_run()), title="Processes"))
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [120, 140])
def test_long_process_names_stay_on_one_line_where_the_terminal_has_room(width):
    lines = drawn(width)
    assert sum(DASK in line for line in lines) == 2, "\n".join(lines)
    assert all(len(line) <= width for line in lines)
    assert any("(×2)" in line for line in lines)  # the count is not what is cut


@pytest.mark.parametrize("width", [60, 80, 100])
def test_narrow_terminals_cut_the_last_column_first(width):
    lines = drawn(width)
    assert all(len(line) <= width for line in lines), "\n".join(lines)
    # what it sent is cut with "…", and at 100 columns that leaves the parent's name whole
    assert width < 100 or any("MainProcess" in line for line in lines), "\n".join(lines)
    assert any("cluster up" in line and "…" in line for line in lines), "\n".join(lines)


@pytest.mark.parametrize("lang, mark", [("en", "[executor worker]"), ("zh", "[执行器工作进程]")])
def test_a_worker_whose_name_does_not_say_it_is_marked_in_the_learner_s_language(lang, mark):
    """What the futures lesson says of ForkProcess-1: the panel marks it an executor worker."""
    from ipctutor.i18n import language, set_language

    run = DemoRun(
        topic="futures", start_method="fork", default_start_method="fork", workers=1, delay=0
    )
    run.rows[run.parent_pid] = ProcessRow("MainProcess", "parent", run.parent_pid, 1, "ok")
    run.rows[40001] = ProcessRow(
        "ForkProcess-1", "executor worker", 40001, run.parent_pid, "exited", 0
    )
    before = language()
    set_language(lang)
    try:
        out = io.StringIO()
        Console(file=out, width=100, color_system=None).print(process_table(run))
    finally:
        set_language(before)
    assert f"ForkProcess-1 {mark}" in out.getvalue(), out.getvalue()


def queue_like_run(start_method: str) -> DemoRun:
    """Ten children of one parent (under forkserver, children of the fork server), each sent one."""
    run = DemoRun(
        topic="queue", start_method=start_method, default_start_method="fork", workers=10, delay=0
    )
    run.rows[run.parent_pid] = ProcessRow(
        "MainProcess", "parent", run.parent_pid, 1, "ok", reports=[("received", ["hello", 9])]
    )
    ppid = run.parent_pid if start_method != "forkserver" else 4_000_000
    for n in range(10):
        run.rows[4_100_000 + n] = ProcessRow(
            f"child-{n}",
            "child",
            4_100_000 + n,
            ppid,
            "exited",
            0,
            reports=[("sent", ["hello", n])],
        )
    return run


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_at_80_columns_each_child_is_one_whole_line(lang, start_method):
    """Seven-digit PIDs (Linux allows 4,194,304) and the parent's note still leave every child's
    row on one line, its name and PIDs whole; the PPID's "(parent)" waits for a wider terminal."""
    from ipctutor.i18n import language, set_language

    before = language()
    set_language(lang)
    try:
        run = queue_like_run(start_method)
        out = io.StringIO()
        Console(file=out, width=80, color_system=None).print(Panel(process_table(run)))
        wide = io.StringIO()
        Console(file=wide, width=140, color_system=None).print(Panel(process_table(run)))
    finally:
        set_language(before)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines), out.getvalue()
    ppid = "4000000" if start_method == "forkserver" else str(run.parent_pid)
    for n in range(10):
        (line,) = [line for line in lines if f"child-{n} " in line]
        assert f" {4_100_000 + n} " in line and f" {ppid} " in line and "hello" in line, line
    assert any("MainProcess" in line for line in lines), out.getvalue()
    note = {"en": "(parent)", "zh": "父进程"}[lang] if start_method == "fork" else ""
    assert note in wide.getvalue(), wide.getvalue()


def test_the_reported_cell_shows_what_a_process_last_sent_or_received_before_its_joins():
    parent = ProcessRow(
        "MainProcess",
        "parent",
        100,
        1,
        "ok",
        reports=[("Process.start", "child-0"), ("received", ["hello", 0])]
        + [("received", ["hello", 1]), ("Process.join", "child-0"), ("Process.join", "child-1")],
    )
    assert last_report(parent) == 'received ["hello", 1]  (×2)'
    waiter = ProcessRow("child-0", "child", 101, 100, "exited", 0)
    waiter.reports = [("Condition.acquire", True), ("Condition.release", None)]
    assert last_report(waiter) == "Condition.release"  # no traffic: its last operation
