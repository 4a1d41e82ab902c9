"""`ipctutor compare TOPIC`: one demo under fork, spawn and forkserver, side by side.

What differs is measured, not asserted: how long each took, whose PID each child's PPID is (the
parent, or under forkserver the fork server), and whether it worked. What cannot be measured on one
machine, the default start method elsewhere, comes from a table checked against the docs
(../shared/FACTS.md); this machine's entry is checked against multiprocessing itself.
"""

import platform
import sys
from typing import Annotated

import typer

from ipctutor.commands.completion import complete_topic
from ipctutor.commands.options import StartMethod, topic_list
from ipctutor.i18n import t

START_METHODS = tuple(method.value for method in StartMethod)  # in the order shown
PYTHON_RANGES = ("3.8–3.13", "3.14+")
# the default start method per platform and Python version (the multiprocessing docs, FACTS.md)
DEFAULTS = {
    "Linux": {"3.8–3.13": "fork", "3.14+": "forkserver"},  # and other POSIX systems
    "macOS": {"3.8–3.13": "spawn", "3.14+": "spawn"},
    "Windows": {"3.8–3.13": "spawn", "3.14+": "spawn"},
}


def this_platform() -> str:
    """This machine's row of DEFAULTS (every POSIX system but macOS starts children as Linux does)."""
    system = platform.system()
    return {"Darwin": "macOS", "Windows": "Windows"}.get(system, "Linux")


def this_python_range() -> str:
    return "3.14+" if sys.version_info >= (3, 14) else "3.8–3.13"


def ppid_kind(run, ppid: int | None) -> str:
    """Whose PID a child's PPID is: the parent's, the fork server's, or someone else's."""
    if ppid == run.parent_pid:
        return "parent"
    if run.start_method == "forkserver" and ppid is not None:
        return "fork server"
    return "other"


def run_summary(run, default_method: str) -> dict:
    """One start method's run as plain data: the --json shape, and what the tables show."""
    with run.lock:
        processes = [
            {"name": row.name, "role": row.role, "pid": row.pid, "ppid": row.ppid}
            for row in run.rows.values()
            if row.pid != run.parent_pid
        ]
    counts: dict[int | None, int] = {}
    for process in processes:
        counts[process["ppid"]] = counts.get(process["ppid"], 0) + 1
    return {
        "start_method": run.start_method,
        "available": True,
        "default_here": run.start_method == default_method,
        "outcome": run.outcome,
        "error": run.error,
        "elapsed_s": round(run.elapsed_s, 4),
        "parent_pid": run.parent_pid,
        "ppids": [
            {"ppid": ppid, "is": ppid_kind(run, ppid), "count": n} for ppid, n in counts.items()
        ],
        "processes": processes,
    }


class Interrupted(Exception):
    """A run ended by Ctrl-C (or SIGTERM, SIGHUP) with its children stopped: the line to say, said
    once the Rich status is off the screen (while it is on, sys.stderr is redirected to stdout)."""


def compare_runs(topic: str, workers: int, delay: float, timeout: float, on_start=None) -> dict:
    """Run the demo under each start method this platform has, one after another."""
    import multiprocessing

    available = multiprocessing.get_all_start_methods()  # the platform's default comes first
    runs = []
    try:
        for method in START_METHODS:
            runs.append(run_one(topic, method, available, workers, delay, timeout, on_start))
    except KeyboardInterrupt:  # between two runs: no child of ours is alive
        from ipctutor.engine.stopping import ended_by
        from ipctutor.i18n import interrupted_line

        raise Interrupted(t("program_line", line=interrupted_line(0, ended_by()))) from None
    return summary_of(topic, workers, delay, available[0], runs)


def run_one(
    topic: str,
    method: str,
    available: list[str],
    workers: int,
    delay: float,
    timeout: float,
    on_start,
) -> dict:
    """One run under one start method, summarized; Ctrl-C inside it stops and reaps its children."""
    from ipctutor.engine.watch import run_plain_demo as run_demo

    if method not in available:
        return {"start_method": method, "available": False, "default_here": False}
    if on_start:
        on_start(method)
    run = run_demo(topic, workers=workers, delay=delay, start_method=method, timeout=timeout)
    if run.outcome == "interrupted":
        from ipctutor.screen import render

        raise Interrupted(t("program_line", line=render.outcome_line(run)))
    return run_summary(run, available[0])


def summary_of(
    topic: str, workers: int, delay: float, default_method: str, runs: list[dict]
) -> dict:
    """Everything compare shows, as plain data (the --json object)."""
    table_says = DEFAULTS[this_platform()][this_python_range()]
    return {
        "topic": topic,
        "workers": workers,
        "delay": delay,
        "python": platform.python_version(),
        "platform": this_platform(),
        "default_start_method": default_method,
        "runs": runs,
        "defaults": DEFAULTS,
        "this_machine": {
            "platform": this_platform(),
            "python_range": this_python_range(),
            "table_says": table_says,
            "multiprocessing_says": default_method,
        },
    }


# ---------------------------------------------------------------- what each cell says


def cell_elapsed(run: dict, fastest: float) -> str:
    if not run["available"]:
        return t("compare_unavailable")
    ratio = run["elapsed_s"] / fastest if fastest > 0 else 1.0
    return f"{run['elapsed_s'] * 1000:.0f} ms  ({ratio:.1f}×)"


def cell_ppids(run: dict) -> str:
    if not run["available"]:
        return ""
    kinds = {
        "parent": t("compare_is_parent"),
        "fork server": t("compare_is_forkserver"),
        "other": t("compare_is_other"),
    }
    return "; ".join(f"{p['ppid']} = {kinds[p['is']]} ×{p['count']}" for p in run["ppids"]) or "-"


def cell_worked(run: dict) -> str:
    if not run["available"]:
        return ""
    if run["outcome"] == "ok":
        return t("compare_yes")
    return t("compare_no", error=run["error"] or run["outcome"])


def rows_of(data: dict) -> list[tuple[str, list[str]]]:
    """The side-by-side table: one row per thing compared, one column per start method."""
    runs = data["runs"]
    times = [r["elapsed_s"] for r in runs if r["available"]]
    fastest = min(times) if times else 0.0
    return [
        (t("compare_row_elapsed"), [cell_elapsed(r, fastest) for r in runs]),
        (t("compare_row_ppid"), [cell_ppids(r) for r in runs]),
        (t("compare_row_worked"), [cell_worked(r) for r in runs]),
        (t("compare_row_default"), ["✓" if r["default_here"] else "" for r in runs]),
    ]


def defaults_rows(data: dict) -> list[tuple[str, list[str]]]:
    here = data["this_machine"]
    rows = []
    for name, by_range in DEFAULTS.items():
        label = (
            t("titled", text=name, note=t("compare_this_machine"))
            if name == here["platform"]
            else name
        )
        cells = []
        for python_range in PYTHON_RANGES:
            mark = name == here["platform"] and python_range == here["python_range"]
            cells.append(by_range[python_range] + ("  ◀" if mark else ""))
        rows.append((label, cells))
    return rows


def notes(data: dict) -> list[str]:
    here = data["this_machine"]
    lines = [t("compare_why_fork"), t("compare_why_spawn"), t("compare_why_forkserver")]
    if here["table_says"] == here["multiprocessing_says"]:
        lines.append(
            t(
                "compare_verified",
                method=here["multiprocessing_says"],
                platform=here["platform"],
                version=data["python"],
            )
        )
    else:
        lines.append(
            t("compare_mismatch", table=here["table_says"], actual=here["multiprocessing_says"])
        )
    return lines


# ---------------------------------------------------------------- output


def print_plain(data: dict) -> None:
    """The same tables as lines of text, columns aligned by terminal width (Chinese cells are wide)."""
    print(t("compare_title", topic=data["topic"], workers=data["workers"], delay=data["delay"]))
    print_columns([""] + list(START_METHODS), rows_of(data))
    print(f"-- {t('compare_defaults_title')}")
    print_columns(
        [t("compare_platform")] + [f"Python {r}" for r in PYTHON_RANGES], defaults_rows(data)
    )
    print(f"-- {t('what_happened')}")
    for note in notes(data):
        print(note)
    sys.stdout.flush()


def print_columns(header: list[str], rows: list[tuple[str, list[str]]]) -> None:
    """A header and labelled rows, each column as wide as its widest cell, two spaces apart."""
    from ipctutor.screen.textwidth import cell_width, pad

    lines = [header] + [[label, *cells] for label, cells in rows]
    widths = [max(cell_width(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(pad(cell, width) for cell, width in zip(line, widths)).rstrip())


def print_rich(data: dict, console) -> None:
    from rich.panel import Panel
    from rich.table import Table

    table = Table(
        title=t("compare_title", topic=data["topic"], workers=data["workers"], delay=data["delay"]),
        title_justify="left",
    )
    table.add_column("")
    for run in data["runs"]:
        style = "bold" if run["default_here"] else ""
        table.add_column(run["start_method"], style=style)
    for label, cells in rows_of(data):
        table.add_row(label, *cells)
    console.print(table)
    defaults = Table(title=t("compare_defaults_title"), title_justify="left")
    defaults.add_column(t("compare_platform"))
    for python_range in PYTHON_RANGES:
        defaults.add_column(f"Python {python_range}")
    for label, cells in defaults_rows(data):
        defaults.add_row(label, *cells)
    console.print(defaults)
    console.print(Panel("\n".join(notes(data)), title=t("what_happened"), border_style="cyan"))


def compare(
    topic: Annotated[str, typer.Argument(help=topic_list(), autocompletion=complete_topic)],
    workers: Annotated[int, typer.Option("--workers", "-n", help=t("help_compare_workers"))] = 4,
    delay: Annotated[float, typer.Option("--delay", help=t("help_compare_delay"))] = 0.0,
    timeout: Annotated[float, typer.Option("--timeout", help=t("help_compare_timeout"))] = 30.0,
    json_output: Annotated[bool, typer.Option("--json", help=t("help_json"))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_plain_lines"))] = False,
) -> None:
    """Run a demo under fork, spawn and forkserver: time, each child's PPID, whether it worked.

    Example: ipctutor compare pipe --workers 4
    """
    from ipctutor.commands.options import MAX_WORKERS, bounded, known_topic, render_plain

    bounded("--workers", workers, 1, MAX_WORKERS)
    bounded("--delay", delay, 0, 60)
    bounded("--timeout", timeout, 0.1, 3600)
    topic = known_topic(topic)
    try:
        data = compare_and_print(topic, workers, delay, timeout, json_output, render_plain(plain))
    except Interrupted as exc:
        print(exc, file=sys.stderr, flush=True)
        raise typer.Exit(130) from None
    if any(r["available"] and r["outcome"] != "ok" for r in data["runs"]):
        raise typer.Exit(1)


def compare_and_print(
    topic: str, workers: int, delay: float, timeout: float, json_output: bool, plain: bool
) -> dict:
    if json_output:
        import json

        data = compare_runs(topic, workers, delay, timeout)
        print(json.dumps(data, ensure_ascii=False), flush=True)
    elif plain:
        data = compare_runs(topic, workers, delay, timeout)
        print_plain(data)
    else:
        from ipctutor.screen import render

        console = render.make_console(plain=False)
        with render.on_screen(console.status("")) as status:
            data = compare_runs(
                topic,
                workers,
                delay,
                timeout,
                on_start=lambda m: status.update(t("compare_running", method=m)),
            )
        print_rich(data, console)
    return data


def register(app: typer.Typer) -> None:
    app.command("compare", help=t("cmd_compare"))(compare)
