"""How `ipctutor bench --break-even` shows its report: a table of times per item, the curve of each
way's time against the for loop's by item size (a text chart that fits 80 columns), each way's
break-even and the rule of thumb it gives. Plain lines and Rich panels say the same.

The chart puts each way's time per item divided by the loop's (log scale, half a decade a row)
over the item sizes (log scale, a column each): a way pays where its letter is below the loop's
line. Loaded only when the command runs.
"""

from __future__ import annotations

import math

from ipctutor.i18n import t
from ipctutor.screen.textwidth import cell_width, pad

WAYS = {  # engine/break_even.py METHODS -> (letter in the chart, its name's message)
    "loop": ("", "be_way_loop"),
    "pool_map_1": ("p", "be_way_pool_map_1"),
    "pool_map_chunks": ("P", "be_way_pool_map_chunks"),
    "executor_map": ("e", "be_way_executor_map"),
    "executor_map_chunks": ("E", "be_way_executor_map_chunks"),
}
STYLES = {"p": "red", "e": "magenta", "P": "green", "E": "cyan"}
LABEL = 8  # the y axis's labels, "×1000 ┤"
MOST_CELL = 8  # columns per item size at most


def rpad(text: str, width: int) -> str:
    """`text` after spaces up to `width` columns: numbers line up on the right."""
    return " " * max(0, width - cell_width(text)) + text


def way_name(method: str) -> str:
    return t(WAYS[method][1])


def iterations_label(n: float) -> str:
    """10, 300, 3k, 100k: an item size, short."""
    n = round(n)
    for unit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= unit:
            return f"{float(f'{n / unit:.2g}'):g}{suffix}"
    return str(n)


def time_label(us: float) -> str:
    """0.3µs, 25µs, 3.1ms: one item's time, short."""
    if us >= 1000:
        return f"{us / 1000:.2g}ms" if us < 10_000 else f"{us / 1000:.0f}ms"
    return f"{us:.2g}µs" if us < 10 else f"{us:.0f}µs"


def ms_text(ms: float) -> str:
    """A break-even in milliseconds, to two significant figures."""
    return f"{ms:.2g}" if ms < 100 else f"{ms:.0f}"


def progress_text(done: int, total: int, size: int | None) -> str:
    if size is None:
        return t("be_progress_starting")
    return t("be_progress", iterations=iterations_label(size), done=done, total=total)


def header(report_or_plan: dict) -> str:
    r = report_or_plan
    return t(
        "be_header",
        workers=r["workers"],
        method=r["start_method"],
        python=r["python"],
        cpus=r["cpus"],
        plan=t("bench_plan_quick" if r["plan"] == "quick" else "bench_plan_full"),
    )


# ---------------------------------------------------------------- the table


def table_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """The columns' titles and the rows: one per item size, times per item in µs."""
    titles = [
        t("be_col_iterations"),
        t("be_col_items"),
        t("be_col_chunksize"),
        *(WAYS[m][0] or way_name(m) for m in report["methods"]),
    ]
    rows = [
        [
            iterations_label(row["iterations"]),
            str(row["items"]),
            str(row["chunksize"]),
            *(number(row["us_per_item"][m]) for m in report["methods"]),
        ]
        for row in report["sizes"]
    ]
    return titles, rows


# ---------------------------------------------------------------- the curve


def number(us: float) -> str:
    """A time in µs for the table: 1,570 / 25.5 / 0.32."""
    if us >= 100:
        return f"{us:,.0f}"
    return f"{us:.3g}" if us >= 1 else f"{us:.2f}"


def level(ratio: float) -> int:
    """The chart's row for a ratio: half-decades, 0 is ×1 (the loop)."""
    return round(2 * math.log10(max(ratio, 1e-6)))


def level_label(lv: int) -> str:
    value = 10 ** (lv / 2)
    text = f"{value:.2g}" if value < 1 else f"{value:.0f}" if value < 10 else f"{value:.2g}"
    text = f"{float(text):g}" if "e" in text else text
    return f"×{text}"


def chart(report: dict, width: int = 80) -> list[list[tuple[str, str | None]]]:
    """The curve, as lines of (text, letter or None) pieces: each way's time per item over the
    loop's, by item size. Row 0 is the loop itself, drawn as a line across."""
    sizes = report["sizes"]
    ways = [m for m in report["methods"] if m != "loop"]
    points: dict[tuple[int, int], list[str]] = {}
    for col, row in enumerate(sizes):
        loop = row["us_per_item"]["loop"]
        for m in ways:
            points.setdefault((level(row["us_per_item"][m] / loop), col), []).append(WAYS[m][0])
    levels = [lv for lv, _ in points] + [0]
    top, bottom = max(levels), min(levels)
    cell = max(5, min(MOST_CELL, (width - LABEL - 1) // max(1, len(sizes))))
    lines: list[list[tuple[str, str | None]]] = []
    for lv in range(top, bottom - 1, -1):
        pieces: list[tuple[str, str | None]] = [
            (rpad(level_label(lv), LABEL - 2) + (" ┼" if lv == 0 else " ┤"), None)
        ]
        for col in range(len(sizes)):
            here = points.get((lv, col), [])
            fill = "─" if lv == 0 else " "
            used = 0
            pieces.append((fill, None))
            for letter in here:
                pieces.append((letter, letter))
                used += 1
            pieces.append((fill * (cell - 1 - used), None))
        lines.append(pieces)
    axis = " " * (LABEL - 1) + "└" + "─" * (cell * len(sizes))
    lines.append([(axis, None)])
    ticks = "".join(pad(iterations_label(r["iterations"]), cell) for r in sizes)
    lines.append([(pad(t("be_axis_iterations"), LABEL) + ticks, None)])
    times = "".join(pad(time_label(r["us_per_item"]["loop"]), cell) for r in sizes)
    lines.append([(pad(t("be_axis_loop_time"), LABEL) + times, None)])
    return lines


def chart_text(report: dict, width: int = 80) -> list[str]:
    return ["".join(text for text, _ in line).rstrip() for line in chart(report, width)]


def legend() -> str:
    return t(
        "be_legend",
        pool_one=t("be_way_pool_map_1"),
        pool_chunks=t("be_way_pool_map_chunks"),
        executor=t("be_way_executor_map"),
        executor_chunks=t("be_way_executor_map_chunks"),
    )


# ---------------------------------------------------------------- what it found


def findings(report: dict) -> list[str]:
    """Each way's break-even, then the rule of thumb."""
    largest = report["sizes"][-1]
    largest_ms = largest["us_per_item"]["loop"] / 1000
    out = []
    for m in report["methods"]:
        if m == "loop":
            continue
        found = report["break_even"][m]
        if found is None:
            out.append(
                t(
                    "be_never",
                    way=way_name(m),
                    iterations=iterations_label(largest["iterations"]),
                    ms=ms_text(largest_ms),
                )
            )
        else:
            out.append(
                t(
                    "be_found",
                    way=way_name(m),
                    iterations=iterations_label(found["iterations"]),
                    ms=ms_text(found["ms"]),
                )
            )
    rule = report["rule"]

    def part(ms: float | None) -> str:
        if ms is None:
            return t("be_rule_beyond", ms=ms_text(largest_ms))
        return t("be_rule_ms", ms=ms_text(ms))

    out.append(t("be_rule", one=part(rule["one_per_task_ms"]), chunked=part(rule["chunked_ms"])))
    if rule["one_per_task_ms"] is None and rule["chunked_ms"] is None:
        out.append(t("be_never_paid", workers=report["workers"]))
    return out


def print_plain(report: dict) -> None:
    titles, rows = table_rows(report)
    widths = [max(cell_width(x) for x in col) for col in zip(titles, *rows)]
    print(t("be_table_title", rounds=report["rounds"]))
    print(legend())
    for cells in (titles, *rows):
        print("  ".join(rpad(x, w) for x, w in zip(cells, widths)).rstrip())
    print()
    print(t("be_chart_title"))
    for text in chart_text(report, 80):
        print(text)
    print()
    for text in findings(report):
        print(text)
    print(t("be_footer", seconds=report["elapsed_s"]), flush=True)


def panels(report: dict, width: int) -> list:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    titles, rows = table_rows(report)
    table = Table(title=t("be_table_title", rounds=report["rounds"]), expand=False)
    for title in titles:
        table.add_column(title, justify="right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    drawing = Text(t("be_chart_title") + "\n\n", style="bold")
    for line in chart(report, min(width, 80) - 4):
        for text, letter in line:
            drawing.append(text, style=f"bold {STYLES[letter]}" if letter else None)
        drawing.append("\n")
    for method, (letter, _) in WAYS.items():
        if letter:
            drawing.append(letter, style=f"bold {STYLES[letter]}")
            drawing.append(f" {way_name(method)}  ")
    found = Text("\n".join(findings(report)))
    return [
        table,
        Panel(drawing, expand=False),
        Panel(found, title=t("bench_shows_title"), expand=False),
        Text(t("be_footer", seconds=report["elapsed_s"]), style="dim"),
    ]


def run_with_progress(run) -> dict:
    """Run `run(on_progress)` under a Rich status line that says which size is being timed."""
    from rich.console import Console

    console = Console(stderr=True)
    with console.status(progress_text(0, 0, None)) as status:

        def on_progress(done: int, total: int, size: int | None) -> None:
            status.update(progress_text(done, total, size))

        return run(on_progress)
