"""What every command checks the same way: global settings, ranges, topics, start methods, exits.

Command modules import from here, never from app.py, so the app can import them without a circle.
"""

import difflib
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.engine.demos import DEMOS
from ipctutor.errors import TutorError
from ipctutor.i18n import t

MAX_WORKERS = 256  # enough to see scaling; more only exhausts file descriptors
DEFAULT_WORKERS = 10  # as in the source material


def topic_list(key: str = "help_topic_list") -> str:
    """The topics in --help, from the demos themselves, so a new lesson's topic is never left out."""
    *topics, last = DEMOS
    return t(key, topics=t("list_separator").join(topics), last=last)


class StartMethod(str, Enum):
    fork = "fork"
    spawn = "spawn"
    forkserver = "forkserver"


class Settings:
    """Global options, set once by the app's callback (app.main_options)."""

    plain = False
    debug = False
    lessons: Path | None = None


def bounded(option: str, value: float, low: float, high: float) -> None:
    """A one-line usage error naming the valid range, for a value outside it."""
    if not low <= value <= high:
        raise typer.BadParameter(
            t("cli_out_of_range", value=value, low=low, high=high), param_hint=f"'{option}'"
        )


def available_start_method(start_method: StartMethod | None) -> str | None:
    """The chosen start method's name, or a one-line error if this platform lacks it."""
    import multiprocessing

    method = start_method.value if start_method else None
    if method and method not in multiprocessing.get_all_start_methods():
        raise TutorError(
            t(
                "start_method_unavailable",
                method=method,
                methods=t("list_separator").join(multiprocessing.get_all_start_methods()),
            )
        )
    return method


# `watch` and `doctor`: the learner's script and its own arguments. Everything after SCRIPT is the
# script's own: `watch --json x.py --json` passes --json to x.py.
SCRIPT_CONTEXT = {"allow_interspersed_args": False, "ignore_unknown_options": True}
ScriptPath = Annotated[str, typer.Argument(metavar="SCRIPT.py", help=t("help_watch_script"))]
ScriptArgs = Annotated[
    Optional[list[str]], typer.Argument(metavar="ARGS", help=t("help_watch_args"))
]


def note_options_after_script(ctx: typer.Context, args: list[str], script: str) -> None:
    """`ipctutor doctor mine.py --runs 1`: everything after the script is the script's, as with
    `python mine.py --runs 1`, so the script gets --runs (and may fail on it). When the script's
    arguments name one of the command's own options, say so (stderr, one line) and how to give
    it to the tutor instead; the script still gets them, as the learner typed."""
    takes_value: dict[str, bool] = {
        opt: not getattr(param, "is_flag", False)
        for param in ctx.command.params
        for opt in (*param.opts, *getattr(param, "secondary_opts", ()))
        if opt.startswith("-")
    }
    given: list[str] = []
    for i, arg in enumerate(args):
        name = arg.split("=", 1)[0]
        if name in takes_value:
            given.append(arg)
            if takes_value[name] and "=" not in arg and i + 1 < len(args):
                given.append(args[i + 1])
    if given:
        options = " ".join(given)
        print(
            t("options_after_script", options=options, script=script, command=ctx.info_name),
            file=sys.stderr,
            flush=True,
        )


def checked_script(script: str, command: str) -> Path:
    """The learner's script, or one line saying why it cannot be run: missing, a folder, not a
    Python file (not UTF-8 text that compiles). Only read, never written. `command` (watch,
    doctor) is named in the example of what to type."""
    path = Path(script).expanduser()
    if script.startswith("-") and not path.exists():  # an option the command does not have
        raise TutorError(t("script_is_option", option=script, command=command))
    if not script or not path.exists():
        raise TutorError(t("script_missing", file=script, command=command))
    if path.is_dir():
        raise TutorError(t("script_is_dir", file=script))
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise TutorError(t("script_unreadable", file=script, error=exc.strerror or exc)) from None
    if b"\0" in source:  # a binary file (compile says so differently from one Python to the next)
        raise TutorError(t("script_not_text", file=script))
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise TutorError(
            t("script_not_python", file=script, line=exc.lineno or "?", error=exc.msg)
        ) from None
    except (ValueError, UnicodeDecodeError):  # NUL bytes, not UTF-8: a binary file
        raise TutorError(t("script_not_text", file=script)) from None
    return path


def checked_export(path: Path | None) -> None:
    """--export FILE: refused before anything runs if it could not be written in the end."""
    if path is None:
        return
    from ipctutor.screen.export import ExportError, check_export

    try:
        check_export(path)
    except ExportError as exc:
        raise TutorError(str(exc)) from None


def checked_trace(path: Path | None) -> None:
    """--trace FILE.json: refused before anything runs if it could not be written in the end."""
    if path is None:
        return
    from ipctutor.screen.trace import TraceError, check_trace

    try:
        check_trace(path)
    except TraceError as exc:
        raise TutorError(str(exc)) from None


def known_topic(topic: str) -> str:
    """The topic itself, or a one-line error that lists the topics and guesses the nearest."""
    topic = topic.strip().lower()
    if topic.replace("_", "-") in DEMOS:  # shared_memory, as the module is spelt, is shared-memory
        topic = topic.replace("_", "-")
    if topic in DEMOS:
        return topic
    guesses = difflib.get_close_matches(topic, list(DEMOS), n=1, cutoff=0.5)
    hint = t("did_you_mean", guess=guesses[0]) if guesses else ""
    raise TutorError(
        t("unknown_topic", topic=topic, hint=hint, topics=t("list_separator").join(DEMOS))
    )


def lesson_texts(topic: str):
    """What `run` shows from the topic's lesson (lesson_texts.RunTexts), or None if it has none."""
    from ipctutor.content.lesson_texts import lessons_dir, run_texts
    from ipctutor.errors import LessonError
    from ipctutor.i18n import language

    try:
        return run_texts(lessons_dir(Settings.lessons), topic, language())
    except LessonError as exc:
        raise TutorError(str(exc)) from None


def render_plain(plain: bool) -> bool:
    """--plain here or globally, NO_COLOR, or output that is not a terminal."""
    from ipctutor.screen import render

    return render.use_plain(plain or Settings.plain)


def confirmed(question: str, needs_yes: str, kept: str) -> bool:
    """A reset's "are you sure?": refused without a terminal (needs_yes says to pass --yes);
    on no, or on Ctrl-C (exit 130), kept says that nothing was touched."""
    if not sys.stdin.isatty():
        raise TutorError(needs_yes)
    from ipctutor.screen import prompts

    try:
        agreed = prompts.confirm(question, plain=render_plain(False))
    except KeyboardInterrupt:
        print(kept, file=sys.stderr)
        raise typer.Exit(130) from None
    if not agreed:
        print(kept)
    return agreed


def say_interrupted(run) -> None:
    """The one line a run stopped by Ctrl-C ends with: how many processes were stopped."""
    from ipctutor.screen import render

    print(t("program_line", line=render.outcome_line(run)), file=sys.stderr, flush=True)


def exit_code(result) -> int:
    """0 when the demo worked; 1 when a process failed; 124 on the watchdog; 130 on Ctrl-C."""
    if result.outcome == "interrupted":
        say_interrupted(result)
        return 130
    return {"ok": 0, "timeout": 124}.get(result.outcome, 1)
