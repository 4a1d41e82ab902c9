"""The command line's own errors (a bad value, an unknown option, a missing argument) in the
learner's language.

Typer looks its own words up through gettext (i18n.use_typer_catalogue), but its copy of Click
words these errors in plain English. In a Chinese session the line is said from the exception's
fields instead (the option, the parameter and its type), never by rewriting Click's English text.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from ipctutor.i18n import language, t


def error_message(exc) -> str:
    """What went wrong on the command line, in one sentence (no 'see --help': the caller adds it)."""
    english = exc.format_message().replace("Value error, ", "")
    if language() == "en":
        return english
    try:
        return said_from_fields(exc)
    except Exception:  # noqa: BLE001 (a Typer whose exceptions look otherwise: its own words, not a traceback)
        return english


def said_from_fields(exc) -> str:
    """The Chinese line, from what the exception knows: its class, option, parameter and type."""
    from typer._click.exceptions import (
        BadOptionUsage,
        BadParameter,
        MissingParameter,
        NoSuchOption,
    )

    if isinstance(exc, NoSuchOption):
        hint = (
            t("cli_did_you_mean", options=", ".join(sorted(exc.possibilities)))
            if exc.possibilities
            else ""
        )
        return t("cli_no_such_option", option=exc.option_name) + hint
    if isinstance(exc, BadOptionUsage):
        takes_value = not getattr(option_named(exc), "is_flag", False)
        return t("cli_needs_value" if takes_value else "cli_takes_no_value", option=exc.option_name)
    if isinstance(exc, MissingParameter):
        name = hint_of(exc)
        return t(
            "cli_missing_argument"
            if exc.param_type == "argument"
            or getattr(exc.param, "param_type_name", "") == "argument"
            else "cli_missing_option",
            name=name,
        )
    if isinstance(exc, BadParameter):
        if exc.param_hint is not None:  # raised by our own checks (options.bounded): already ours
            return t("cli_invalid_value", name=hint_of(exc), why=exc.message)
        return t("cli_invalid_value", name=hint_of(exc), why=what_it_takes(exc.param))
    return (
        exc.format_message()
    )  # Typer's own, through gettext ("No such command", "Missing command.")


def hint_of(exc) -> str:
    """'--workers' / '-n', or 'topic': how Click names the parameter, quoted like Click does."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(x) for x in hint)
    return str(hint)


def what_it_takes(param) -> str:
    """What a parameter takes, from its type: a whole number, a number, one of some choices."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if (
        descriptor is not None
        and getattr(descriptor, "is_choice", False)
        and descriptor.choices is not None
    ):
        choices = [c.value if isinstance(c, Enum) else c for c in descriptor.choices]
        return t(
            "cli_want_one_of",
            choices="、".join(repr(c) for c in choices)
            if language() == "zh"
            else ", ".join(repr(c) for c in choices),
        )
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return t("cli_want_one_of", choices="、".join(repr(m.value) for m in annotation))
    info = getattr(descriptor, "parameter_info", None)
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if annotation in (int, float) and low is not None and high is not None:
        return t("cli_want_range", low=low, high=high)
    if annotation is int:
        return t("cli_want_int")
    if annotation is float:
        return t("cli_want_float")
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return t("cli_want_path")
    return t("cli_want_other", kind=getattr(annotation, "__name__", str(annotation)))


def option_named(exc):
    """The parameter object an option name belongs to, in the command that failed."""
    if exc.ctx is None:
        return None
    for param in exc.ctx.command.params:
        if exc.option_name in [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]:
            return param
    return None


def usage_context():
    """Click's Context, with a help formatter whose usage line begins with our "Usage:", and
    Rich breaking Chinese help text where Chinese breaks (textwidth.wrap_chinese_in_rich)."""
    from typer._click.core import Context
    from typer._click.formatting import HelpFormatter

    class UsageFormatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, t("cli_usage") if prefix is None else prefix)

    class UsageContext(Context):
        formatter_class = UsageFormatter

        def get_help(self) -> str:  # --help, and a group named without a command
            if language() == "zh":
                from ipctutor.screen.textwidth import wrap_chinese_in_rich

                wrap_chinese_in_rich()
            return super().get_help()

    return UsageContext


def help_option_in_the_learners_language(command) -> None:
    """--help's own help ("Show this message and exit.", Click's words), once Click makes the
    option: only for the command whose options are shown."""
    get_help_option = command.get_help_option

    def help_option(ctx):
        option = get_help_option(ctx)
        if option is not None:
            option.help = t("help_help")
        return option

    command.get_help_option = help_option


def parse_in_the_learners_language(command) -> None:
    """Click refuses words a command does not take in English only: parse with them allowed,
    then refuse them here, in the learner's language. And its parser's errors (an option without
    its value) come without the command they belong to: attach it, so that the line can say
    whether the option takes a value, and which command's --help to see."""
    from typer._click.exceptions import UsageError

    parse_args = command.parse_args

    def parse(ctx, args):
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            left = parse_args(ctx, args)
        except UsageError as exc:
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise
        finally:
            ctx.allow_extra_args = allowed
        if left and not allowed and not ctx.resilient_parsing:
            raise UsageError(t("cli_extra_arguments", args=" ".join(map(repr, left))), ctx)
        return left

    command.parse_args = parse
