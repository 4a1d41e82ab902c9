"""`run TOPIC --timeline`: every process's life on one time axis, drawn after the run.

One row per process (the parent first): a thick line while the process itself said it was
running, a thin one while the parent saw it alive, a mark for each message. The layout is plain
text (stdlib only, CJK-aware through textwidth); Rich only colours the same cells.
"""

from __future__ import annotations

import bisect
import shutil
from dataclasses import dataclass, field

from ipctutor.engine.run_record import DemoRun, Mark, ProcessRow
from ipctutor.i18n import t
from ipctutor.screen.render import sorted_rows
from ipctutor.screen.textwidth import cell_width, pad

SELF_LINE, PARENT_LINE, EMPTY = "━", "─", " "
SEEN, EXITED = "├", "┤"
SENT, RECEIVED, OTHER, FAILED = "●", "◆", "•", "✗"
GIVING = ("sent", "put", "wrote", "said", "added", "task")  # a report of something given out
QUIET = ("running", "done", "started", "finished")  # where the thick line starts and ends

# When two marks fall into one column, the higher one is drawn: a message over any other operation
# (a join, a lock), so that no message is hidden by the bookkeeping around it.
PRIORITY = {
    EMPTY: 0,
    PARENT_LINE: 1,
    SELF_LINE: 2,
    SEEN: 3,
    EXITED: 4,
    OTHER: 5,
    RECEIVED: 6,
    SENT: 6,
    FAILED: 7,
}
STYLES = {
    SELF_LINE: "yellow",
    PARENT_LINE: "dim",
    SEEN: "cyan",
    EXITED: "cyan",
    SENT: "bold green",
    RECEIVED: "bold magenta",
    OTHER: "bold blue",
    FAILED: "bold red",
}
MAX_ROWS = 40  # a run of 256 workers: the rest is in --json and --trace
LABEL_MAX = 30
MIN_BAR = 10
QUIET_SHARE = 12  # a stretch longer than 1/12 of the run with nothing in it is drawn that long
GAP = "≈"  # on the ruler, where a quiet stretch was drawn shorter


def glyph_of(mark: Mark) -> str | None:
    """The mark drawn for one moment, or None where only the line shows it."""
    if mark.by == "parent":
        return SEEN if mark.what == "seen" else EXITED if mark.what == "exited" else None
    if mark.what == "failed":
        return FAILED
    if mark.what == "received":
        return RECEIVED
    if mark.what in GIVING:
        return SENT
    return None if mark.what in QUIET else OTHER


@dataclass
class Axis:
    """Seconds on the run's clock (time.monotonic) to columns 0..width-1 of the bar.

    Linear when nothing is squeezed. A run that sleeps one second and then does everything in
    ten milliseconds would draw every send, receive and exit in its last two columns: `knots`
    (seconds after the start -> column, increasing) then draw each quiet stretch 1/QUIET_SHARE
    of the width long, and give the moments where something happened the room."""

    start: float
    span: float  # seconds from the run's start to its last mark
    width: int
    knots: list[tuple[float, float]] = field(default_factory=list)
    squeezed: list[tuple[float, float]] = field(
        default_factory=list
    )  # quiet stretches drawn shorter

    def position(self, at: float) -> float:
        """Where `at` falls, in columns (not rounded)."""
        x = at - self.start
        if not self.knots:
            return x / self.span * self.width
        times = [k[0] for k in self.knots]
        i = max(1, min(len(times) - 1, bisect.bisect_right(times, x)))
        (t0, c0), (t1, c1) = self.knots[i - 1], self.knots[i]
        return c0 + (c1 - c0) * (min(max(x, t0), t1) - t0) / (t1 - t0)

    def column(self, at: float) -> int:
        return max(0, min(self.width - 1, int(self.position(at))))

    def time_at(self, column: float) -> float:
        """Seconds after the start drawn at `column` (the ruler's labels)."""
        if not self.knots:
            return column / self.width * self.span
        columns = [k[1] for k in self.knots]
        i = max(1, min(len(columns) - 1, bisect.bisect_right(columns, column)))
        (t0, c0), (t1, c1) = self.knots[i - 1], self.knots[i]
        return t0 + (t1 - t0) * (min(max(column, c0), c1) - c0) / (c1 - c0)

    @property
    def column_ms(self) -> float:
        return self.span / self.width * 1000


def axis_from_times(start: float, times: list[float], width: int) -> Axis:
    """The axis for moments `times` (the run's clock) in `width` columns: each quiet stretch
    (longer than 1/QUIET_SHARE of the run) drawn 1/QUIET_SHARE of the width long, the rest
    shared out by time, every moment where something happened (to the millisecond) at least a
    column from the one before when there is room."""
    moments = sorted({round(max(at - start, 0.0), 3) for at in times} | {0.0})
    span = max(max(times, default=start) - start, 1e-6)
    if moments[-1] < span:
        moments.append(span)
    gaps = [b - a for a, b in zip(moments, moments[1:])]
    cap = span / QUIET_SHARE
    busy = [g for g in gaps if g <= cap]
    if not busy or len(busy) == len(gaps):  # nothing quiet for long, or nothing but: linear
        return Axis(start, span, width)
    quiet = width / QUIET_SHARE  # columns for each quiet stretch
    floor = 1.0 if 2 * len(busy) <= width else 0.0
    room = width - quiet * (len(gaps) - len(busy)) - floor * len(busy)
    share = room / sum(busy) if sum(busy) > 0 else 0.0
    knots, column = [(moments[0], 0.0)], 0.0
    for moment, gap in zip(moments[1:], gaps):
        column += quiet if gap > cap else floor + gap * share
        knots.append((moment, column))
    knots[-1] = (moments[-1], float(width))
    squeezed = [(a, b) for a, b, g in zip(moments, moments[1:], gaps) if g > cap]
    return Axis(start, span, width, knots, squeezed)


def axis_for(run: DemoRun, width: int) -> Axis:
    times = [m.at for row in run.rows.values() for m in row.marks]
    return axis_from_times(run.started_at, times or [run.started_at], width)


def bar_cells(row: ProcessRow, axis: Axis) -> list[str]:
    """The row's bar, one character a column: lines first, then the marks over them."""
    cells = [EMPTY] * axis.width

    def put(column: int, glyph: str) -> None:
        if PRIORITY[glyph] >= PRIORITY[cells[column]]:
            cells[column] = glyph

    def line(first: float, last: float, glyph: str) -> None:
        for column in range(axis.column(first), axis.column(last) + 1):
            put(column, glyph)

    own = [m.at for m in row.marks if m.by == "self"]
    seen = [m.at for m in row.marks if m.by == "parent"]
    if seen:
        line(min(seen), max(seen), PARENT_LINE)
    if own:
        line(min(own), max(own), SELF_LINE)
    for mark in row.marks:
        glyph = glyph_of(mark)
        if glyph:
            put(axis.column(mark.at), glyph)
    return cells


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns (an ellipsis where cut), then padded to it."""
    if cell_width(text) > width:
        while text and cell_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return pad(text, width)


def label_of(row: ProcessRow) -> str:
    who = t("in_parens", text=row.name, note=t("parent")) if row.role == "parent" else row.name
    return f"{who}  {row.pid}"


def tail_of(row: ProcessRow) -> str:
    """After the bar: the exit code (the parent's row: nothing, its end is the run's)."""
    return "" if row.role == "parent" or row.exitcode is None else str(row.exitcode)


def ruler(axis: Axis) -> tuple[str, str]:
    """Two lines above the bars: times in ms at a few columns, and the ticks under them (≈ in
    the middle of each quiet stretch drawn shorter)."""
    width = axis.width
    labels, ticks = [" "] * width, ["─"] * width
    for first, last in axis.squeezed:
        middle = int((axis.position(axis.start + first) + axis.position(axis.start + last)) / 2)
        if 0 < middle < width - 1:
            ticks[middle] = GAP
    shown_until = -1
    for quarter in range(5):
        column = min(width - 1, round(quarter * (width - 1) / 4))
        at = axis.span if quarter == 4 else axis.time_at(quarter * width / 4)
        text = f"{at * 1000:.0f}" + (" ms" if quarter == 4 else "")
        begin = (
            0
            if quarter == 0
            else column - len(text) + 1
            if quarter == 4
            else column - len(text) // 2
        )
        if begin <= shown_until or begin < 0:  # one space at least between two labels
            continue
        labels[begin : begin + len(text)] = text
        if ticks[column] != GAP:
            ticks[column] = "┼"
        shown_until = begin + len(text)
    ticks[0], ticks[-1] = "├", "┤"
    return "".join(labels[:width]), "".join(ticks)


@dataclass
class TimelineRow:
    label: str
    cells: list[str]
    tail: str
    parent: bool = False


def layout(run: DemoRun, width: int) -> tuple[Axis, int, list[TimelineRow], int]:
    """The rows to draw in `width` columns: (axis, label width, rows, rows left out)."""
    with run.lock:
        rows = sorted_rows(run)
        hidden = max(0, len(rows) - MAX_ROWS)
        rows = rows[:MAX_ROWS]
        label_width = min(LABEL_MAX, max(cell_width(label_of(row)) for row in rows))
        tail_width = max(len(tail_of(row)) for row in rows)
        bar = max(MIN_BAR, width - label_width - 4 - tail_width)  # " │" bar "│ " tail
        axis = axis_for(run, bar)
        drawn = [
            TimelineRow(
                fit(label_of(row), label_width),
                bar_cells(row, axis),
                tail_of(row),
                row.role == "parent",
            )
            for row in rows
        ]
    return axis, label_width, drawn, hidden


def legend(axis: Axis) -> list[str]:
    return [
        *([t("timeline_legend_squeezed", gap=GAP)] if axis.squeezed else []),
        t("timeline_legend_lines", own=SELF_LINE, seen=PARENT_LINE, first=SEEN, exit=EXITED),
        t("timeline_legend_marks", sent=SENT, received=RECEIVED, other=OTHER, failed=FAILED),
        t("timeline_clock"),
    ]


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal columns, broken at spaces (or anywhere in
    Chinese, which has none)."""
    lines, line = [], ""
    for piece in text.replace(" ", " \0").split("\0"):
        while cell_width(line + piece) > width:
            if line.strip():
                lines.append(line.rstrip())
                line = ""
                continue
            cut = ""  # one piece wider than a line: break it where it fills the line
            for ch in piece:
                if cell_width(cut + ch) > width:
                    break
                cut += ch
            lines.append(cut)
            piece = piece[len(cut) :]
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def title_line(axis: Axis) -> str:
    if axis.squeezed:  # the legend says what ≈ means: a title is cut at a panel's width
        return t("timeline_title_squeezed", span=axis.span * 1000)
    return t("timeline_title", span=axis.span * 1000, column=axis.column_ms)


def plain_lines(run: DemoRun, width: int | None = None) -> list[str]:
    """The timeline as plain text lines, at most `width` columns (default: the terminal's)."""
    width = width or shutil.get_terminal_size((80, 24)).columns
    axis, label_width, rows, hidden = layout(run, width)
    labels, ticks = ruler(axis)
    lines = [
        *wrapped(f"-- {title_line(axis)}", width),
        f"{' ' * label_width}  {labels}",
        f"{' ' * label_width} {ticks}",
    ]
    for row in rows:
        lines.append(f"{row.label} │{''.join(row.cells)}│ {row.tail}".rstrip())
    if hidden:
        lines.append(t("timeline_more", n=hidden))
    return lines + [part for text in legend(axis) for part in wrapped(text, width)]


def print_plain(run: DemoRun, stream=None) -> None:
    import sys

    stream = stream or sys.stdout
    print("\n".join(plain_lines(run)), file=stream, flush=True)


def draw(run: DemoRun, console) -> None:
    """The timeline in a Rich panel: the same cells as plain_lines, coloured."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    axis, label_width, rows, hidden = layout(run, console.width - 4)  # the panel's border, padding
    labels, ticks = ruler(axis)
    text = Text(no_wrap=True, overflow="crop")
    text.append(f"{' ' * label_width}  {labels}\n", style="dim")
    text.append(f"{' ' * label_width} {ticks}\n", style="dim")
    for row in rows:
        text.append(row.label, style="bold" if row.parent else "")
        text.append(" │")
        for cell in row.cells:
            text.append(cell, style=STYLES.get(cell, ""))
        text.append(f"│ {row.tail}\n", style="red" if row.tail not in ("", "0") else "")
    if hidden:
        text.append(t("timeline_more", n=hidden) + "\n", style="dim")
    text.rstrip()
    notes = Text("\n".join(legend(axis)), style="dim")  # these wrap; the bars above never do
    console.print(Panel(Group(text, notes), title=title_line(axis), border_style="blue"))


def present(run: DemoRun, *, timeline: bool, trace, json_output: bool, plain: bool) -> None:
    """After a run: --timeline drawn (plain on stderr under --json, whose stdout is the JSON
    alone; plain lines under --plain; a Rich panel in a terminal), then --trace FILE written."""
    import sys

    if timeline:
        if json_output or plain:
            print_plain(run, sys.stderr if json_output else sys.stdout)
        else:
            from ipctutor.screen.render import make_console

            draw(run, make_console(plain=False))
    if trace is not None:
        from ipctutor.errors import TutorError
        from ipctutor.screen.trace import TraceError, write_trace

        try:
            write_trace(trace, run)
        except TraceError as exc:
            raise TutorError(str(exc), exit_code=1) from None
        print(
            t("trace_written", file=trace),
            file=sys.stderr if json_output else sys.stdout,
            flush=True,
        )
