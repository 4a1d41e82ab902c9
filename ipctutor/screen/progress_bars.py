"""The progress pitfall's bars (`ipctutor run pool --pitfall progress`): the bar a learner would
have drawn from each phase's results, built only from what the script's parent printed (its
`done K/N` lines, in order, at the times the observer saw them) and the line where it let the held
last task go. Nothing is simulated: a bar moves when, and only when, the parent printed a result.
"""

from __future__ import annotations

from ipctutor.engine.pitfalls import RELEASED_FINISHED, progress_events, said
from ipctutor.engine.run_record import DemoRun
from ipctutor.i18n import t

STRIP = 40  # columns of the over-time strip
LEVELS = "·▁▂▃▄▅▆▇█"  # · no result yet, █ every one


def _total(run: DemoRun) -> int | None:
    """How many tasks, as the script said: on a `done K/N` line, or on the broken script's
    release line (printed before any result)."""
    done, _ = progress_events(run)
    if done:
        return done[-1][2]
    finished = said(run, RELEASED_FINISHED)
    return int(finished[2]) if finished else None


def live_bar(run: DemoRun):
    """While a phase runs: the bar as far as the parent has printed results, redrawn with the
    panel; nothing until the script has said how many tasks there are."""
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    total = _total(run)
    if not total:
        return ""
    done, released = progress_events(run)
    grid = Table.grid(padding=(0, 1))
    grid.add_row(
        t("progress_bar_received"),
        ProgressBar(total=total, completed=len(done), width=30),
        f"{len(done)}/{total}",
        t("progress_bar_let_go") if released else t("progress_bar_held"),
    )
    return grid


def strip(run: DemoRun, width: int = STRIP) -> str:
    """How many results the parent had over the run's time, one character a column (▁ few, █
    all, · none yet), from the run's start to its last result: map()'s stays blank, then jumps."""
    done, _ = progress_events(run)
    if not done:
        return ""
    total, start, end = done[-1][2], run.started_at, done[-1][0]
    span = max(end - start, 1e-9)
    cells = []
    for column in range(width):
        moment = start + span * (column + 1) / width
        have = sum(at <= moment for at, _, _ in done)
        cells.append(LEVELS[round(have / total * (len(LEVELS) - 1))])
    return "".join(cells)


def _at_release(run: DemoRun) -> tuple[int, int] | None:
    """(results printed when the last task was let go, of how many)."""
    done, released = progress_events(run)
    if not done or released is None:
        return None
    return released[2], done[-1][2]


def progress_panel(pitfall, runs: list[DemoRun]):
    """After the runs: for each phase, its bar at the moment the held last task was let go (every
    other task had finished by then, or every other result was in), and its results over time."""
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    for phase, run in zip(pitfall.phases, runs):
        seen = _at_release(run)
        if seen is None:
            continue
        had, total = seen
        table.add_row(
            pitfall.text(phase.label),
            ProgressBar(total=total, completed=had, width=24),
            t("progress_bar_at_release", had=had, total=total),
        )
        # the strip on a dim ground, so its blank (no result yet) columns show how long they last
        table.add_row("", Text(strip(run, 24), style="cyan on grey23"), t("progress_bar_over_time"))
    return Panel(table, title=t("progress_bar_title"), border_style="green")


def progress_lines(pitfall, runs: list[DemoRun]) -> list[str]:
    """The same, as plain lines: `[#####.....] 5/12`."""
    lines = [f"-- {t('progress_bar_title')}"]
    for phase, run in zip(pitfall.phases, runs):
        seen = _at_release(run)
        if seen is None:
            continue
        had, total = seen
        filled = round(20 * had / total) if total else 0
        bar = "#" * filled + "." * (20 - filled)
        lines.append(
            f"{pitfall.text(phase.label)}: [{bar}] "
            + t("progress_bar_at_release", had=had, total=total)
        )
    return lines
