"""Lessons: YAML files, one per topic, checked against a schema with file:line error messages.

The schema is the contract between content and engine. A lesson file looks like:

    format_version: 1
    id: pipe
    demo: pipe
    order: 3
    title: {en: "Pipe", zh: "管道"}
    ...

Every piece of learner-facing text is a `Text`: the same words in English (`en`) and Chinese (`zh`).
Loading accepts a missing `zh` (the tutor falls back to English); `ipctutor check` reports it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ipctutor.demos import DEMOS, PITFALL_NAMES
from ipctutor.lesson_texts import LessonError

FORMAT_VERSION = 1  # the newest lesson format this engine understands


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """Learner-facing words in each language. Markdown where the tutor renders markdown."""

    en: str = Field(min_length=1)
    zh: str | None = Field(default=None, min_length=1)

    def get(self, lang: str) -> str:
        return (self.zh if lang == "zh" else None) or self.en


class Screen(Strict):
    """One short screen of a lesson: a heading and a few paragraphs of markdown."""

    title: Text
    body: Text


class Choice(Strict):
    """One answer a learner can pick.

    `text` for ordinary choices; for predict-the-output, `output` is exactly what the code prints
    (same in every language), or `raises: true` for "it raises an error", or `timing: true` for
    "it depends on timing".
    """

    text: Text | None = None
    output: str | None = None
    raises: bool = False
    timing: bool = False

    @model_validator(mode="after")
    def one_kind(self) -> Choice:
        kinds = [self.text is not None, self.output is not None, self.raises, self.timing]
        if sum(kinds) != 1:
            raise ValueError("a choice has exactly one of: text, output, raises: true, timing: true")
        return self


class Question(Strict):
    """A quiz question. `answer` lists the indexes (from 0) of the right choices."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")  # stable: progress and --seed refer to it
    kind: Literal["single", "multiple", "true_false", "predict"]
    prompt: Text
    code: str | None = None  # Python shown with the question; required for predict
    choices: list[Choice] = Field(default_factory=list)  # true_false: leave empty (True, False)
    answer: list[int] = Field(min_length=1)
    explanation: Text  # shown after every answer, right or wrong
    # predict only: the start methods under which the answer holds (a test runs it under each)
    start_methods: list[Literal["fork", "spawn", "forkserver"]] = Field(default_factory=list)

    @model_validator(mode="after")
    def consistent(self) -> Question:
        n = len(self.choices)
        if self.kind == "true_false":
            if n:
                raise ValueError("true_false questions take no choices (they are True and False)")
            n = 2
        elif n < 2:
            raise ValueError("a question needs at least two choices")
        if any(i < 0 or i >= n for i in self.answer):
            raise ValueError(f"answer indexes must be between 0 and {n - 1}")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer lists an index twice")
        if self.kind != "multiple" and len(self.answer) != 1:
            raise ValueError(f"a {self.kind} question has exactly one right answer")
        if self.kind == "predict":
            if not self.code:
                raise ValueError("a predict question needs `code`")
            if not self.start_methods:
                raise ValueError("a predict question lists the start_methods its answer holds for")
            if any(c.text is not None for c in self.choices):
                raise ValueError("predict choices are `output`, `raises: true` or `timing: true`")
        elif any(c.text is None for c in self.choices):
            raise ValueError("choices of this kind are `text`")
        return self

    def choice_labels(self, lang: str) -> list[str]:
        if self.kind == "true_false":
            return ["True", "False"] if lang == "en" else ["对（True）", "错（False）"]
        labels = []
        for choice in self.choices:
            if choice.text is not None:
                labels.append(choice.text.get(lang))
            elif choice.output is not None:
                labels.append(choice.output)
            elif choice.raises:
                labels.append("It raises an error" if lang == "en" else "会抛出异常")
            else:
                labels.append("It depends on timing" if lang == "en" else "取决于时序（每次运行可能不同）")
        return labels


class PitfallScreen(Strict):
    """A screen about one pitfall the learner can run (`ipctutor run TOPIC --pitfall NAME`)."""

    name: str  # one of the pitfalls that ship for this lesson's demo
    title: Text
    body: Text  # what goes wrong, why, and the fix: shown after the pitfall runs and in `learn`


class Lesson(Strict):
    """One topic: screens to read, the demo to run, what it showed, hints and a quiz."""

    format_version: int
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    demo: str  # the name of a demo that ships in ipctutor.demos
    order: int  # position in `ipctutor list`; progress is kept by id, never by position
    title: Text
    summary: Text  # one line for `ipctutor list`
    screens: list[Screen] = Field(min_length=1)
    after_run: Text  # "what just happened", shown under the demo's results
    pitfalls: Text  # what commonly goes wrong, including where the source material is wrong
    hints: list[Text] = Field(min_length=1)  # a ladder: first a nudge, then more
    quiz: list[Question] = Field(default_factory=list)
    pitfall_screens: list[PitfallScreen] = Field(default_factory=list)

    @field_validator("format_version")
    @classmethod
    def known_version(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise ValueError(f"format_version {value} is newer than this ipctutor understands "
                             f"({FORMAT_VERSION}): upgrade ipctutor")
        if value < 1:
            raise ValueError("format_version starts at 1")
        return value

    @field_validator("demo")
    @classmethod
    def shipped_demo(cls, value: str) -> str:
        if value not in DEMOS:
            raise ValueError(f"no demo called {value!r}; demos are: {', '.join(DEMOS)}")
        return value

    @model_validator(mode="after")
    def shipped_pitfalls(self) -> Lesson:
        known = PITFALL_NAMES.get(self.demo, ())
        for screen in self.pitfall_screens:
            if screen.name not in known:
                raise ValueError(f"no pitfall {screen.name!r} for the {self.demo} demo; "
                                 f"its pitfalls are: {', '.join(known) or 'none'}")
        return self

    @model_validator(mode="after")
    def unique_question_ids(self) -> Lesson:
        ids = [q.id for q in self.quiz]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"question ids used twice: {', '.join(twice)}")
        return self


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a lesson file, located."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def _node_line(root, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location (the nearest that exists)."""
    import yaml

    node, line = root, None
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                # a key that is missing or not allowed: point at the key itself if present
                key_node = next((k for k, v in node.value if k.value == key), None)
                return key_node.start_mark.line + 1 if key_node is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1 if node is not None else line


def parse_lesson(path: Path) -> tuple[Lesson | None, list[Problem]]:
    """Read and validate one lesson file; never raises for bad content."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, None, "", f"cannot read the file ({exc})")]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ~10x faster
    try:
        data = yaml.load(text, Loader=loader)  # safe: plain data only, never Python objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(path, line, "", f"not valid YAML: {reason}")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "", "a lesson is a YAML mapping (key: value lines)")]
    try:
        lesson = Lesson.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=loader)  # the nodes know their lines; needed only now
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            field = ".".join(str(p) for p in loc)
            message = err["msg"].removeprefix("Value error, ")
            problems.append(Problem(path, _node_line(root, loc), field, message))
        return None, problems
    if lesson.id != path.stem:
        root = yaml.compose(text, Loader=loader)
        return None, [Problem(path, _node_line(root, ("id",)), "id",
                              f"the id {lesson.id!r} must match the file name {path.stem!r}")]
    return lesson, []


def missing_languages(lesson: Lesson) -> list[str]:
    """Field paths whose Chinese text is missing (loading tolerates it; the check reports it)."""
    missing = []

    def walk(value, where):
        if isinstance(value, Text):
            if value.zh is None:
                missing.append(where)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{where}.{name}" if where else name)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}.{i}")

    walk(lesson, "")
    return missing


def check_folder(folder: Path) -> tuple[list[Lesson], list[Problem]]:
    """Every problem in a lessons folder, strictly: also missing translations and duplicates."""
    lessons, problems = [], []
    files = sorted(folder.glob("*.yaml"))
    if not folder.is_dir():
        return [], [Problem(folder, None, "", "no such folder")]
    if not files:
        return [], [Problem(folder, None, "", "no lesson files (*.yaml) in this folder")]
    for path in files:
        lesson, found = parse_lesson(path)
        problems += found
        if lesson is None:
            continue
        for where in missing_languages(lesson):
            problems.append(Problem(path, None, where, "no Chinese (zh) text"))
        lessons.append(lesson)
    orders = [lesson.order for lesson in lessons]
    for lesson in lessons:
        if orders.count(lesson.order) > 1:
            problems.append(Problem(folder / f"{lesson.id}.yaml", None, "order",
                                    f"order {lesson.order} is used by more than one lesson"))
    return lessons, problems


def load_lesson_of(folder: Path, demo: str) -> Lesson | None:
    """The lesson whose demo this is: its own file when it is named after the demo (one file to
    read, not all), else the first lesson in the folder that uses the demo; None if none does."""
    own = folder / f"{demo}.yaml"
    if own.is_file():
        lesson, problems = parse_lesson(own)
        if problems:
            more = f"and {len(problems) - 1} more: " if len(problems) > 1 else ""
            raise LessonError(f"{problems[0]} ({more}run `ipctutor check {folder}`)")
        if lesson.demo == demo:
            return lesson
    return next((lesson for lesson in load_lessons(folder) if lesson.demo == demo), None)


def load_lessons(folder: Path) -> list[Lesson]:
    """The lessons of a folder in course order; raises LessonError naming the first problem."""
    if not folder.is_dir():
        raise LessonError(f"lessons folder {folder} does not exist: check --lessons or IPCTUTOR_LESSONS")
    lessons = []
    for path in sorted(folder.glob("*.yaml")):
        lesson, problems = parse_lesson(path)
        if problems:
            more = f" (and {len(problems) - 1} more: run `ipctutor check {folder}`)" if len(problems) > 1 else ""
            raise LessonError(f"{problems[0]}{more}")
        lessons.append(lesson)
    if not lessons:
        raise LessonError(f"no lesson files (*.yaml) in {folder}")
    return sorted(lessons, key=lambda lesson: lesson.order)
