"""`ipctutor watch SCRIPT.py [ARGS...]`: the learner's own script, run under the observer.

The same engine and screens as `run` (engine/watch.py's watch_script, screen/render.py's live
panel, plain lines and --json, screen/timeline.py's --timeline and --trace): only what is run
differs, a file of the learner's instead of a demo. The file is read, never written.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import (
    SCRIPT_CONTEXT,
    ScriptArgs,
    ScriptPath,
    StartMethod,
    available_start_method,
    bounded,
    checked_script,
    note_options_after_script,
    checked_trace,
    exit_code,
    render_plain,
)
from ipctutor.i18n import t


def watch(
    ctx: typer.Context,
    script: ScriptPath,
    args: ScriptArgs = None,
    start_method: Annotated[
        Optional[StartMethod], typer.Option("--start-method", "-s", help=t("help_start_method"))
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help=t("help_watch_timeout"))] = 30.0,
    json_output: Annotated[bool, typer.Option("--json", help=t("help_json"))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_plain"))] = False,
    timeline: Annotated[bool, typer.Option("--timeline", help=t("help_run_timeline"))] = False,
    trace: Annotated[
        Optional[Path], typer.Option("--trace", metavar="FILE.json", help=t("help_run_trace"))
    ] = None,
) -> None:
    """Run your own script under the observer: every process, its PID, what it sent and printed."""
    bounded("--timeout", timeout, 0.1, 3600)
    path = checked_script(script, "watch")
    note_options_after_script(ctx, list(args or ()), script)
    method = available_start_method(start_method)
    checked_trace(trace)
    plain = render_plain(plain)
    raise typer.Exit(
        watch_once(
            path,
            list(args or ()),
            method,
            timeout,
            json_output=json_output,
            plain=plain,
            timeline=timeline,
            trace=trace,
        )
    )


def watch_once(
    path: Path,
    args: list[str],
    start_method: str | None,
    timeout: float,
    *,
    json_output: bool,
    plain: bool,
    timeline: bool,
    trace: Path | None,
) -> int:
    """One watched run of the script: a live panel, plain lines, or one JSON object."""
    from ipctutor.engine.watch import watch_script
    from ipctutor.screen import render, script_view

    def start(on_change=None):
        return watch_script(
            path, args, start_method=start_method, timeout=timeout, on_update=on_change
        )

    if json_output:
        result = start()
        if result.outcome != "interrupted":
            print(render.run_as_json(result), flush=True)
    elif plain:
        printer = script_view.ScriptPrinter(path.name)
        result = start(printer)
        if result.outcome != "interrupted":
            printer.final(result, None, timeout)
    else:
        result = script_view.watch_live(path.name, start, timeout)
    if (timeline or trace is not None) and result.outcome != "interrupted":
        from ipctutor.screen.timeline import present

        present(result, timeline=timeline, trace=trace, json_output=json_output, plain=plain)
    return exit_code(result)


def register(app: typer.Typer) -> None:
    app.command(help=t("cmd_watch"), context_settings=SCRIPT_CONTEXT)(watch)
