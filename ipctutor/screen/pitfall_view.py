"""How a pitfall's runs are shown, by `ipctutor run TOPIC --pitfall NAME` and by `learn`'s pitfall
screens alike: each phase live (or as plain lines), then the table, what the runs showed, the fix.
"""

from __future__ import annotations

from typing import Callable

from ipctutor.engine.pitfalls import Phase, Pitfall
from ipctutor.engine.runner import DemoRun
from ipctutor.i18n import t, word
from ipctutor.screen import render


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
        run = render.watch_live(
            console, start, title=t("labelled", label=pitfall.topic, value=label)
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

    table = Table(expand=False)
    table.add_column(t("phase"))
    table.add_column(t("start_method"))
    table.add_column(t("outcome"))
    table.add_column(t("results_title"), overflow="fold", max_width=60)
    for phase, run in zip(pitfall.phases, runs):
        summary = phase_summary(run)
        table.add_row(
            pitfall.text(phase.label),
            run.start_method,
            word(run.outcome),
            # what the script printed stays on one line (cut short, shown in full above): folded,
            # its continuation would lose the mark that says these are the script's own words
            Text(summary, no_wrap=True, overflow="ellipsis") if run.outcome == "ok" else summary,
        )
    console.print(Panel(table, title=pitfall.text(pitfall.title), border_style="blue"))
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
        print(f"-- {t('finding')}\n{finding}")
        if explanation:
            print(f"-- {t('why_and_fix')}\n{explanation.strip()}", flush=True)
    else:
        draw_pitfall(console, pitfall, runs, finding, explanation)
