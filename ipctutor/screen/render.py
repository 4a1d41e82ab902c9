"""How a demo run looks: a Rich live panel, plain lines, or one JSON object.

The only module of `run` that imports Rich, and only when it draws something.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from contextlib import contextmanager
from typing import Any

from ipctutor.i18n import interrupted_line, language, t, word
from ipctutor.engine.run_record import DemoRun, ProcessRow, natural_key

STATE_STYLES = {
    "starting": "dim",
    "running": "yellow",
    "exited": "green",
    "ok": "green",
    "terminated": "cyan",
    "failed": "bold red",
    "stopped": "red",
    "timeout": "bold red",
    "interrupted": "red",
}


def use_plain(plain_flag: bool, stream=None) -> bool:
    """Plain lines when asked, when NO_COLOR is set, or when output is not a terminal."""
    stream = stream or sys.stdout
    return plain_flag or bool(os.environ.get("NO_COLOR")) or not stream.isatty()


def short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_text(row: ProcessRow) -> str:
    """A process's uncaught error, with where it was raised, in the learner's language."""
    if row.where is None:
        return row.error or ""
    file, line, func = row.where
    return t("error_where", error=row.error, file=file, line=line, func=func)


def report_text(what: str, detail: Any, limit: int = 60) -> str:
    """One thing a process did: a report word and its data, or an operation that raised."""
    if what == "raised" and isinstance(detail, dict):
        return t("op_raised", op=detail.get("op"), error=short(str(detail.get("error")), limit))
    return f"{word(what)} {short(detail, limit)}" if detail is not None else word(what)


def last_report(row: ProcessRow) -> str:
    """The row's one cell of what it did: its error; else what it last sent or received (a
    parent that joins its children after getting their results shows the results, not the
    join); else its last operation; else the last line it printed."""
    if row.error:
        return error_text(row)
    if not row.reports:  # a process that made no IPC call: what it printed last, if anything
        return t("printed_line", line=short(row.printed[-1].line, 200)) if row.printed else ""
    traffic = [report for report in row.reports if report[0] in ("sent", "received")]
    what, detail = (traffic or row.reports)[-1]
    count = sum(1 for w, _ in row.reports if w == what)
    text = report_text(what, detail)
    return f"{text}  (×{count})" if count > 1 else text


def ppid_label(run: DemoRun, row: ProcessRow) -> str:
    if row.ppid is None:
        return "?"
    if row.role == "parent":
        return str(row.ppid)
    if row.ppid == run.parent_pid:
        return t("in_parens", text=row.ppid, note=t("parent"))
    if run.start_method == "forkserver":
        return t("in_parens", text=row.ppid, note=t("compare_is_forkserver"))
    return str(row.ppid)


def ppid_cell(run: DemoRun, row: ProcessRow) -> str:
    """The PPID in the process table, and whose it is, on one line (where that does not fit, the
    table is drawn compact, with bare PPIDs: FittedTable)."""
    if row.ppid is None or row.role == "parent":
        return ppid_label(run, row)
    if row.ppid == run.parent_pid:
        return t("in_parens", text=row.ppid, note=t("parent"))
    if run.start_method == "forkserver":
        return t("in_parens", text=row.ppid, note=t("ppid_forkserver_short"))
    return str(row.ppid)


def sorted_rows(run: DemoRun) -> list[ProcessRow]:
    """The parent first, then each role's processes in number order (child-2 before child-10)."""
    return sorted(
        run.rows.values(), key=lambda row: (row.role != "parent", row.role, natural_key(row.name))
    )


def state_counts(run: DemoRun) -> str:
    counts = Counter(row.state for row in run.children)
    return t("separator").join(f"{word(state)} {n}" for state, n in sorted(counts.items()))


def start_method_line(run: DemoRun) -> str:
    if run.start_method == run.default_start_method:
        return t("in_parens", text=run.start_method, note=t("default_marker"))
    return t(
        "in_parens", text=run.start_method, note=t("not_default", default=run.default_start_method)
    )


def forkserver_note(run: DemoRun) -> str | None:
    ppids = run.foreign_ppids
    if run.start_method != "forkserver" or not ppids:
        return None
    return t("forkserver_note", ppids=", ".join(map(str, sorted(ppids))), parent=run.parent_pid)


# ---------------------------------------------------------------- JSON


def run_as_json(run: DemoRun) -> str:
    """The whole run as one JSON object (the --json contract)."""
    return json.dumps(run_as_dict(run), ensure_ascii=False, default=repr)


def run_as_dict(run: DemoRun) -> dict:
    """What run_as_json writes, before it is written: taken under the run's lock."""
    with run.lock:
        return {
            "topic": run.topic,
            "start_method": run.start_method,
            "default_start_method": run.default_start_method,
            "workers": run.workers,
            "delay": run.delay,
            "parent_pid": run.parent_pid,
            "outcome": run.outcome,
            "error": run.error,
            "failure": run.failure,  # the kind of failure, as data: processes_failed, ...
            "stopped": run.stopped,
            "processes": [
                {
                    "name": row.name,
                    "role": row.role,
                    "pid": row.pid,
                    "ppid": row.ppid,
                    "state": row.state,
                    "exitcode": row.exitcode,
                    "error": error_text(row) if row.error else None,
                    "where": list(row.where) if row.where else None,
                    "reports": [{"what": w, "detail": d} for w, d in row.reports],
                    "marks": marks_as_list(run, row),
                    **observed_as_dict(run, row),
                }
                for row in sorted_rows(run)
                if row.role != "parent"
            ],
            "parent_marks": marks_as_list(run, run.rows[run.parent_pid]),
            "parent": observed_as_dict(run, run.rows[run.parent_pid]),
            "output": run.output,
            "clock": MARKS_CLOCK,
            "results": run.results,
            "elapsed_s": round(run.elapsed_s, 4),
        }


MARKS_CLOCK = (
    "marks: t_s is seconds since the parent called the demo's run(), on time.monotonic() "
    "(CLOCK_MONOTONIC, one clock for every process); by 'self': the process measured it, "
    "by 'parent': the parent's monitor saw it from outside"
)


def observed_as_dict(run: DemoRun, row: ProcessRow) -> dict:
    """What the observer saw a process do: its IPC operations (`count` > 1: a run of the same
    call, `first` its first data), the lines it printed, its traceback."""
    ops = []
    for op in row.ops:
        entry = {
            "op": op.op,
            "data": op.data,
            "t_s": round(op.at - run.started_at, 6),
            "began_s": round(op.began - run.started_at, 6),
        }
        if op.count > 1:
            entry.update(count=op.count, first=op.first)
        if op.error is not None:
            entry["error"] = op.error
        ops.append(entry)
    return {"ops": ops, "printed": [line.line for line in row.printed], "traceback": row.traceback}


def marks_as_list(run: DemoRun, row: ProcessRow) -> list[dict]:
    """A process's marks in time order, each `t_s` seconds after the run started (to the µs)."""
    marks = []
    for mark in sorted(row.marks, key=lambda m: m.at):
        entry = {"what": mark.what, "t_s": round(mark.at - run.started_at, 6), "by": mark.by}
        if mark.detail is not None:
            entry["detail"] = mark.detail
        marks.append(entry)
    return marks


# ---------------------------------------------------------------- plain lines


def plain_row(run: DemoRun, row: ProcessRow) -> str:
    code = "" if row.exitcode is None else f"  {t('exit_code')} {row.exitcode}"
    report = last_report(row)
    return (
        f"{row.name:>14}  pid {row.pid}  ppid {ppid_label(run, row)}  {word(row.state)}{code}"
        + (f"  {report}" if report else "")
    )


def event_line(run: DemoRun, row: ProcessRow, what: str) -> str | None:
    """One line for one thing that happened to one process."""
    who = f"{row.name:>14}  pid {row.pid}"
    if what == "started":
        return f"{who}  {word('started')}"
    if what == "running":
        return f"{who}  {word('running')}{t('separator')}ppid {ppid_label(run, row)}"
    if what == "failed":
        return f"{who}  {t('state_and_error', state=word('failed'), error=error_text(row))}"
    if what == "exited":
        state = word(row.state)
        if row.exitcode is None:
            return f"{who}  {state}"
        code = f"{t('exit_code')} {row.exitcode}"
        return f"{who}  {t('in_parens', text=state, note=code)}"
    if what == "done":
        return None  # the exit that follows says it
    if what == "printed":  # a line the process wrote itself, as it wrote it
        return f"{who}  {t('printed_line', line=row.printed[-1].line)}" if row.printed else None
    detail = row.reports[-1][1] if row.reports else None
    return f"{who}  {report_text(what, detail, 200)}"


LIFE = ("started", "running", "failed", "exited", "done", "printed")  # the rest are IPC operations
OPS_SHOWN = 20  # per process: a loop of 20,000 locked writes would print 60,000 lines


class PlainPrinter:
    """Prints one line per thing that happens, as it happens: for logs, pipes and NO_COLOR.
    Each process's first OPS_SHOWN operations are printed, then one line says the rest are not."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.started = False
        self.ops: Counter = Counter()  # operations seen, by process

    def header(self, run: DemoRun) -> str:
        return t(
            "plain_header",
            topic=run.topic,
            method=start_method_line(run),
            pid=run.parent_pid,
            workers=run.workers,
        )

    def __call__(self, run: DemoRun, row: ProcessRow, what: str) -> None:
        with run.lock:
            line = event_line(run, row, what)
            if what not in LIFE:
                self.ops[row.pid] += 1
                if self.ops[row.pid] > OPS_SHOWN:
                    line = None
                    if self.ops[row.pid] == OPS_SHOWN + 1:
                        line = (
                            f"{row.name:>14}  pid {row.pid}  {t('plain_ops_elided', n=OPS_SHOWN)}"
                        )
            if not self.started:  # the run's first event: say what is running first
                self.started = True
                line = self.header(run) + ("\n" + line if line else "")
        if line:
            print(line, file=self.stream, flush=True)

    def final(self, run: DemoRun, after_run: str | None, timeout: float | None = None) -> None:
        out = self.stream
        print(f"-- {t('processes_title')}", file=out)
        for row in sorted_rows(run):
            print(plain_row(run, row), file=out)
        note = forkserver_note(run)
        if note:
            print(note, file=out)
        if run.results is not None:
            print(f"-- {t('results_title')}", file=out)
            results = run.results
            for item in results.items() if isinstance(results, dict) else results:
                print(f"   {as_python(item, 200)}", file=out)
        if after_run and run.outcome == "ok":
            print(f"-- {t('what_happened')}", file=out)
            print(after_run.strip(), file=out)
        print(outcome_line(run, timeout), file=out, flush=True)


def outcome_line(run: DemoRun, timeout: float | None = None) -> str:
    if run.outcome == "ok":
        return t("outcome_ok", elapsed=run.elapsed_s)
    if run.outcome == "timeout":
        return t(
            "outcome_timeout",
            timeout=timeout if timeout is not None else run.elapsed_s,
            names=t("list_separator").join(run.stopped) or t("nobody"),
        )
    if run.outcome == "interrupted":
        from ipctutor.engine.stopping import ended_by

        return interrupted_line(len(run.stopped), ended_by())
    return t("outcome_failed", error=failure_text(run))


def failure_text(run: DemoRun) -> str:
    """Why the run failed, in the learner's language: the engine gives the kind of failure as data
    (run.failure), and the error of a process with where it was raised."""
    if run.failure == "processes_failed":
        failed = sum(1 for row in run.children if row.state == "failed")
        return t("process_failed") if failed == 1 else t("processes_failed", n=failed)
    if run.failure == "parent_stranded":
        return t("parent_stranded")
    if run.failure == "exit_code":
        return t("script_exit_code", code=run.exitcode)
    parent = run.rows.get(run.parent_pid)
    if run.failure == "parent_error" and parent is not None and parent.error:
        return error_text(parent)
    return run.error or ""


# ---------------------------------------------------------------- Rich


def printed_renderable(run: DemoRun):
    """What the parent printed after its first line, when it got no result to show: the logging
    demo's records, which its listener thread writes (the Queue traffic is logging's own)."""
    from rich.console import Group
    from rich.text import Text

    parent = run.rows.get(run.parent_pid)
    lines = [p.line for p in parent.printed[1:]] if parent is not None else []
    if not lines:
        return None
    shown = Text("\n".join(lines[:SHOWN_PRINTED]))
    more = len(lines) - SHOWN_PRINTED
    return Group(shown, Text(t("more_rows", n=more))) if more > 0 else shown


SHOWN_PRINTED = 24  # lines of the parent's output shown when it got no result; --json has them all
SHOWN_RESULTS = 64  # items of a list result shown in the panel; --json has them all


def as_python(value: Any, limit: int = 120) -> str:
    """A value the parent got as Python writes it (what the script itself would print: a list
    ['hello', 0], not JSON's ["hello",0]); text as it is."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def results_text(results) -> str:
    """What the parent got, compactly: a dict one key a line, a list as a wrapped paragraph."""
    if isinstance(results, dict):
        return "\n".join(f"{key}: {as_python(value, 300)}" for key, value in results.items())
    if isinstance(results, list):
        items = [as_python(item) for item in results[:SHOWN_RESULTS]]
        more = len(results) - SHOWN_RESULTS
        return "   ".join(items) + (f"\n{t('more_rows', n=more)}" if more > 0 else "")
    return short(results, 2000)


def results_renderable(results):
    """The results panel's body: a list's items in columns, none broken across two lines."""
    from rich.columns import Columns
    from rich.console import Group
    from rich.text import Text  # plain text: a result such as "ipctutor[cluster]" is no markup

    if not isinstance(results, list):
        return Text(results_text(results))
    items = Columns([Text(as_python(item)) for item in results[:SHOWN_RESULTS]], padding=(0, 3))
    more = len(results) - SHOWN_RESULTS
    return Group(items, Text(t("more_rows", n=more))) if more > 0 else items


REPORTED_WIDTH = 50  # the last column, cut with "…" at most this wide
REPORTED_MIN = 24  # and at least this wide, before the other columns give up room
REPORTED_COMPACT_MIN = 12  # in the compact table (80 columns), where names must stay whole


def process_table(run: DemoRun, max_rows: int | None = None):
    """The Processes table, fitted to the width it is drawn in (see FittedTable)."""
    return FittedTable(run, max_rows)


class FittedTable:
    """Drawn at the width it gets: the last column (what each sent and received, cut with "…")
    narrows first, so that process names ("Dask Worker process (from Nanny)") and PPIDs stay whole
    instead of being squeezed into a narrow first column."""

    def __init__(self, run: DemoRun, max_rows: int | None):
        self.run, self.max_rows = run, max_rows

    def __rich_console__(self, console, options):
        from rich.measure import Measurement

        def width(table) -> int:  # unsqueezed
            return Measurement.get(console, options.update_width(10_000), table).maximum

        with self.run.lock:  # drawn when Live redraws, while the monitor thread updates the rows
            table, least = build_process_table(self.run, self.max_rows), REPORTED_MIN
            table.columns[-1].max_width = REPORTED_MIN
            if width(table) > options.max_width:  # too wide even so (80 columns): compact
                table = build_process_table(self.run, self.max_rows, compact=True)
                least = REPORTED_COMPACT_MIN
            reported = table.columns[-1]
            reported.max_width = 1
            others = width(table) - 1  # every column but the last, unsqueezed
            reported.max_width = max(least, min(REPORTED_WIDTH, options.max_width - others))
        yield table


def names_its_role(row: ProcessRow) -> bool:
    """ "Dask Worker process" is a dask worker and ForkPoolWorker-1 a pool worker: no [role] mark."""
    return row.role.replace(" ", "") in row.name.lower().replace(" ", "")


def build_process_table(run: DemoRun, max_rows: int | None, compact: bool = False):
    """compact: each PPID bare (the parent's PID is in the first row; a forkserver run says whose
    the other PPID is below the table), so that at 80 columns a child's row is one line."""
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=False, pad_edge=False)
    table.add_column(t("process"), no_wrap=language() == "zh")  # a name is never cut (noted_cell)
    table.add_column("PID", justify="right")
    table.add_column("PPID", min_width=len("PPID"))  # never "PP…"
    table.add_column(t("state"))
    table.add_column(t("exit_code"), justify="right")
    table.add_column(t("reported"), overflow="ellipsis", no_wrap=True, max_width=REPORTED_WIDTH)
    rows = sorted_rows(run)
    hidden = 0
    if max_rows is not None and len(rows) > max_rows:
        # keep the parent, the failures, and the most active rows in view
        hidden = len(rows) - max_rows
        rows = rows[:max_rows]
    for row in rows:
        name = (
            t("noted_cell", text=row.name, note=t("parent")) if row.role == "parent" else row.name
        )
        if compact and row.role == "parent":  # "(parent)" under the name, not beside it
            name = f"{row.name}\n{t('in_parens', text='', note=t('parent')).strip()}"
        if row.role not in ("parent", "child") and not names_its_role(row):
            name = f"{row.name} [{word(row.role)}]"
        table.add_row(
            Text(name, style="bold" if row.role == "parent" else ""),
            str(row.pid),
            "?" if row.ppid is None else str(row.ppid) if compact else ppid_cell(run, row),
            Text(word(row.state), style=STATE_STYLES.get(row.state, "")),
            "" if row.exitcode is None else str(row.exitcode),
            Text(last_report(row), style="red" if row.error else ""),
        )
    if hidden:
        table.caption = t("more_rows", n=hidden)
    return table


def run_live(topic: str, options: dict, after_run: str | None) -> DemoRun:
    """Run a demo (watch.run_plain_demo's options) under a live panel, then draw the final panels."""
    from functools import partial

    from ipctutor.engine.watch import run_plain_demo as run_demo

    console = make_console(plain=False)
    result = watch_live(console, partial(run_demo, topic, **options))
    if result.outcome != "interrupted":
        final_panels(result, console, after_run, options["timeout"])
    return result


def watch_live(console, start, title: str | None = None, above=None) -> DemoRun:
    """`start(on_change=...)` under a live panel that redraws as children start, report and exit;
    keys typed meanwhile are swallowed, and the panel goes when the run ends. `above(run)`, if
    given, is drawn over the panel at each redraw (a pitfall's own view of the run)."""
    from rich.live import Live

    from ipctutor.screen.pager import Cropped
    from ipctutor.screen.prompts import keys_ignored

    view = PendingView(console, title, above)
    with (
        keys_ignored(),
        on_screen(Live(Cropped(view), console=console, refresh_per_second=8, transient=True)),
    ):
        return start(on_change=view.seen)


@contextmanager
def on_screen(live):
    """A Rich Live or status on the screen for a with-block, started and stopped with Ctrl-C (and
    SIGTERM, SIGHUP) held back. While it is on, sys.stdout and sys.stderr are redirected into the
    console; cut half-way through its start or stop, they stayed so, and the one line an
    interruption ends with went to stdout."""
    from ipctutor.engine.stopping import EndingsHeld

    try:
        with EndingsHeld():
            shown = live.__enter__()
        yield shown
    finally:
        with EndingsHeld():
            live.__exit__(None, None, None)


class PendingView:
    """What Live redraws: nothing until the run's first process shows, then its LiveView."""

    def __init__(self, console, title: str | None = None, above=None):
        self.run: DemoRun | None = None
        self.console, self.title, self.above = console, title, above

    def seen(self, run: DemoRun, row, what) -> None:
        """The runner's on_change: the first call hands over the run to draw."""
        if self.run is None:
            self.run = run

    def __rich__(self):
        if not self.run:
            return ""
        view = LiveView(self.run, self.console, self.title)
        if self.above is None:
            return view
        from rich.console import Group

        with self.run.lock:
            return Group(self.above(self.run), view)


class LiveView:
    """What Rich's Live redraws a few times a second while the demo runs."""

    def __init__(self, run: DemoRun, console, title: str | None = None):
        self.run_state, self.console, self.title = run, console, title

    def __rich__(self):
        import time

        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        run = self.run_state
        with run.lock:
            elapsed = time.monotonic() - run.started_at
            header = Text.assemble(
                (t("labelled", label=t("start_method"), value=""), "dim"),
                start_method_line(run),
                ("   " + t("labelled", label=f"{t('parent')} PID", value=""), "dim"),
                str(run.parent_pid),
                ("   " + t("labelled", label=t("elapsed"), value=""), "dim"),
                t("seconds", seconds=elapsed),
            )
            counts = Text(
                t("summary_counts", n=len(run.children), counts=state_counts(run)), style="dim"
            )
            room = max(5, self.console.size.height - 10)
            table = process_table(run, max_rows=room)
        return Panel(
            Group(header, counts, table),
            title=self.title or t("live_title", topic=run.topic),
            border_style="blue",
        )


def make_console(plain: bool, stderr: bool = False):
    from rich.console import Console

    from ipctutor.screen.textwidth import wrap_chinese_in_rich

    wrap_chinese_in_rich()  # Chinese lines break between characters, not only at spaces

    return Console(
        stderr=stderr,
        no_color=plain,
        highlight=False,
        soft_wrap=False,
        force_terminal=None if not plain else False,
    )


def final_panels(
    run: DemoRun, console, after_run: str | None, timeout: float | None, printed: bool = True
) -> None:
    """The table, the results (or, with `printed`, what the parent printed), what happened, the
    outcome. `watch` shows a script's whole output itself: printed=False."""
    from rich.markdown import Markdown
    from rich.panel import Panel

    console.print(
        Panel(
            process_table(run, max_rows=40),
            title=t("processes_title"),
            subtitle=t("labelled", label=t("start_method"), value=start_method_line(run)),
            border_style="blue",
        )
    )
    note = forkserver_note(run)
    if note:
        console.print(Panel(note, border_style="yellow"))
    if run.results is not None:
        console.print(
            Panel(results_renderable(run.results), title=t("results_title"), border_style="green")
        )
    elif printed and (lines := printed_renderable(run)):
        console.print(Panel(lines, title=t("printed_title"), border_style="green"))
    if after_run and run.outcome == "ok":
        console.print(Panel(Markdown(after_run), title=t("what_happened"), border_style="cyan"))
    style = "green" if run.outcome == "ok" else "bold red"
    console.print(outcome_line(run, timeout), style=style)
