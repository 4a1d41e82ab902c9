"""--export FILE: the final panels of a command saved as SVG or HTML, chosen by the suffix."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ipctutor.i18n import t

EXPORT_SUFFIXES = (".svg", ".html", ".htm")


class ExportError(Exception):
    """A file --export cannot write; the message is one line for the learner."""


def check_export(path: Path) -> None:
    """Refuse, before anything runs, a file that could not be written in the end."""
    if path.suffix.lower() not in EXPORT_SUFFIXES:
        raise ExportError(t("bench_export_suffix", file=path, suffix=path.suffix or path.name))
    folder = path.expanduser().resolve().parent
    if not folder.is_dir():
        raise ExportError(t("bench_export_folder", file=path, folder=folder))


def save_panels(path: Path, draw: Callable, title: str) -> None:
    """Draw onto a recording console of its own (colour, 100 wide) and save what it recorded."""
    import io

    from rich.console import Console

    console = Console(
        record=True,
        file=io.StringIO(),
        width=100,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
    )
    draw(console)
    try:
        if path.suffix.lower() == ".svg":
            console.save_svg(str(path), title=title)
        else:
            console.save_html(str(path))
    except OSError as exc:
        raise ExportError(t("bench_export_failed", file=path, error=exc.strerror or exc)) from None


def export_panels(path: Path, draw: Callable, json_output: bool, title: str = "ipctutor") -> None:
    """save_panels for a command: a file it cannot write is the command's one-line error (exit 1);
    done, it says so on one line (on stderr under --json, whose stdout is the JSON alone)."""
    import sys

    from ipctutor.errors import TutorError

    try:
        save_panels(path, draw, title)
    except ExportError as exc:
        raise TutorError(str(exc), exit_code=1) from None
    print(
        t("bench_exported", file=path), file=sys.stderr if json_output else sys.stdout, flush=True
    )
