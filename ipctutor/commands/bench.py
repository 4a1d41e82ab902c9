"""`ipctutor bench`: what each IPC mechanism costs on the learner's machine, as a table and bars.

The measuring is in bench.py (stdlib only) and the drawing in bench_view.py; this module only
parses options, so registering the command costs nothing at start-up.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import (
    StartMethod,
    available_start_method,
    checked_export,
    render_plain,
)
from ipctutor.errors import TutorError
from ipctutor.i18n import interrupted_line, t


class Mechanism(str, Enum):
    """What --only accepts: the keys of bench.CHANNELS (a test keeps the two the same)."""

    pipe_send = "pipe_send"
    pipe_send_bytes = "pipe_send_bytes"
    queue = "queue"
    simple_queue = "simple_queue"
    manager_queue = "manager_queue"
    raw_value = "raw_value"
    value = "value"
    value_get_lock = "value_get_lock"
    shared_memory = "shared_memory"
    manager_dict = "manager_dict"


def register(app: typer.Typer) -> None:
    app.command("bench", help=t("cmd_bench"))(bench)


def bench(
    quick: Annotated[bool, typer.Option("--quick", help=t("help_bench_quick"))] = False,
    json_output: Annotated[bool, typer.Option("--json", help=t("help_json"))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_plain_lines"))] = False,
    start_method: Annotated[
        Optional[StartMethod],
        typer.Option("--start-method", "-s", help=t("help_bench_start_method")),
    ] = None,
    export: Annotated[
        Optional[Path], typer.Option("--export", help=t("help_export"), metavar="FILE")
    ] = None,
    only: Annotated[
        Optional[list[Mechanism]],
        typer.Option(
            "--only",
            help=t("help_bench_only", mechanisms=", ".join(m.value for m in Mechanism)),
            metavar="MECHANISM",
        ),
    ] = None,
    break_even: Annotated[
        bool, typer.Option("--break-even", help=t("help_bench_break_even"))
    ] = False,
) -> None:
    """Measure what each IPC mechanism costs here: small messages, shared writes, large payloads.

    Each mechanism in a child process of its own; medians of several rounds; ratios to the fastest.

    Your latest full run is kept for the Manager lesson (bench.json beside your progress).

    Examples: ipctutor bench --quick; ipctutor bench --only value --only raw_value
    """
    import multiprocessing

    from ipctutor.engine import bench as measuring
    from ipctutor.screen import bench_view as view
    from ipctutor.screen.export import export_panels

    method = available_start_method(start_method)
    if break_even:
        for option, given in (("--only", only), ("--export", export)):
            if given:
                raise TutorError(t("be_not_with", option=option))
        return bench_break_even(quick, json_output, render_plain(plain), method)
    checked_export(export)
    plan = measuring.QUICK if quick else measuring.FULL
    plain = render_plain(plain)
    plan_name = t("bench_plan_quick" if quick else "bench_plan_full")
    mechanisms = None if not only else [m.value for m in only]
    header = t(
        "bench_header",
        method=multiprocessing.get_context(method).get_start_method(),
        python=sys.version.split()[0],
        cpus=multiprocessing.cpu_count(),
        plan=plan_name,
    )

    try:
        if json_output:
            report = measuring.run_bench(plan, method, mechanisms=mechanisms)
        elif plain:
            print(header, flush=True)
            report = measuring.run_bench(
                plan,
                method,
                lambda step, detail: print(view.progress_text(step, detail), flush=True),
                mechanisms=mechanisms,
            )
        else:
            report = view.run_with_progress(plan, method, header, mechanisms)
    except measuring.BenchError as exc:
        raise TutorError(t("bench_failed", error=exc), exit_code=1) from None
    except measuring.BenchInterrupted as exc:
        # Typer turns a KeyboardInterrupt into a silent exit 130: say what happened ourselves.
        from ipctutor.engine.stopping import ended_by

        print(
            t("program_line", line=interrupted_line(exc.stopped, ended_by())),
            file=sys.stderr,
            flush=True,
        )
        raise typer.Exit(130) from None

    # Only part measured: the Manager lesson's comparisons need every mechanism, keep the last full run.
    saved = view.save(report) if report["complete"] else None
    if json_output:
        import json

        print(
            json.dumps(dict(report, saved_to=str(saved) if saved else None), ensure_ascii=False),
            flush=True,
        )
    elif plain:
        view.print_plain(report, plan_name, saved)
    else:
        console = view.rich_console()
        for renderable in view.panels(report, plan_name, saved, width=console.width):
            console.print(renderable)
    if export is not None:
        export_panels(
            export,
            view.export_drawing(report, header, plan_name, saved),
            json_output,
            title="ipctutor bench",
        )


def bench_break_even(quick: bool, json_output: bool, plain: bool, method: str | None) -> None:
    """--break-even: from what task size a worker process pays here (engine/break_even.py)."""
    from ipctutor.engine import break_even as measuring
    from ipctutor.screen import break_even_view as view

    plan = measuring.QUICK if quick else measuring.FULL
    try:
        if json_output:
            report = measuring.run_break_even(plan, method)
        elif plain:
            print(view.header(measuring.describe(plan, method)), flush=True)
            report = measuring.run_break_even(
                plan,
                method,
                on_progress=lambda done, total, size: print(
                    view.progress_text(done, total, size), flush=True
                ),
            )
        else:
            report = view.run_with_progress(
                lambda on_progress: measuring.run_break_even(plan, method, on_progress=on_progress)
            )
    except measuring.BreakEvenInterrupted as exc:
        from ipctutor.engine.stopping import ended_by

        print(
            t("program_line", line=interrupted_line(exc.stopped, ended_by())),
            file=sys.stderr,
            flush=True,
        )
        raise typer.Exit(130) from None
    except (OSError, RuntimeError) as exc:
        raise TutorError(t("bench_failed", error=exc), exit_code=1) from None
    if json_output:
        import json

        print(json.dumps(report, ensure_ascii=False), flush=True)
    elif plain:
        view.print_plain(report)
    else:
        from ipctutor.screen.bench_view import rich_console

        console = rich_console()
        console.print(view.header(report))
        for renderable in view.panels(report, width=console.width):
            console.print(renderable)
