"""How a pitfall's runs are shown, by `ipctutor run TOPIC --pitfall NAME` and by `learn`'s pitfall
screens alike: each phase live (or as plain lines), then the table, what the runs showed, the fix.
"""

from __future__ import annotations

from typing import Callable

from ipctutor.engine.pitfalls import Phase, Pitfall, methods_note, phase_outcome
from ipctutor.engine.run_record import DemoRun
from ipctutor.i18n import t, word
from ipctutor.screen import render


def _progress(pitfall: Pitfall) -> bool:
    """The progress pitfall draws its bars live and after the runs (screen/progress_bars.py)."""
    return (pitfall.topic, pitfall.name) == ("pool", "progress")


def phase_runner(console, plain: bool, json_output: bool) -> Callable:
    """How each phase is shown while it runs: a live panel, plain lines, or nothing (JSON)."""

    def run_phase(pitfall: Pitfall, phase: Phase, start) -> DemoRun:
        label = pitfall.text(phase.label)
        if json_output:
            return start()
        if plain:
            print(f"== {label}", flush=True)
            run = start(on_change=render.PlainPrinter())
            print(f"   -> {phase_summary(run)}", flush=True)
            return run
        above = None
        if _progress(pitfall):
            from ipctutor.screen.progress_bars import live_bar

            above = live_bar
        run = render.watch_live(
            console, start, title=t("labelled", label=pitfall.topic, value=label), above=above
        )
        # soft-wrapped: the terminal folds it, so the script's own words stay one line, behind
        # the label that says whose words they are
        console.print(
            t("labelled", label=f"[bold]{label}[/bold]", value=phase_summary(run)), soft_wrap=True
        )
        return run

    return run_phase


def phase_summary(run: DemoRun) -> str:
    """One line: how a phase ended, and its result: what its parent printed last (a phase's script
    says its result in words), or else what the parent received."""
    if run.outcome == "ok":
        said = [line.line for line in run.rows[run.parent_pid].printed if line.fd == 1]
        elapsed = t("elapsed_paren", seconds=run.elapsed_s)
        if said:  # the script's own words, marked as what it printed
            return f"{t('printed_line', line=said[-1][:160])}  {elapsed}"
        return f"{render.short(run.results, 160)}  {elapsed}"
    return render.outcome_line(run, round(run.elapsed_s, 1) if run.outcome == "timeout" else None)


def draw_pitfall(
    console, pitfall: Pitfall, runs: list[DemoRun], finding: str, explanation: str | None
) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from rich.cells import cell_len

    outcomes = [word(pitfall.text(phase_outcome(run))) for run in runs]
    # the caption says which start method(s) the runs used; where they differ, each phase names
    # its own: no column of its own, so what happened keeps its words unbroken at 80 columns
    one_method = len({run.start_method for run in runs}) == 1
    table = Table(expand=False)
    table.add_column(t("phase"))
    table.add_column(t("outcome"), min_width=min(max(map(cell_len, outcomes)), 26))
    table.add_column(t("results_title"), overflow="fold", max_width=60)
    for phase, run, outcome in zip(pitfall.phases, runs, outcomes):
        label = pitfall.text(phase.label)
        if not one_method:
            label = t("in_parens", text=label, note=run.start_method)
        summary = phase_summary(run)
        # what the script printed stays on one line (cut short, shown in full above): folded,
        # its continuation would lose the mark that says these are the script's own words
        shown = Text(summary, no_wrap=True, overflow="ellipsis") if run.outcome == "ok" else summary
        table.add_row(label, outcome, shown)
    table.caption = pitfall.text(methods_note(pitfall, runs))
    console.print(Panel(table, title=pitfall.text(pitfall.title), border_style="blue"))
    if _progress(pitfall):
        from ipctutor.screen.progress_bars import progress_panel

        console.print(progress_panel(pitfall, runs))
    console.print(Panel(finding, title=t("finding"), border_style="yellow"))
    if explanation:
        console.print(Panel(Markdown(explanation), title=t("why_and_fix"), border_style="cyan"))


def show_pitfall_result(
    console,
    plain: bool,
    pitfall: Pitfall,
    runs: list[DemoRun],
    finding: str,
    explanation: str | None,
) -> None:
    """After the phases: what they showed (and why, and the fix), as plain lines or panels."""
    if plain:
        if _progress(pitfall):
            from ipctutor.screen.progress_bars import progress_lines

            print("\n".join(progress_lines(pitfall, runs)))
        print(f"-- {t('finding')}\n{pitfall.text(methods_note(pitfall, runs))}\n{finding}")
        if explanation:
            print(f"-- {t('why_and_fix')}\n{explanation.strip()}", flush=True)
    else:
        draw_pitfall(console, pitfall, runs, finding, explanation)
