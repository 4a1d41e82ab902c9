"""One translation catalogue (ipctutor/i18n.py's MESSAGES) with fixed keys: every key in both
languages with the same blanks, every key used by the code, and no key built at run time."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
import typer

from ipctutor.i18n import CATALOGUE_FILE, MESSAGES, compiled_catalogue, typer_msgids

PACKAGE = Path(__file__).resolve().parent.parent / "ipctutor"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def literals_outside_the_table() -> set[str]:
    """Every string constant in the package's code, leaving out the catalogue's own table."""
    found: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "i18n.py" and path.parent == PACKAGE:
            nodes = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        else:
            nodes = [tree]
        for top in nodes:
            found |= {
                n.value
                for n in ast.walk(top)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
    return found


def typers_gettext_msgids() -> set[str]:
    """The messages Typer looks up through gettext: every literal `_("...")` in its source."""
    found = set()
    for path in Path(typer.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_key_in_both_languages_with_the_same_blanks():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_every_key_is_used():
    literals = literals_outside_the_table()
    unused = []
    for key, entry in MESSAGES.items():
        if key.startswith("word_"):  # found by its English: a word a run reports (engine, demos)
            used = entry["en"] in literals
        elif key.startswith("typer_"):  # Typer's own message, looked up through gettext
            used = entry["en"] in typers_gettext_msgids()
        else:
            used = key in literals
        if not used:
            unused.append(key)
    assert unused == [], f"keys nothing uses: {unused}"


def keys_passed(call: ast.Call):
    if call.args:
        return call.args[0]
    return None


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_key_is_built_at_run_time(path):
    """t(f"ev_{kind}") hides a key from every search and from the test above: keys are literals
    (or a name bound to a table of literal keys)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    built = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            (isinstance(node.func, ast.Name) and node.func.id == "t")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "t")
        ):
            key = keys_passed(node)
            choices = (
                [key.body, key.orelse] if isinstance(key, ast.IfExp) else [key]
            )  # t("a" if x else "b")
            for one in choices:
                if isinstance(one, (ast.JoinedStr, ast.BinOp, ast.Call, ast.IfExp, ast.BoolOp)):
                    built.append(node.lineno)
                if isinstance(one, ast.Constant):
                    assert one.value in MESSAGES, f"{path.name}:{node.lineno}: no key {one.value!r}"
        if (
            isinstance(node, ast.Name)
            and node.id == "MESSAGES"
            and path.name != "i18n.py"
            and path.parent.name == "ipctutor"
        ):
            built.append(node.lineno)
    assert built == [], f"{path.name}: keys built at run time on lines {built}"


def test_every_key_passed_by_a_table_exists():
    """The tables that map data (a problem's kind, a bench step) to keys name real keys."""
    literals = literals_outside_the_table()
    for text in literals:
        if (
            text.startswith(("ev_", "bench_progress_", "bench_mech_", "leaked_", "net_event_"))
            and text.replace("_", "").isalnum()
            and text.islower()
        ):
            assert text in MESSAGES, text


def test_typers_catalogue_is_compiled_from_the_table():
    """locale/zh/LC_MESSAGES/ipctutor.mo is what `python -m ipctutor.i18n` writes from the
    typer_* entries: after changing one, run it."""
    assert Path(CATALOGUE_FILE).read_bytes() == compiled_catalogue(typer_msgids())


def test_gettext_reads_the_catalogue():
    import gettext

    chinese = gettext.translation(
        "ipctutor", str(Path(CATALOGUE_FILE).parents[2]), languages=["zh"]
    )
    for english, zh in typer_msgids().items():
        assert chinese.gettext(english) == zh


def test_every_typer_gettext_message_is_translated():
    """A Typer upgrade that adds a message it looks up through gettext: translate it too."""
    missing = typers_gettext_msgids() - set(typer_msgids())
    assert missing == set(), f"add typer_* entries for {sorted(missing)}"


def test_every_word_a_demo_reports_is_translated():
    """events.say("met at the barrier", ...): the words a child reports are shown to the learner
    (word()); each needs a word_* entry, unless it is code (go.set())."""
    words = {entry["en"] for key, entry in MESSAGES.items() if key.startswith("word_")}
    missing = []
    for path in sorted((PACKAGE / "engine").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "say"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                said = node.args[0].value
                if said not in words and not any(c in said for c in ".()"):
                    missing.append(f"{path.name}:{node.lineno}: {said!r}")
    assert missing == [], "add word_* entries for: " + ", ".join(missing)
