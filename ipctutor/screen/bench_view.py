"""How `ipctutor bench` shows its report: plain lines, Rich tables and bar charts, an export.

Loaded only when the command runs (the CLI imports bench_cli at start-up, which stays light).
"""

import math
import sys
from pathlib import Path

from ipctutor.i18n import t
from ipctutor.screen.textwidth import cell_width, pad

LOG_SCALE_ABOVE = 30  # a group whose slowest is this many times its fastest gets log-scale bars
UNIT_SECONDS = {"us/message": 1e-6, "ns/write": 1e-9, "ms/transfer": 1e-3}
BLOCKS = "▏▎▍▌▋▊▉"


# the steps engine/bench.py reports, and the catalogue's line for each
PROGRESS = {
    "starting": "bench_progress_starting",
    "messages": "bench_progress_messages",
    "writes": "bench_progress_writes",
}
MECHANISMS = {
    "pipe_send": "bench_mech_pipe_send",
    "pipe_send_bytes": "bench_mech_pipe_send_bytes",
    "queue": "bench_mech_queue",
    "simple_queue": "bench_mech_simple_queue",
    "manager_queue": "bench_mech_manager_queue",
    "manager_dict": "bench_mech_manager_dict",
    "raw_value": "bench_mech_raw_value",
    "value": "bench_mech_value",
    "value_get_lock": "bench_mech_value_get_lock",
    "shared_memory": "bench_mech_shared_memory",
}
GROUPS = {
    "messages": ("bench_group_messages", "bench_about_messages"),
    "writes": ("bench_group_writes", "bench_about_writes"),
}


def progress_text(step: str, detail: str) -> str:
    if step == "payload":
        return t("bench_progress_payload", size=human_size_label(detail))
    return t(PROGRESS[step])


def run_with_progress(plan, method, header, mechanisms=None) -> dict:
    """A line per step, printed as it starts: no spinner, so no thread in the parent redraws the
    terminal while a child measures (it took CPU time the measurement was sharing)."""
    from ipctutor.engine import bench as measuring

    console = rich_console()
    console.print(header, style="bold")
    return measuring.run_bench(
        plan,
        method,
        lambda step, detail: console.print(progress_text(step, detail), style="dim"),
        mechanisms=mechanisms,
    )


def save(report: dict) -> Path | None:
    """Keep the figures for the Manager lesson; a folder we cannot write is a warning, not a failure."""
    from ipctutor.content import figures

    try:
        return figures.save_figures(report)
    except OSError as exc:
        print(
            t("program_line", line=t("bench_not_saved", path=figures.figures_path(), error=exc)),
            file=sys.stderr,
            flush=True,
        )
        return None


# ---------------------------------------------------------------- words and numbers


def human_time(seconds: float) -> str:
    """3.1 µs, 23 ns, 1.95 ms: three significant figures in the unit that fits."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            break
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{digits}f} {unit}"


def human_size_label(label: str) -> str:
    """'16MiB' (as in the JSON group id) -> '16 MiB'."""
    return label.replace("MiB", " MiB") if label.endswith("MiB") else label.replace("B", " B")


def mechanism_name(figure: dict) -> str:
    key = MECHANISMS.get(figure["mechanism"])
    return t(key) if key else figure["label"]


def group_title(group: dict) -> tuple[str, str]:
    """The group's title and a line saying what one figure of it is."""
    rounds = t("bench_rounds", rounds=group["rounds"])
    if group["id"] in GROUPS:
        title, about_key = GROUPS[group["id"]]
        about = t(about_key, count=group["count"], manager_count=group["manager_count"])
        return t(title), t("bench_about_and", about=about, rounds=rounds)
    size = human_size_label(group["id"].removeprefix("payload_"))
    return t("bench_group_payload", size=size), t(
        "bench_about_and", about=t("bench_about_payload"), rounds=rounds
    )


def seconds(figure: dict, key: str = "value") -> float:
    return figure[key] * UNIT_SECONDS[figure["unit"]]


def members(report: dict, group: dict) -> list[dict]:
    return [f for f in report["figures"] if f["group"] == group["id"]]


def shows(report: dict) -> list[str]:
    """Sentences that say what the figures mean, from the comparisons the report carries."""
    c = report["comparisons"]
    lines = []
    if "manager_dict_write_vs_value_write" in c and "manager_dict_write_vs_raw_value_write" in c:
        lines.append(
            t(
                "bench_cmp_manager",
                x=round_ratio(c["manager_dict_write_vs_value_write"]),
                y=round_ratio(c["manager_dict_write_vs_raw_value_write"]),
            )
        )
    if "manager_queue_vs_queue_message" in c:
        lines.append(
            t("bench_cmp_manager_queue", x=round_ratio(c["manager_queue_vs_queue_message"]))
        )
    for group in report["groups"]:
        label = group["id"].removeprefix("payload_")
        ratio = c.get(f"queue_vs_shared_memory_{label}")
        if ratio is not None:
            key = "bench_cmp_shm" if ratio >= 1.2 else "bench_cmp_shm_same"
            lines.append(t(key, size=human_size_label(label), x=round_ratio(ratio)))
    return lines


def spread_text(figure: dict) -> str:
    """'8.63–11.2 µs', or '813 µs–2.26 ms' when the ends need different units."""
    low, high = human_time(seconds(figure, "min")), human_time(seconds(figure, "max"))
    (low_value, low_unit), (_, high_unit) = low.split(), high.split()
    return f"{low_value}–{high}" if low_unit == high_unit else f"{low}–{high}"


def round_ratio(ratio: float) -> float:
    """Whole numbers from 10 up, one decimal below: run-to-run spread allows no more (251, 11, 2.2)."""
    return int(round(ratio)) if ratio >= 10 else round(ratio, 1)


def footer(report: dict, plan_name: str) -> str:
    text = t(
        "bench_footer", elapsed=report["elapsed_s"], plan=plan_name, method=report["start_method"]
    )
    return (
        text
        if report.get("complete", True)
        else t("two_sentences", first=text, second=t("bench_partial"))
    )


def ratio_text(ratio: float) -> str:
    """1.55×, 32.6×, 1062×: as many digits as the eye can use."""
    digits = 2 if ratio < 10 else 1 if ratio < 100 else 0
    return f"{ratio:.{digits}f}×"


def bar_length(ratio: float, slowest: float, width: int, log: bool) -> float:
    """How many cells a bar fills: the slowest of the group fills `width`."""
    if slowest <= 1:
        return float(width)
    if log:
        return 1 + (width - 1) * math.log(ratio) / math.log(slowest)
    return max(0.5, width * ratio / slowest)


# ---------------------------------------------------------------- plain lines


def print_plain(report: dict, plan_name: str, saved: Path | None) -> None:
    name_width = max(cell_width(mechanism_name(f)) for f in report["figures"])
    for group in report["groups"]:
        title, about = group_title(group)
        rows = members(report, group)
        slowest = max(f["ratio_to_fastest"] for f in rows)
        log = slowest > LOG_SCALE_ABOVE
        scale = f" [{t('bench_log_scale')}]" if log else ""
        print(f"-- {t('labelled', label=title, value=about)}{scale}")
        for f in rows:
            spread = f"({spread_text(f)})"
            rate = f"  {f['mib_per_s']:,.0f} MiB/s" if "mib_per_s" in f else ""
            bar = "#" * max(1, round(bar_length(f["ratio_to_fastest"], slowest, 30, log)))
            print(
                f"   {pad(mechanism_name(f), name_width)}  {human_time(seconds(f)):>9}  "
                f"{spread:<19} {ratio_text(f['ratio_to_fastest']):>7}  {bar}{rate}"
            )
    lines = shows(report)
    if lines:
        print(f"-- {t('bench_shows_title')}")
    for line in lines:
        print(f"   {line}")
    print(footer(report, plan_name))
    if saved:
        print(t("bench_saved", path=saved), flush=True)


# ---------------------------------------------------------------- Rich


def rich_console():
    """Only when output is not plain: the console every other command uses for its panels."""
    from ipctutor.screen.render import make_console

    return make_console(plain=False)


def results_table(report: dict, group: dict):
    from rich.table import Table
    from rich.text import Text

    title, about = group_title(group)
    rows = members(report, group)
    has_rate = any("mib_per_s" in f for f in rows)
    table = Table(
        title=Text(title, style="bold"),
        caption=about,
        caption_justify="left",
        title_justify="left",
        expand=False,
        pad_edge=False,
    )
    table.add_column(t("bench_col_mechanism"), ratio=1, overflow="fold")  # the one that may wrap
    table.add_column(t("bench_col_median"), justify="right", no_wrap=True)
    table.add_column(t("bench_col_spread"), justify="right", no_wrap=True, style="dim")
    table.add_column(t("bench_col_ratio"), justify="right", no_wrap=True)
    if has_rate:
        table.add_column(t("bench_col_rate"), justify="right", no_wrap=True)
    for f in rows:
        fastest = f["ratio_to_fastest"] == 1.0
        cells: list[Text | str] = [
            Text(mechanism_name(f), style="green" if fastest else ""),
            Text(human_time(seconds(f)), style="bold green" if fastest else "bold"),
            spread_text(f),
            ratio_text(f["ratio_to_fastest"]),
        ]
        if has_rate:
            cells.append(f"{f['mib_per_s']:,.0f} MiB/s")
        table.add_row(*cells)
    return table


def bar_chart(report: dict, group: dict, width: int):
    """One group's figures as horizontal bars, each with its ratio to the fastest."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title, _ = group_title(group)
    rows = members(report, group)
    slowest = max(f["ratio_to_fastest"] for f in rows)
    log = slowest > LOG_SCALE_ABOVE
    names = [mechanism_name(f) for f in rows]
    bar_width = max(10, width - max(cell_width(n) for n in names) - 11)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for name, f in zip(names, rows):
        cells = bar_length(f["ratio_to_fastest"], slowest, bar_width, log)
        whole, part = int(cells), int((cells - int(cells)) * 8)
        bar = "█" * whole + (BLOCKS[part - 1] if part else "")
        style = (
            "green"
            if f["ratio_to_fastest"] == 1.0
            else "cyan"
            if f["ratio_to_fastest"] < 5
            else "magenta"
        )
        grid.add_row(name, Text(bar or "▏", style=style), ratio_text(f["ratio_to_fastest"]))
    heading = Text(title, style="bold")
    if log:
        heading.append(f"  ({t('bench_log_scale')})", style="dim")
    return Group(heading, grid, Text(""))


def panels(report: dict, plan_name: str, saved: Path | None, width: int) -> list:
    """The final panels: the table, the bars, and what they show."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    tables = []
    for group in report["groups"]:
        tables += [results_table(report, group), Text("")]
    inner = max(40, width - 4)
    bars = [bar_chart(report, group, inner) for group in report["groups"]]
    words = [Text("• " + line) for line in shows(report)]
    words.append(Text(footer(report, plan_name), style="dim"))
    if saved:
        words.append(Text(t("bench_saved", path=saved), style="dim"))
    return [
        Panel(Group(*tables[:-1]), title=t("bench_table_title"), border_style="blue"),
        Panel(Group(*bars), title=t("bench_chart_title"), border_style="cyan"),
        Panel(Group(*words), title=t("bench_shows_title"), border_style="green"),
    ]


def export_drawing(report: dict, header: str, plan_name: str, saved: Path | None):
    """What --export records: the header line and the final panels, at the recording's width."""

    def draw(console):
        console.print(header, style="bold")
        for renderable in panels(report, plan_name, saved, width=console.width):
            console.print(renderable)

    return draw
