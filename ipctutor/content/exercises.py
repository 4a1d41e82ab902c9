"""Practice exercises: one manifest (exercises/manifest.yaml) plus, per exercise, the broken script
the learner fixes (NAME.py) and a solution (solutions/NAME.py). Checked with file:line errors.

    format_version: 1
    exercises:
      - name: value-lost-update
        topic: value
        title: {en: ..., zh: ...}
        task: {en: ..., zh: ...}           # what to make work; shown with the file's path
        hints: [{en: ..., zh: ...}, ...]   # the ladder `h` climbs: a nudge first, the fix last
        start_methods: [fork, spawn, forkserver]
        runs: 5                            # per start method: enough to catch the bug (measured:)
        watchdog: 5                        # seconds per run
        measured: "..."                    # how often one run shows the bug, and the miss chance
        check:
          args: {workers: [3, 4], times: [20000, 40000]}   # drawn per run, passed as argv in order
          result: {pattern: 'total (\\d+)', expect: "workers * times"}
          wrong: {en: "lost updates in {n} of {runs} runs (final {got} of {expected})", zh: ...}

Progress keeps exercises by name, so the order of the manifest may change freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ipctutor.content.lessons import Problem, Strict, Text, _node_line, used_twice
from ipctutor.content.safe_text import (
    SCRIPT_CONTROL,
    control_message,
    control_problems,
    first_control,
    limit_problem,
)
from ipctutor.engine.demos import DEMOS
from ipctutor.engine.practice_check import CheckSpec, evaluate

FORMAT_VERSION = 1  # the newest exercise format this engine understands
MANIFEST = "manifest.yaml"
StartMethod = Literal["fork", "spawn", "forkserver"]


class Result(Strict):
    """The script's last line: `pattern` must match it whole; its group 1 must equal `expect`."""

    pattern: str
    expect: str  # arithmetic over the names in `args`

    @field_validator("pattern")
    @classmethod
    def one_group(cls, value: str) -> str:
        try:
            groups = re.compile(value).groups
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        if groups < 1:
            raise ValueError("the pattern needs a group, (\\d+), holding the number to compare")
        return value


class Lines(Strict):
    """Every other line printed must match `pattern` whole; `count` of them; optionally each owner's
    lines (group 1) in one stretch."""

    pattern: str
    count: str | None = None
    contiguous: bool = False


class Check(Strict):
    """What every run must show, besides exit code 0, no traceback, children of the right start method."""

    args: dict[str, tuple[int, int]] = Field(default_factory=dict)  # name: [low, high]
    result: Result | None = None
    lines: Lines | None = None
    wrong: Text | None = None  # the words for a wrong result; {n} {runs} {got} {expected}

    @model_validator(mode="after")
    def consistent(self) -> Check:
        if self.result is None and self.lines is None:
            raise ValueError("a check needs `result`, `lines` or both, or a cheat would pass it")
        sample = {name: low for name, (low, high) in self.args.items()}
        for name, (low, high) in self.args.items():
            if low > high:
                raise ValueError(f"args.{name}: {low} is more than {high}")
        highest = {name: high for name, (low, high) in self.args.items()}
        for expression in [
            self.result.expect if self.result else None,
            self.lines.count if self.lines else None,
        ]:
            if (
                expression
            ):  # bounded (practice_check.evaluate): a huge power is refused, not computed
                evaluate(expression, sample)
                evaluate(expression, highest)
        if self.lines and self.lines.contiguous and re.compile(self.lines.pattern).groups < 1:
            raise ValueError(
                "contiguous lines need a group in the pattern naming each line's owner"
            )
        return self


class Exercise(Strict):
    """One broken script to fix, with its task, hints and how the checker decides it works."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")  # the file NAME.py; progress keeps it
    topic: str
    title: Text
    task: Text
    hints: list[Text] = Field(min_length=2)
    start_methods: list[StartMethod] = Field(min_length=1)
    runs: int = Field(ge=1, le=50)
    watchdog: float = Field(gt=0, le=60)
    measured: str = Field(min_length=1)  # how often one run shows the bug: why `runs` is enough
    check: Check

    @field_validator("topic")
    @classmethod
    def known_topic(cls, value: str) -> str:
        if value not in DEMOS:
            raise ValueError(f"no topic {value!r}; topics are: {', '.join(DEMOS)}")
        return value

    def spec(self, lang: str) -> CheckSpec:
        """What the engine needs, in the learner's language."""
        c = self.check
        return CheckSpec(
            start_methods=tuple(self.start_methods),
            runs=self.runs,
            watchdog=self.watchdog,
            args=tuple((name, low, high) for name, (low, high) in c.args.items()),
            result_pattern=c.result.pattern if c.result else None,
            result_expect=c.result.expect if c.result else None,
            lines_pattern=c.lines.pattern if c.lines else None,
            lines_count=c.lines.count if c.lines else None,
            contiguous=bool(c.lines and c.lines.contiguous),
            wrong=c.wrong.get(lang) if c.wrong else None,
        )


class Manifest(Strict):
    format_version: int
    exercises: list[Exercise] = Field(min_length=1)

    @field_validator("format_version")
    @classmethod
    def known_version(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise ValueError(
                f"format_version {value} is newer than this ipctutor understands "
                f"({FORMAT_VERSION}): upgrade ipctutor"
            )
        if value < 1:
            raise ValueError("format_version starts at 1")
        return value

    @model_validator(mode="after")
    def unique_names(self) -> Manifest:
        twice = used_twice(e.name for e in self.exercises)
        if twice:
            raise ValueError(f"exercise names used twice: {', '.join(twice)}")
        return self


@dataclass(frozen=True)
class Course:
    """The exercises of one folder, in manifest order, with where their files are."""

    folder: Path
    exercises: list[Exercise]

    def broken(self, exercise: Exercise) -> Path:
        return self.folder / f"{exercise.name}.py"

    def solution(self, exercise: Exercise) -> Path:
        return self.folder / "solutions" / f"{exercise.name}.py"

    def find(self, name: str) -> Exercise | None:
        return next((e for e in self.exercises if e.name == name), None)


def bundled_exercises_dir() -> Path:
    """The exercises that ship with ipctutor: inside the wheel, or the repo's exercises/ folder."""
    package = Path(__file__).parent.parent
    packaged = package / "exercises"
    return packaged if packaged.is_dir() else package.parent / "exercises"


def parse_manifest(folder: Path) -> tuple[Course | None, list[Problem]]:
    """Read and validate a folder's manifest and its files; never raises for bad content."""
    import yaml

    path = folder / MANIFEST
    if path.exists() and not path.is_file():  # a named pipe would make the read wait forever
        return None, [Problem(path, None, "", "not a regular file: the manifest is a YAML file")]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, None, "", f"cannot read the manifest ({exc})")]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [
            Problem(
                path,
                mark.line + 1 if mark else None,
                "",
                f"not valid YAML: {getattr(exc, 'problem', None) or str(exc).splitlines()[0]}",
            )
        ]
    except (
        ValueError,
        RecursionError,
    ) as exc:  # Python's limits, not YAML's: huge int, deep nesting
        line, message = limit_problem(text, loader, exc)
        return None, [Problem(path, line, "", message)]
    if not isinstance(data, dict):
        return None, [
            Problem(path, 1, "", "the manifest is a YAML mapping (format_version, exercises)")
        ]
    controls = control_problems(data)
    if controls:  # refused before anything else: such a text must never reach a terminal
        root = yaml.compose(text, Loader=loader)
        return None, [
            Problem(path, _node_line(root, loc), ".".join(map(str, loc)), control_message(code))
            for loc, code in controls
        ]
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=loader)
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            problems.append(
                Problem(
                    path,
                    _node_line(root, loc),
                    ".".join(map(str, loc)),
                    err["msg"].removeprefix("Value error, "),
                )
            )
        return None, problems
    course = Course(folder, manifest.exercises)
    root = yaml.compose(text, Loader=loader)
    problems = []
    for n, exercise in enumerate(course.exercises):
        for file in (course.broken(exercise), course.solution(exercise)):
            if not file.is_file():
                problems.append(
                    Problem(
                        path,
                        _node_line(root, ("exercises", n, "name")),
                        f"exercises.{n}.name",
                        f"{file.relative_to(folder)} is missing",
                    )
                )
            else:
                problems += script_controls(file)
    return (
        course,
        problems,
    )  # a course with missing files: load_course refuses it, the check goes on


def script_controls(file: Path) -> list[Problem]:
    """A script the learner is handed (and shown) holds no escape sequence or other control character."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(file, None, "", f"cannot read the script ({exc})")]
    found = SCRIPT_CONTROL.search(text)
    if not found:
        return []
    code = first_control(found.group(), SCRIPT_CONTROL) or ""
    return [Problem(file, text.count("\n", 0, found.start()) + 1, "", control_message(code))]


def missing_languages(course: Course) -> list[tuple[str, str]]:
    """(exercise name, field) for every text without Chinese."""
    missing = []
    for exercise in course.exercises:
        texts = [("title", exercise.title), ("task", exercise.task)]
        texts += [(f"hints.{i}", h) for i, h in enumerate(exercise.hints)]
        if exercise.check.wrong:
            texts.append(("check.wrong", exercise.check.wrong))
        missing += [(exercise.name, where) for where, text in texts if text.zh is None]
    return missing


def check_exercises(folder: Path) -> tuple[Course | None, list[Problem]]:
    """Every problem, strictly: the schema, the files, translations, and files no exercise names."""
    course, problems = parse_manifest(folder)
    if course is None:
        return None, problems
    manifest = folder / MANIFEST
    for name, where in missing_languages(course):
        problems.append(Problem(manifest, None, f"{name}.{where}", "no Chinese (zh) text"))
    named = {f"{e.name}.py" for e in course.exercises}
    for sub in (folder, folder / "solutions"):
        for stray in sorted(sub.glob("*.py")):
            if stray.name not in named:
                problems.append(
                    Problem(
                        stray,
                        None,
                        "",
                        "no exercise in the manifest has this name: add one, or remove the file",
                    )
                )
    return course, problems


def compile_problems(course: Course) -> list[Problem]:
    """Every script must at least compile (the broken ones are broken when they run, not before)."""
    problems = []
    for exercise in course.exercises:
        for file in (course.broken(exercise), course.solution(exercise)):
            if not file.is_file():
                continue  # already reported
            try:
                compile(file.read_text(encoding="utf-8"), str(file), "exec")
            except SyntaxError as exc:
                problems.append(Problem(file, exc.lineno, "", f"does not compile: {exc.msg}"))
    return problems


def load_course(folder: Path | None = None) -> Course:
    """The exercises to practise; raises LessonError naming the first problem."""
    from ipctutor.errors import LessonError

    folder = folder or bundled_exercises_dir()
    course, problems = parse_manifest(folder)
    if problems:
        more = (
            f" (and {len(problems) - 1} more: run `ipctutor check --exercises {folder}`)"
            if len(problems) > 1
            else ""
        )
        raise LessonError(f"{problems[0]}{more}")
    assert course is not None  # a manifest without problems gives a course
    return course
