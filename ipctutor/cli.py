"""The command line: parses options, calls the code that does the work, and prints.

Heavy imports (Rich, YAML, questionary, the runner) happen inside the commands that need them, so
`ipctutor --help` costs what Typer costs.
"""

import difflib
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.demos import DEMOS
from ipctutor.i18n import detect_language, set_language, t

app = typer.Typer(
    name="ipctutor",
    help="Learn Python inter-process communication by watching real processes.\n\n"
         "Start with:  ipctutor learn     (the next lesson; or: ipctutor run pipe)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class TutorError(Exception):
    """An error the learner can fix: printed as one line, exit code 2 unless said otherwise."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


class StartMethod(str, Enum):
    fork = "fork"
    spawn = "spawn"
    forkserver = "forkserver"


class Settings:
    """Global options, set once by the callback."""

    plain = False
    debug = False
    lessons: Path | None = None


@app.callback()
def main_options(
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help="Language: en or zh (default: IPCTUTOR_LANG, then the locale).")] = None,
    plain: Annotated[bool, typer.Option(
        "--plain", help="No colours or live redraws (also: NO_COLOR, or output not a terminal).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
    lessons: Annotated[Optional[Path], typer.Option(
        "--lessons", help="Load lessons from this folder (also: IPCTUTOR_LESSONS).")] = None,
) -> None:
    """Learn Python inter-process communication by watching real processes."""
    if lang is not None and lang not in ("en", "zh"):
        raise typer.BadParameter(f"{lang!r} is not one of 'en', 'zh'.", param_hint="'--lang'")
    set_language(detect_language(lang))
    Settings.plain = plain
    Settings.debug = debug
    Settings.lessons = lessons


MAX_WORKERS = 256  # enough to see scaling; more only exhausts file descriptors
DEFAULT_WORKERS = 10  # as in the source material


def bounded(option: str, value: float, low: float, high: float) -> None:
    """A one-line usage error naming the valid range, for a value outside it."""
    if not low <= value <= high:
        raise typer.BadParameter(f"{value:g} is outside the valid range {low:g} to {high:g}.",
                                 param_hint=f"'{option}'")


def available_start_method(start_method: StartMethod | None) -> str | None:
    """The chosen start method's name, or a one-line error if this platform lacks it."""
    import multiprocessing

    method = start_method.value if start_method else None
    if method and method not in multiprocessing.get_all_start_methods():
        raise TutorError(t("start_method_unavailable", method=method,
                           methods=", ".join(multiprocessing.get_all_start_methods())))
    return method


def checked_export(path: Path | None) -> None:
    """--export FILE: refused before anything runs if it could not be written in the end."""
    if path is None:
        return
    from ipctutor.export import ExportError, check_export

    try:
        check_export(path)
    except ExportError as exc:
        raise TutorError(str(exc)) from None


def known_topic(topic: str) -> str:
    """The topic itself, or a one-line error that lists the topics and guesses the nearest."""
    topic = topic.strip().lower()
    if topic in DEMOS:
        return topic
    guesses = difflib.get_close_matches(topic, list(DEMOS), n=1, cutoff=0.5)
    hint = t("did_you_mean", guess=guesses[0]) if guesses else ""
    raise TutorError(t("unknown_topic", topic=topic, hint=hint, topics=", ".join(DEMOS)))


def lesson_texts(topic: str):
    """What `run` shows from the topic's lesson (lesson_texts.RunTexts), or None if it has none."""
    from ipctutor.i18n import language
    from ipctutor.lesson_texts import LessonError, lessons_dir, run_texts

    try:
        return run_texts(lessons_dir(Settings.lessons), topic, language())
    except LessonError as exc:
        raise TutorError(str(exc)) from None


@app.command()
def run(
    topic: Annotated[str, typer.Argument(help="process, queue, pipe, lock, value, manager or pool.")],
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-n", help="How many child processes (1-256; default 10, a pitfall's own).",
        show_default=False)] = None,
    start_method: Annotated[Optional[StartMethod], typer.Option(
        "--start-method", "-s", help="How children start (default: the platform's).")] = None,
    delay: Annotated[float, typer.Option(
        "--delay", help="Each child's pause in seconds (0-60), as the source's "
                                           "sleep(1); 0 runs flat out.")] = 1.0,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Watchdog: stop the demo after this many seconds (0.1-3600).")] = 30.0,
    fail: Annotated[Optional[int], typer.Option(
        "--fail", help="Make child N raise, to see what a crash looks like.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object, nothing else.")] = False,
    plain: Annotated[bool, typer.Option("--plain", help="Plain lines: no colours, no live redraws.")] = False,
    connect: Annotated[Optional[str], typer.Option(
        "--connect", metavar="HOST:PORT", help="manager only: use the dict that "
                                               "`ipctutor manager serve` holds at HOST:PORT.")] = None,
    authkey: Annotated[Optional[str], typer.Option(
        "--authkey", help="With --connect: the key `manager serve` printed "
                          "(also: IPCTUTOR_AUTHKEY).")] = None,
    pitfall: Annotated[Optional[str], typer.Option(
        "--pitfall", help="Break it, then fix it: run a pitfall of this topic ('list' lists them).")] = None,
    size: Annotated[Optional[int], typer.Option(
        "--size", help="With --pitfall: bytes per message, or increments per worker for the race.")] = None,
    repeat: Annotated[Optional[int], typer.Option(
        "--repeat", help="Run the demo K times (1-200) and show how often each outcome came up.")] = None,
    export: Annotated[Optional[Path], typer.Option(
        "--export", metavar="FILE", help="Also save the final panels as FILE.svg or FILE.html.")] = None,
) -> None:
    """Run a demo live: real processes, their PIDs, what each sent and received.

    Example: ipctutor run pipe --workers 10 --start-method spawn
    """
    if workers is not None:
        bounded("--workers", workers, 1, MAX_WORKERS)
    bounded("--delay", delay, 0, 60)
    bounded("--timeout", timeout, 0.1, 3600)
    if fail is not None:
        bounded("--fail", fail, 0, (workers or DEFAULT_WORKERS) - 1)
    if repeat is not None:
        bounded("--repeat", repeat, 1, 200)
    topic = known_topic(topic)
    method = available_start_method(start_method)
    checked_export(export)
    plain = render_plain(plain)
    if pitfall is not None or size is not None:
        raise typer.Exit(run_pitfall_option(topic, pitfall, size, repeat, connect, fail, workers=workers,
                                            delay=delay, start_method=method, timeout=timeout,
                                            json_output=json_output, plain=plain, export=export))
    workers = workers or DEFAULT_WORKERS
    texts = lesson_texts(topic)
    after_run = texts.after_run if texts else None
    demo_options = None
    if connect is not None or authkey is not None:  # a manager across the network: network_cli.py
        if repeat is not None:  # every run would find the keys of the runs before it
            raise TutorError(t("repeat_connect"))
        from ipctutor.network_cli import prepare_remote_run

        remote = prepare_remote_run(topic, connect, authkey, timeout)
        topic, after_run, demo_options = remote.topic, remote.after_run, remote.demo_options

    from ipctutor import render
    from ipctutor.runner import run_demo

    options = dict(workers=workers, delay=delay, start_method=method, timeout=timeout, fail=fail,
                   demo_options=demo_options)
    if repeat is not None:
        from ipctutor.run_modes import run_repeat_command

        raise typer.Exit(run_repeat_command(topic, repeat, options, json_output=json_output,
                                            plain=plain, export=export))
    if json_output:
        result = run_demo(topic, **options)
        if result.outcome != "interrupted":
            print(render.run_as_json(result), flush=True)
    elif plain:
        printer = render.PlainPrinter()
        result = run_demo(topic, on_change=printer, **options)
        if result.outcome != "interrupted":
            printer.final(result, after_run, timeout)
    else:
        result = run_live(topic, options, after_run)
    if result.outcome == "ok":
        from ipctutor.progress import record_demo_run

        record_demo_run(texts.lesson_id if texts else topic)
    if export is not None and result.outcome != "interrupted":
        from ipctutor.run_modes import export_run

        export_run(export, result, after_run, timeout, json_output)
    exit_for(result)


def render_plain(plain: bool) -> bool:
    """--plain here or globally, NO_COLOR, or output that is not a terminal."""
    from ipctutor import render

    return render.use_plain(plain or Settings.plain)


def run_pitfall_option(topic, pitfall, size, repeat, connect, fail, **options) -> int:
    """`run TOPIC --pitfall NAME`: the broken code, then the fix, and what the runs showed."""
    from ipctutor import run_modes

    if pitfall is None:
        raise TutorError(t("size_needs_pitfall"))
    if repeat is not None or connect is not None or fail is not None:
        raise TutorError(t("pitfall_alone"))
    if pitfall == "list":
        run_modes.list_pitfalls(topic)
        return 0
    chosen = run_modes.pitfall_named(topic, pitfall)
    if size is not None:
        bounded("--size", size, 1, 50_000_000)
    texts = lesson_texts(topic)
    explanation = texts.pitfall_bodies.get(chosen.name) if texts else None
    return run_modes.run_pitfall_command(chosen, size=size, explanation=explanation, **options)


def run_live(topic: str, options: dict, after_run: str | None):
    """Run with a live panel that redraws as children start, report and exit."""
    from functools import partial

    from ipctutor import render
    from ipctutor.runner import run_demo

    console = render.make_console(plain=False)
    result = render.watch_live(console, partial(run_demo, topic, **options))
    if result.outcome != "interrupted":
        render.final_panels(result, console, after_run, options["timeout"])
    return result


def say_interrupted(run) -> None:
    """The one line a run stopped by Ctrl-C ends with: how many processes were stopped."""
    from ipctutor import render

    print(f"ipctutor: {render.outcome_line(run)}", file=sys.stderr, flush=True)


def exit_for(result) -> None:
    """0 when the demo worked; 1 when a process failed; 124 on the watchdog; 130 on Ctrl-C."""
    if result.outcome == "interrupted":
        say_interrupted(result)
        raise typer.Exit(130)
    code = {"ok": 0, "timeout": 124}.get(result.outcome, 1)
    if code:
        raise typer.Exit(code)


@app.command()
def show(
    topic: Annotated[str, typer.Argument(help="The demo to print as a standalone script.")],
) -> None:
    """Print a demo as a standalone script you can save and run with python.

    Example: ipctutor show pipe > pipe_demo.py && python pipe_demo.py --workers 3
    """
    from ipctutor.scripts import standalone_script

    sys.stdout.write(standalone_script(known_topic(topic)))


@app.command()
def check(
    folder: Annotated[Optional[Path], typer.Argument(
        help="A lessons folder (default: --lessons, IPCTUTOR_LESSONS, or the bundled lessons).")] = None,
) -> None:
    """Validate a lessons folder: schema, demos, translations. Exits 1 if anything is wrong.

    Example: ipctutor check lessons/
    """
    from ipctutor.lesson_texts import lessons_dir
    from ipctutor.lessons import check_folder

    target = folder or lessons_dir(Settings.lessons)
    lessons, problems = check_folder(target)
    for problem in problems:
        print(problem)
    if problems:
        print(t("lessons_bad", n=len(problems), folder=target), file=sys.stderr)
        raise typer.Exit(1)
    print(t("lessons_ok", n=len(lessons), folder=target))


# Commands that live in modules of their own. Each imports only typer at module level and has
# `register(app)`, which adds its commands. Add a module here to add its commands.
COMMAND_MODULES: tuple[str, ...] = ("ipctutor.learning_cli", "ipctutor.bench_cli",
                                    "ipctutor.network_cli", "ipctutor.compare_cli")


def register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


def say_when_interrupted(command) -> None:
    """Typer turns a Ctrl-C that leaves a command into a silent exit 130: have every command say it."""
    import functools

    for sub in getattr(command, "commands", {}).values():
        say_when_interrupted(sub)
    callback = command.callback
    if callback is None:
        return

    @functools.wraps(callback)
    def interruptible(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except KeyboardInterrupt:
            print(f"ipctutor: {t('interrupted_plain')}", file=sys.stderr, flush=True)
            raise typer.Exit(130) from None

    command.callback = interruptible


def run_cli(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every error into one line and an exit code (tracebacks: --debug)."""
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    args = list(sys.argv[1:] if argv is None else argv)
    register_commands()
    command = typer.main.get_command(app)
    say_when_interrupted(command)
    try:
        result = command.main(args=args, prog_name="ipctutor", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except NoArgsIsHelpError:  # Typer has printed the help already
        return 0
    except ClickException as exc:
        where = exc.ctx.command_path if getattr(exc, "ctx", None) else "ipctutor"
        message = exc.format_message().replace("Value error, ", "")
        print(f"ipctutor: error: {message} (see '{where} --help')", file=sys.stderr)
        return exc.exit_code
    except TutorError as exc:
        print(f"ipctutor: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `ipctutor run pipe --plain | head`: the reader has gone
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (KeyboardInterrupt, Abort):
        print(f"ipctutor: {t('interrupted_plain')}", file=sys.stderr)
        return 130
    except Exception as exc:
        if Settings.debug or "--debug" in args:
            raise
        print(f"ipctutor: {t('internal_error', error=f'{type(exc).__name__}: {exc}', hint=t('debug_hint'))}",
              file=sys.stderr)
        return 1
