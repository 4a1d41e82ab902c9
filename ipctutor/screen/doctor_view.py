"""How `ipctutor doctor` shows its findings: a panel each in a terminal, plain lines otherwise.
The findings themselves are engine/diagnose.py's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ipctutor.i18n import t
from ipctutor.screen import render


def found_line(n: int) -> str:
    """Counted in words: 1 problem found, 3 problems found (and in Chinese)."""
    return t("doctor_found_one") if n == 1 else t("doctor_found", n=n)


def shown_path(path: str | Path) -> str:
    """The file as the learner named it: relative to where they are, when it is below."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if shown.startswith("..") else shown


def diagnose_on_screen(
    diagnose,
    path: Path,
    args,
    methods,
    runs: int,
    watchdog: float,
    plain: bool,
    ctrl_c: bool = False,
):
    """The runs, with a line saying what is being run and, in a terminal, which run is going on."""
    import multiprocessing

    names = methods or [
        m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()
    ]
    plan = t(
        "doctor_plan" if runs > 1 else "doctor_plan_once",
        script=shown_path(path),
        runs=runs,
        methods=t("list_separator").join(names),
        watchdog=f"{watchdog:g}",
    )
    if ctrl_c:
        plan += " " + t("doctor_plan_ctrl_c")
    if plain:
        print(plan, flush=True)
        return diagnose(path, args, methods=methods, runs=runs, watchdog=watchdog)
    console = render.make_console(plain=False)
    console.print(plan, style="dim")
    with render.on_screen(
        console.status(t("doctor_progress", n=1, total=runs * len(names), method=names[0]))
    ) as status:

        def on_run(seen, done, total):
            status.update(
                t("doctor_progress", n=min(done + 1, total), total=total, method=seen.method)
            )

        return diagnose(path, args, methods=methods, runs=runs, watchdog=watchdog, on_run=on_run)


def where(finding) -> str:
    if finding.line:
        return t("doctor_where", file=shown_path(finding.file), line=finding.line)
    return t("doctor_nowhere", file=shown_path(finding.file))


def seen_under(finding) -> str:
    runs = t("list_separator").join(
        t("doctor_seen_runs", method=m, n=finding.runs[m][0], runs=finding.runs[m][1])
        for m in finding.start_methods
        if m in finding.runs
    )
    return t(
        "doctor_seen_under", methods=t("list_separator").join(finding.start_methods), runs=runs
    )


def show(diagnosis, plain: bool, stream=None) -> None:
    out = stream or sys.stdout
    total = len(diagnosis.runs)
    if diagnosis.ctrl_c:  # said first: findings about a Ctrl-C mean little if it was never pressed
        line = t("doctor_ctrl_c_pressed", pressed=diagnosis.pressed, runs=total)
        if plain:
            print(line, file=out)
        else:
            render.make_console(plain=False).print(line, style="dim")
    if not diagnosis.findings:
        line = t(
            "doctor_none_ctrl_c" if diagnosis.ctrl_c else "doctor_none",
            runs=total,
            methods=t("list_separator").join(diagnosis.methods),
        )
        if plain:
            print(line, file=out, flush=True)
        else:
            render.make_console(plain=False).print(line, style="green")
        return
    if plain:
        for number, finding in enumerate(diagnosis.findings, 1):
            print(
                f"{number}. [{finding.problem}] {where(finding)}{t('separator')}{seen_under(finding)}",
                file=out,
            )
            print(f"   {finding.summary}", file=out)
            for line in finding.evidence:
                print(f"   | {line}", file=out)
            print(f"   {t('doctor_lesson', topic=finding.lesson)}", file=out)
        print(found_line(len(diagnosis.findings)), file=out, flush=True)
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    console = render.make_console(plain=False)
    for number, finding in enumerate(diagnosis.findings, 1):
        body = Group(
            Text(where(finding), style="bold"),
            Text(seen_under(finding), style="dim"),
            Text(finding.summary),
            Text("\n".join(finding.evidence), style="dim") if finding.evidence else Text(""),
            Text(t("doctor_lesson", topic=finding.lesson), style="cyan"),
        )
        console.print(
            Panel(
                body, title=f"{number}. {finding.problem}", border_style="red", title_align="left"
            )
        )
    console.print(found_line(len(diagnosis.findings)), style="bold red")
