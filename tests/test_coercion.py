"""The command line's values coerced without pydantic (ipctutor/commands/coercion.py) come out as
Typer's own pydantic coercion makes them: the same value, or the same words on a bad one."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import pytest
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo

from ipctutor.commands import coercion
from ipctutor.commands.options import StartMethod


class Colour(str, Enum):
    red = "red"
    dark_blue = "dark-blue"


INPUTS = {
    int: [
        "10",
        " 10 ",
        "\t7",
        "1_000",
        "1.0",
        "-3.000",
        "+4",
        "007",
        "1.5",
        "1e3",
        "ten",
        "",
        "0x10",
        "inf",
        "1,5",
        "\u0663",
        "_1",
        "1__0",
        "1_",
        "--1",
        "99999999999999999999",
    ],
    float: [
        "10",
        " 2.5 ",
        "1_000.5",
        "1e3",
        "-0.1",
        "+4",
        "inf",
        "-inf",
        "nan",
        "infinity",
        "ten",
        "",
        "0x10",
        "1,5",
        "\u0663",
        ".5",
        "5.",
        "1e",
        "_1",
    ],
    bool: ["yes", "YES", " on ", "T", "", "0", "1", "2", "maybe", "tRuE", "None", "off "],
    str: ["hello", "", " spaced ", "\u7ba1\u9053", "x\x1by"],
    Colour: ["red", "dark-blue", "RED", "blue", "", "dark_blue", "x\x1by"],
    StartMethod: ["fork", "spawn", "forkserver", "Fork", "thread", ""],
    Path: ["a.py", "", "~/x", "dir/../b"],
    list[str]: [["a", "b"], ("c",), "d"],
    list[StartMethod]: [["fork", "spawn"], ["spawn", "nope"], "fork"],
}


def said(runtime, value):
    try:
        got = runtime._coerce_value(value, param=None, ctx=None)
        return ("value", type(got), repr(got))  # repr: nan is not equal to itself
    except BadParameter as exc:
        return ("error", exc.message)


@pytest.mark.parametrize(
    "annotation, value",
    [(a, v) for a, values in INPUTS.items() for v in values],
    ids=lambda v: repr(v),
)
def test_the_same_value_or_the_same_words_as_typers_own(annotation, value):
    descriptor = resolve_type_descriptor(annotation=annotation, parameter_info=OptionInfo())
    mine = coercion.runtime_param(descriptor, build_runtime_param)
    assert isinstance(mine, coercion.PlainRuntimeParam)
    assert said(mine, value) == said(build_runtime_param(descriptor), value)


def test_what_it_does_not_know_goes_to_typer():
    constrained = resolve_type_descriptor(annotation=int, parameter_info=OptionInfo(min=1))
    assert not isinstance(
        coercion.runtime_param(constrained, build_runtime_param), coercion.PlainRuntimeParam
    )
    assert said(coercion.runtime_param(constrained, build_runtime_param), "0")[0] == "error"
