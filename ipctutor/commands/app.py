"""The Typer app: global options, the command modules, and the error boundary.

Heavy imports (Rich, YAML, questionary, the runner) happen inside the commands that need them, so
`ipctutor --help` costs what Typer costs.
"""
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import Settings
from ipctutor.errors import TutorError, caused_by_ctrl_c
from ipctutor.i18n import detect_language, set_language, t

app = typer.Typer(
    name="ipctutor",
    help="Learn Python inter-process communication by watching real processes.\n\n"
         "Start with:  ipctutor learn     (the next lesson; or: ipctutor run pipe)",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish)
    pretty_exceptions_enable=False,
)


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


# The command modules, in the order --help lists their commands. Each imports only typer at module
# level and has `register(app)`, which adds its commands. Add a module here to add its commands.
COMMAND_MODULES: tuple[str, ...] = ("ipctutor.commands.run", "ipctutor.commands.check",
                                    "ipctutor.commands.learning", "ipctutor.commands.bench",
                                    "ipctutor.commands.network", "ipctutor.commands.compare",
                                    "ipctutor.commands.practice")


def register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


SAID_130: list[bool] = []  # the command line's own code ended with 130, having said why


def say_when_interrupted(command) -> None:
    """Typer turns a Ctrl-C inside the command line's parsing or a command into a silent exit 130:
    have it say so, wherever it strikes (parsing, --help, a command's own code). A command that
    ends with 130 itself says why first; that is noted in SAID_130, so that run_cli knows a 130
    nobody explained: Typer's, for a Ctrl-C between these two methods (entering or leaving the
    command's context)."""
    import functools

    def saying(method):
        @functools.wraps(method)
        def interruptible(*args, **kwargs):
            try:
                result = method(*args, **kwargs)
            except KeyboardInterrupt:
                print(f"ipctutor: {t('interrupted_plain')}", file=sys.stderr, flush=True)
                SAID_130.append(True)
                raise typer.Exit(130) from None
            except typer.Exit as exc:
                if exc.exit_code == 130:
                    SAID_130.append(True)
                raise
            if result == 130:
                SAID_130.append(True)
            return result

        return interruptible

    # The group's invoke holds everything after the top-level parsing: the sub-command's parsing,
    # its --help, the callbacks.
    command.make_context = saying(command.make_context)
    command.invoke = saying(command.invoke)


def run_cli(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every error into one line and an exit code (tracebacks: --debug)."""
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    args = list(sys.argv[1:] if argv is None else argv)
    register_commands()
    command = typer.main.get_command(app)
    say_when_interrupted(command)
    SAID_130.clear()
    try:
        result = command.main(args=args, prog_name="ipctutor", standalone_mode=False)
        if result == 130 and not SAID_130:  # Typer's silent exit on a Ctrl-C outside the two methods
            print(f"ipctutor: {t('interrupted_plain')}", file=sys.stderr, flush=True)
        return result if isinstance(result, int) else 0
    except NoArgsIsHelpError:  # Typer has printed the help already
        return 0
    except ClickException as exc:
        where = exc.ctx.command_path if getattr(exc, "ctx", None) else "ipctutor"  # type: ignore[attr-defined]
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
        if caused_by_ctrl_c(exc):
            print(f"ipctutor: {t('interrupted_plain')}", file=sys.stderr)
            return 130
        if Settings.debug or "--debug" in args:
            raise
        print(f"ipctutor: {t('internal_error', error=f'{type(exc).__name__}: {exc}', hint=t('debug_hint'))}",
              file=sys.stderr)
        return 1
