"""Text from a lessons or exercises folder is content, not commands to the terminal.

A control character in a lesson (ESC starts the sequences that set the window title, write the
clipboard, or redraw the screen) would reach the learner's terminal as it is: every string of a
lesson or manifest, and every exercise script, is checked here, and one that holds such a character
is refused with where it is. YAML's own limits are turned into a located problem too: an integer
of more than 4,300 digits makes PyYAML raise ValueError (Python's int-from-text limit), not a
YAMLError.

Stdlib only: `ipctutor run` reads its lesson texts through lesson_texts.py, which uses it.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls (U+0085 NEL and U+009B CSI among them)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# in a script, a carriage return before a newline is a Windows line end, not an escape
SCRIPT_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def first_control(text: str, pattern: re.Pattern = CONTROL) -> str | None:
    """The first control character in `text` as U+XXXX, or None if there is none."""
    found = pattern.search(text)
    return f"U+{ord(found.group()[0]):04X}" if found else None


def visible(text: str) -> str:
    """`text` with each control character but newline written out (\\x1b): safe to print, for
    messages that quote what came from outside (a path, a file's text, an argument)."""
    return CONTROL.sub(lambda found: repr(found.group())[1:-1], text)


def visible_line(text: str) -> str:
    """`visible`, and newline and tab written out too (\\n, \\t): a value from a file the learner
    may edit (a lesson id in progress.json) shown on one line, never a line or a sequence of its own."""
    return visible(str(text)).replace("\n", "\\n").replace("\t", "\\t")


def visible_json(text: str) -> str:
    """JSON written with ensure_ascii=False, with the C1 control characters (U+0080 to U+009F, CSI
    among them) and DEL escaped too (json only escapes U+0000 to U+001F): the same JSON, safe to print."""
    return re.sub("[\x7f-\x9f]", lambda found: f"\\u{ord(found.group()):04x}", text)


def control_problems(data: Any, where: tuple = ()) -> list[tuple[tuple, str]]:
    """(location, U+XXXX) for every string (key or value) in YAML data holding a control character."""
    found = []
    if isinstance(data, str):
        code = first_control(data)
        if code:
            found.append((where, code))
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and first_control(key):
                found.append((where, first_control(key) or ""))
            found += control_problems(value, (*where, key))
    elif isinstance(data, list):
        for n, item in enumerate(data):
            found += control_problems(item, (*where, n))
    return found


def has_control(data: Any) -> bool:
    return bool(control_problems(data))


def control_message(code: str) -> str:
    return (
        f"holds the control character {code}: text that reaches the terminal must not hold escape "
        "sequences or other control characters; remove it"
    )


def limit_problem(text: str, loader, exc: BaseException) -> tuple[int | None, str]:
    """(line, message) for YAML that parses but that Python cannot build: an integer of more than
    4,300 digits (ValueError), or a nesting too deep (RecursionError)."""
    if isinstance(exc, RecursionError):
        return None, "nested too deep to read: flatten it"
    message = (
        "a number of more than 4,300 digits (Python reads no longer one from text): write a "
        "smaller one"
    )
    return huge_int_line(text, loader), message


def huge_int_line(text: str, loader) -> int | None:
    """The 1-based line of the first YAML integer too long to read, for a located problem."""
    import yaml

    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return None
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":int") and len(node.value) > 4300:
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None
