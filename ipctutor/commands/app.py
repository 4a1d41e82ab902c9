"""The Typer app: global options, the command modules, and the error boundary.

Heavy imports (Rich, YAML, questionary, the runner) happen inside the commands that need them, so
`ipctutor --help` costs what Typer costs.
"""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import Settings
from ipctutor.engine.stopping import ended_by
from ipctutor.errors import TutorError, caused_by_ctrl_c
from ipctutor.i18n import detect_language, language_in_args, set_language, t

app = typer.Typer(
    name="ipctutor",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish)
    pretty_exceptions_enable=False,
)


def add_global_options() -> None:
    """The global options, their help in the learner's language (known by now: run_cli)."""

    @app.callback(help=t("help_app"))
    def main_options(
        lang: Annotated[Optional[str], typer.Option("--lang", help=t("help_lang"))] = None,
        plain: Annotated[bool, typer.Option("--plain", help=t("help_plain_global"))] = False,
        debug: Annotated[bool, typer.Option("--debug", help=t("help_debug"))] = False,
        lessons: Annotated[
            Optional[Path], typer.Option("--lessons", help=t("help_lessons"))
        ] = None,
    ) -> None:
        if lang is not None and lang not in ("en", "zh"):
            raise typer.BadParameter(t("cli_bad_lang", value=lang), param_hint="'--lang'")
        set_language(detect_language(lang))
        Settings.plain = plain
        Settings.debug = debug
        Settings.lessons = lessons


# The command modules, in the order --help lists their commands. Each imports only typer at module
# level and has `register(app)`, which adds its commands. Add a module here to add its commands.
COMMAND_MODULES: tuple[str, ...] = (
    "ipctutor.commands.run",
    "ipctutor.commands.watch",
    "ipctutor.commands.doctor",
    "ipctutor.commands.check",
    "ipctutor.commands.learning",
    "ipctutor.commands.bench",
    "ipctutor.commands.network",
    "ipctutor.commands.compare",
    "ipctutor.commands.practice",
)


def register_commands() -> None:
    """Add every module's commands to the app, once (run_cli may run more than once in a process)."""
    import importlib

    if app.registered_commands:
        return
    if app.registered_callback is None:
        add_global_options()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


def in_the_learners_language(command) -> None:
    """Every command's usage line says "Usage:" in the learner's language (Click's own word,
    passed to its formatter as the prefix), and refuses extra words in it too."""
    from ipctutor.commands import parse_errors

    context = parse_errors.usage_context()
    words = {
        "install_completion": t("help_install_completion"),
        "show_completion": t("help_show_completion"),
    }
    todo = [command]
    while todo:
        one = todo.pop()
        one.context_class = context
        for param in one.params:  # Typer's own options, whose help Typer words in English only
            if param.name in words:
                param.help = words[param.name]
        parse_errors.help_option_in_the_learners_language(one)
        subcommands = getattr(one, "commands", None)
        if subcommands:
            todo.extend(subcommands.values())
        else:
            parse_errors.parse_in_the_learners_language(one)


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
                say_interrupted_plain()
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


def reopen_closed_streams() -> None:
    """`ipctutor learn <&-` or `>&-`: a closed standard stream becomes /dev/null (no input, output
    dropped), as a daemon does. Python leaves sys.stdin/stdout None there (AttributeError in every
    command), and the closed descriptor would be the next file opened: a progress file or a child's
    pipe would then be read as input or written as output. And a stream that cannot encode what
    the tutor prints (·, …, Chinese) replaces it rather than fail mid-line."""
    import os

    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:  # a lower descriptor was closed too and took it: put it in its place
                os.dup2(opened, fd)
                os.close(opened)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only terminal (PYTHONIOENCODING=ascii):
        try:  # "?" for what it cannot show, not UnicodeEncodeError
            "·…管".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")


def say_interrupted_plain() -> None:
    """The one line a run ends with after Ctrl-C (SIGTERM, SIGHUP) when no one said more."""
    from ipctutor.i18n import interrupted_text

    try:
        print(
            t("program_line", line=interrupted_text("interrupted_plain", ended_by())),
            file=sys.stderr,
            flush=True,
        )
    except OSError:  # a closed terminal: nobody is there to read it
        pass


def run_cli(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every error into one line and an exit code (tracebacks: --debug)."""
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from ipctutor.content.safe_text import visible

    args = list(sys.argv[1:] if argv is None else argv)
    reopen_closed_streams()
    set_language(detect_language(language_in_args(args)))  # before any help is built
    register_commands()
    from ipctutor.commands import coercion

    coercion.install()  # no pydantic for parsing the command line: its import is costly
    command = typer.main.get_command(app)
    in_the_learners_language(command)
    say_when_interrupted(command)
    SAID_130.clear()
    try:
        result = command.main(args=args, prog_name="ipctutor", standalone_mode=False)
        if (
            result == 130 and not SAID_130
        ):  # Typer's silent exit on a Ctrl-C outside the two methods
            say_interrupted_plain()
        return result if isinstance(result, int) else 0
    except NoArgsIsHelpError:  # Typer has printed the help already
        return 0
    except ClickException as exc:
        from ipctutor.commands.parse_errors import error_message

        where = exc.ctx.command_path if getattr(exc, "ctx", None) else "ipctutor"  # type: ignore[attr-defined]
        print(
            visible(t("cli_error_line", message=error_message(exc), where=where)), file=sys.stderr
        )
        return exc.exit_code
    except TutorError as exc:
        print(visible(t("cli_error", message=exc)), file=sys.stderr)  # it may quote a path or input
        return exc.exit_code
    except BrokenPipeError:  # `ipctutor run pipe --plain | head`: the reader has gone
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (KeyboardInterrupt, Abort):
        say_interrupted_plain()
        return 130
    except Exception as exc:
        # after SIGTERM or SIGHUP the run is over whatever failed on the way out (a closed
        # terminal fails every write): one line, and main() makes the exit code 128 + the signal
        if caused_by_ctrl_c(exc) or ended_by() is not None:
            say_interrupted_plain()
            return 130
        if Settings.debug or "--debug" in args:
            raise
        error = f"{type(exc).__name__}: {exc}".replace("\n", " ")  # one line
        print(
            visible(t("program_line", line=t("internal_error", error=error, hint=t("debug_hint")))),
            file=sys.stderr,
        )
        return 1
