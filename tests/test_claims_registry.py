"""Every checkable statement in a lesson is traced to a test that runs it: the claims registry.

A lesson text (a screen's body, a pitfall screen's body, `after_run`, `pitfalls`, a question's
explanation) lists the ids of the statements it makes that code can check:

    body:
      claims: [value-lock-per-access, value-race-loses-updates]
      en: |
        ...

tests/claims.yaml maps each id to what it says and to the tests that run it (pytest node ids
from the repository root, `file::function` or `file::function[param]`). The suite refuses:
- an id a lesson uses that the registry does not know, and an id the registry knows that no
  lesson uses (say it in a lesson, or drop it);
- a test that does not exist (the file, or a `def` of that name in it);
- a text block that names no claim, unless the registry lists it under `unaudited`: the texts not
  yet traced in full (some name the claims traced so far), written `LESSON: screen TITLE`,
  `LESSON: pitfall_screen NAME`, `LESSON: after_run`, `LESSON: pitfalls`, `LESSON: question ID`,
  and for the practice exercises (exercises/manifest.yaml, whose texts take `claims:` the same
  way) `exercise NAME: task` and `exercise NAME: hint N` (N from 1).
  A listed text that no longer exists fails too, so the list can only shrink; take a text off it
  once every checkable statement in it names its claim. So a new screen, a new question or a new
  lesson cannot ship without its statements traced.

The tests named run in CI on every supported Python (3.11 to 3.13 here), like the rest.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
import yaml

from ipctutor.content.lessons import Lesson, Text, load_lessons

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "tests" / "claims.yaml"


@functools.cache
def registry() -> dict:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


@functools.cache
def lessons() -> tuple[Lesson, ...]:
    return tuple(load_lessons(ROOT / "lessons"))


def text_blocks(lesson: Lesson) -> list[tuple[str, Text]]:
    """The texts of a lesson that make statements, each with its stable name."""
    blocks = [(f"{lesson.id}: screen {s.title.en}", s.body) for s in lesson.screens]
    blocks += [
        (f"{lesson.id}: after_run", lesson.after_run),
        (f"{lesson.id}: pitfalls", lesson.pitfalls),
    ]
    blocks += [(f"{lesson.id}: pitfall_screen {s.name}", s.body) for s in lesson.pitfall_screens]
    blocks += [(f"{lesson.id}: question {q.id}", q.explanation) for q in lesson.quiz]
    return blocks


@functools.cache
def exercise_blocks() -> tuple[tuple[str, Text], ...]:
    """The practice exercises' texts that make statements: each task and each hint."""
    from ipctutor.content.exercises import load_course

    blocks = []
    for exercise in load_course(ROOT / "exercises").exercises:
        blocks.append((f"exercise {exercise.name}: task", exercise.task))
        blocks += [
            (f"exercise {exercise.name}: hint {n}", hint)
            for n, hint in enumerate(exercise.hints, 1)
        ]
    return tuple(blocks)


def all_blocks() -> list[tuple[str, Text]]:
    return [b for lesson in lessons() for b in text_blocks(lesson)] + list(exercise_blocks())


def used_claims() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for name, text in all_blocks():
        for claim in text.claims:
            used.setdefault(claim, []).append(name)
    return used


@functools.cache
def functions_in(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def missing_test(node_id: str) -> str | None:
    """Why NODE_ID names no test, or None when the file has a function of that name."""
    file, _, rest = node_id.partition("::")
    function = rest.split("[", 1)[0]
    path = ROOT / file
    if not file.startswith("tests/") or not path.is_file():
        return f"no test file {file}"
    if not function.startswith("test") or function not in functions_in(path):
        return f"no test function {function!r} in {file}"
    if function == "test_predict_answer":  # its ids are QUESTION[METHOD]: that question runs so
        param = rest[len(function) :].removeprefix("[").removesuffix("]")
        runs = {
            f"{q.id}[{m}]" for lesson in lessons() for q in lesson.quiz for m in q.start_methods
        }
        if param not in runs:
            return f"no predict question runs as {param!r} (its id and one of its start_methods)"
    return None


def test_the_registry_is_well_formed():
    data = registry()
    assert set(data) == {"claims", "unaudited"}, "tests/claims.yaml has `claims:` and `unaudited:`"
    for claim, entry in data["claims"].items():
        assert set(entry) == {"says", "tests"}, f"{claim}: give `says:` and `tests:`"
        assert isinstance(entry["says"], str) and entry["says"].strip(), (
            f"{claim}: say what it claims"
        )
        assert entry["tests"], f"{claim}: name at least one test that runs it"


def test_every_claim_a_lesson_makes_has_a_test_and_every_registered_claim_is_made():
    known, used = set(registry()["claims"]), used_claims()
    unknown = {claim: where for claim, where in used.items() if claim not in known}
    assert not unknown, (
        "lessons name claims tests/claims.yaml does not know; add each with the "
        f"test that runs it: {unknown}"
    )
    unused = sorted(known - set(used))
    assert not unused, f"tests/claims.yaml lists claims no lesson makes; remove them: {unused}"


def test_every_registered_test_exists():
    problems = [
        f"{claim}: {problem}"
        for claim, entry in registry()["claims"].items()
        for node_id in entry["tests"]
        if (problem := missing_test(node_id))
    ]
    assert not problems, "\n".join(problems)


def test_every_text_block_names_its_claims_or_is_listed_as_unaudited():
    unaudited = set(registry()["unaudited"] or [])
    blocks = dict(all_blocks())
    untraced = sorted(
        name for name, text in blocks.items() if not text.claims and name not in unaudited
    )
    assert not untraced, (
        "these texts name no claims: add `claims: [...]` with the id of each "
        f"checkable statement, and its test in tests/claims.yaml: {untraced}"
    )
    gone = sorted(unaudited - set(blocks))
    assert not gone, f"`unaudited` in tests/claims.yaml names texts that do not exist: {gone}"


@pytest.mark.parametrize(
    "node_id, expected",
    [
        ("tests/test_claims_registry.py::test_every_registered_test_exists", None),
        ("tests/test_claims_registry.py::test_no_such_thing", "no test function"),
        ("tests/no_such_file.py::test_x", "no test file"),
        (
            "tests/test_predict_answers.py::test_predict_answer[pipe-predict-global[fork]]",
            "no predict question",
        ),
        ("tests/test_predict_answers.py::test_predict_answer[pipe-predict-global[spawn]]", None),
    ],
)
def test_a_test_that_does_not_exist_is_refused(node_id, expected):
    problem = missing_test(node_id)
    assert (problem is None) if expected is None else (expected in problem)
