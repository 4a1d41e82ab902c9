"""Command-line values turned into Python values without importing pydantic.

Typer 0.29 coerces each value through a pydantic TypeAdapter it builds when the command line is
parsed. Importing pydantic for that was about a quarter of the CPU a `run` costs the tutor's own
process (60-70 ms of about 235 ms; benchmarks/bench_observer.py). The types our commands take, str,
int, float, bool, an Enum's choices, a Path and lists of them, with none of Typer's min, max, clamp or
parser, are coerced here the way Typer's adapters do it: the same values and the same words on a
bad one (tests/test_coercion.py puts the same inputs through both). Anything else, and any
parameter with those settings, still goes to Typer's own coercion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Callable, get_args, get_origin

from typer import core
from typer._click.exceptions import BadParameter
from typer._click.utils import _escape_control_characters
from typer._coercion import RuntimeParam, TypeDescriptor
from typer._param_types import coerce_cli_choice, coerce_cli_path, lenient_issubclass

NOT_INT = "Input should be a valid integer, unable to parse string as an integer"
NOT_FLOAT = "Input should be a valid number, unable to parse string as a number"
WHOLE = re.compile(r"([+-]?\d+)\.0*")  # "3.0" is an int to pydantic, as "3" is
Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> the value, or ValueError


class Refused(ValueError):
    """A value pydantic refuses in its own words (not a "Value error, ..." of a validator)."""


def to_int(value: Any, param: Any, ctx: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii():
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            whole = WHOLE.fullmatch(text)
            if whole:
                return int(whole.group(1))
    raise Refused(NOT_INT)


def to_float(value: Any, param: Any, ctx: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value.isascii():
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise Refused(NOT_FLOAT)


TRUE = frozenset(("1", "on", "t", "true", "y", "yes"))
FALSE = frozenset(("0", "off", "f", "false", "n", "no"))


def to_bool(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in TRUE or text in FALSE or not text:
            return text in TRUE
    raise Refused("Input should be a valid boolean, unable to interpret input")


def to_str(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, str):
        return value
    raise Refused("Input should be a valid string")


def leaf(annotation: Any, info: Any) -> Convert | None:
    """How one value of this type is coerced, or None: Typer's own coercion then."""
    if lenient_issubclass(annotation, Enum):
        choices, sensitive = list(annotation), info.case_sensitive
        return lambda value, param, ctx: coerce_cli_choice(
            value, choices=choices, case_sensitive=sensitive, ctx=ctx
        )
    if annotation is int:
        return to_int
    if annotation is float:
        return to_float
    if annotation is str:
        return to_str
    if annotation is bool:
        return to_bool
    if lenient_issubclass(annotation, Path):
        kind = info.path_type or annotation
        return lambda value, param, ctx: coerce_cli_path(
            value, info, path_type=kind, param=param, ctx=ctx
        )
    return None


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """A value coerced by `convert`, its error worded as Typer's adapter words it."""

    convert: Convert

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self.convert(value, param, ctx)
        except Refused as exc:
            raise BadParameter(_escape_control_characters(str(exc)), ctx=ctx, param=param) from None
        except ValueError as exc:
            said = _escape_control_characters(f"Value error, {exc}")
            raise BadParameter(said, ctx=ctx, param=param) from None


def runtime_param(descriptor: TypeDescriptor, typers: Callable) -> RuntimeParam:
    info, annotation = descriptor.parameter_info, descriptor.annotation
    plain = (
        descriptor.file_annotation is None
        and info.parser is None
        and info.min is None
        and info.max is None
        and not info.clamp
    )
    many = get_origin(annotation) is list
    convert = leaf(get_args(annotation)[0] if many else annotation, info) if plain else None
    if convert is None:
        return typers(descriptor)
    if many:
        one = convert

        def each(value: Any, param: Any, ctx: Any) -> list:
            items = value if isinstance(value, (list, tuple)) else [value]
            return [one(item, param, ctx) for item in items]

        convert = each
    return PlainRuntimeParam(parameter_info=info, annotation=annotation, convert=convert)


def install() -> None:
    """From now on Typer coerces the plain types here (once; harmless to call again)."""
    typers = core.build_runtime_param
    if getattr(typers, "plain_types_here", False):
        return

    def build_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
        return runtime_param(descriptor, typers)

    build_runtime_param.plain_types_here = True  # type: ignore[attr-defined]
    core.build_runtime_param = build_runtime_param
