"""`ipctutor doctor SCRIPT.py [ARGS...]`: the learner's script under every start method, several
times each, and what went wrong, where, and which lesson explains it.

The diagnosis is engine/diagnose.py's (data); the drawing is screen/doctor_view.py's. The file is
read, never written.
"""

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
    render_plain,
)
from ipctutor.i18n import t

DEFAULT_RUNS = 4  # per start method: engine/diagnose.py says why
DEFAULT_WATCHDOG = 5.0


def doctor(
    ctx: typer.Context,
    script: ScriptPath,
    args: ScriptArgs = None,
    start_method: Annotated[
        Optional[StartMethod],
        typer.Option("--start-method", "-s", help=t("help_doctor_start_method")),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", help=t("help_doctor_runs"))] = DEFAULT_RUNS,
    timeout: Annotated[
        float, typer.Option("--timeout", help=t("help_doctor_timeout"))
    ] = DEFAULT_WATCHDOG,
    json_output: Annotated[bool, typer.Option("--json", help=t("help_json"))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_plain"))] = False,
    prompt: Annotated[bool, typer.Option("--prompt", help=t("help_doctor_prompt"))] = False,
    ctrl_c: Annotated[bool, typer.Option("--ctrl-c", help=t("help_doctor_ctrl_c"))] = False,
) -> None:
    """Run your script under every start method and say what goes wrong, where, and why."""
    bounded("--runs", runs, 1, 20)
    bounded("--timeout", timeout, 0.5, 600)
    path = checked_script(script, "doctor")
    note_options_after_script(ctx, list(args or ()), script)
    method = available_start_method(start_method)
    plain = render_plain(plain)
    from ipctutor.engine.diagnose import diagnose
    from ipctutor.screen import doctor_view

    methods = [method] if method else None
    if prompt or ctrl_c:  # the code as typed at the >>> prompt or in a notebook; a Ctrl-C
        from functools import partial

        diagnose = partial(diagnose, prompt=prompt, ctrl_c=ctrl_c)
    if json_output:
        found = diagnose(path, list(args or ()), methods=methods, runs=runs, watchdog=timeout)
        import json

        print(json.dumps(found.as_dict(), ensure_ascii=False), flush=True)
    else:
        found = doctor_view.diagnose_on_screen(
            diagnose, path, list(args or ()), methods, runs, timeout, plain, ctrl_c
        )
        doctor_view.show(found, plain)
    raise typer.Exit(1 if found.findings else 0)


def register(app: typer.Typer) -> None:
    app.command(help=t("cmd_doctor"), context_settings=SCRIPT_CONTEXT)(doctor)
