"""How `ipctutor watch` draws a learner's script: run's panels, titled with the script's name,
and what the script printed at the end (a demo's output is the tutor's; a script's is the learner's)."""

from __future__ import annotations

from ipctutor.engine.run_record import DemoRun
from ipctutor.i18n import t
from ipctutor.screen import render

OUTPUT_LINES = 40  # the script's last lines shown in the panel; --json has all of it


class ScriptPrinter(render.PlainPrinter):
    """run's plain lines, with a header naming the script instead of a demo's workers."""

    def __init__(self, script: str, stream=None):
        super().__init__(stream)
        self.script = script

    def header(self, run: DemoRun) -> str:
        return t(
            "watch_plain_header",
            script=self.script,
            method=render.start_method_line(run),
            pid=run.parent_pid,
        )


def watch_live(script: str, start, timeout: float) -> DemoRun:
    """The live panel while the script runs, then the final panels and the script's output."""
    console = render.make_console(plain=False)
    result = render.watch_live(console, start, title=t("watch_live_title", script=script))
    if result.outcome != "interrupted":
        output_panel(result, console)
        render.final_panels(result, console, None, timeout, printed=False)  # output_panel has it
    return result


def output_panel(run: DemoRun, console) -> None:
    from rich.panel import Panel
    from rich.text import Text

    lines = run.output.splitlines()
    if not lines:
        return
    shown = lines[-OUTPUT_LINES:]
    text = "\n".join(shown)
    if len(lines) > len(shown):
        text = t("output_cut", n=len(lines) - len(shown)) + "\n" + text
    console.print(Panel(Text(text), title=t("watch_output_title"), border_style="cyan"))
