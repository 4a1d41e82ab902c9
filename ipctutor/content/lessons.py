"""Lessons: YAML files, one per topic, checked against a schema with file:line error messages.

The schema is the contract between content and engine. A lesson file looks like:

    format_version: 2
    id: pipe
    demo: pipe
    order: 3
    title: {en: "Pipe", zh: "管道"}
    ...

Every piece of learner-facing text is a `Text`: the same words in English (`en`) and Chinese (`zh`).
Loading accepts a missing `zh` (the tutor falls back to English); `ipctutor check` reports it.

Format versions (`format_version`; the engine refuses a file newer than FORMAT_VERSION, and says
how to bring an older one up to date):
- 1: one hint ladder per lesson (`hints` at the top of the file); a question had none of its own.
- 2: every question has its own `hints` (at least two: a nudge that does not give the answer away,
  then more); the lesson-level `hints` is gone. Choices are shown shuffled (content/quiz.py), so
  a question's `answer` names choices by their index in the file, never by where they appear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ipctutor.content.safe_text import control_message, control_problems, limit_problem, visible
from ipctutor.engine.demos import DEMOS, PITFALL_NAMES
from ipctutor.errors import LessonError
from ipctutor.i18n import t

FORMAT_VERSION = 2  # the lesson format this engine understands (see the docstring)
MIN_HINTS = 2  # a question's ladder: a nudge first, then at least one rung more


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """Learner-facing words in each language. Markdown where the tutor renders markdown.

    `claims` names, by id, the checkable statements these words make. tests/claims.yaml says which
    test runs each one, and tests/test_claims_registry.py refuses an id no test runs, and a new
    screen, pitfall list, after-run text or explanation that names none.
    """

    en: str = Field(min_length=1)
    zh: str | None = Field(default=None, min_length=1)
    claims: tuple[str, ...] = ()

    @field_validator("claims")
    @classmethod
    def claim_ids(cls, ids: tuple[str, ...]) -> tuple[str, ...]:
        import re

        for claim in ids:
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", claim):
                raise ValueError(
                    f"claim id {claim!r}: use lower-case words joined by '-', "
                    "as in `claims: [value-lock-per-access]`"
                )
        if len(set(ids)) != len(ids):
            raise ValueError("a claim id is listed twice: list each once")
        return ids

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
            raise ValueError(
                "a choice has exactly one of: text, output, raises: true, timing: true"
            )
        return self


class Question(Strict):
    """A quiz question. `answer` lists the indexes (from 0, in file order) of the right choices.

    The tutor shows the choices of single, multiple and predict questions shuffled (`raises` and
    `timing` choices stay last), so no answer is right because of where it stands.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")  # stable: progress and --seed refer to it
    kind: Literal["single", "multiple", "true_false", "predict"]
    prompt: Text
    code: str | None = None  # Python shown with the question; required for predict
    choices: list[Choice] = Field(default_factory=list)  # true_false: leave empty (True, False)
    answer: list[int] = Field(min_length=1)
    explanation: Text  # shown after every answer, right or wrong
    hints: list[Text]  # this question's own ladder (h in the quiz): a nudge, then more; at least 2
    # predict only: the start methods under which the answer holds (a test runs it under each)
    start_methods: list[Literal["fork", "spawn", "forkserver"]] = Field(default_factory=list)

    @model_validator(mode="after")
    def consistent(self) -> Question:
        n = len(self.choices)
        if self.kind == "true_false":
            if n:
                raise ValueError(
                    "true_false questions take no choices (they are True and False): remove "
                    "`choices`, and write `answer: [0]` for True or `answer: [1]` for False"
                )
            n = 2
        elif n < 2:
            raise ValueError(
                "a question needs at least two choices: add `choices:`, "
                "one `- text: {en: ..., zh: ...}` each"
            )
        if any(i < 0 or i >= n for i in self.answer):
            raise ValueError(
                f"answer indexes must be between 0 and {n - 1}: count the choices from 0, "
                "in the order the file lists them"
            )
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer lists an index twice: list each right choice once")
        if self.kind != "multiple" and len(self.answer) != 1:
            raise ValueError(
                f"a {self.kind} question has exactly one right answer: keep one index in "
                "`answer`, or make it `kind: multiple`"
            )
        if self.kind == "predict":
            if not self.code:
                raise ValueError(
                    "a predict question needs `code`: add the script whose output "
                    "the learner predicts"
                )
            if not self.start_methods:
                raise ValueError(
                    "a predict question lists the start_methods its answer holds for: add "
                    "`start_methods: [fork, spawn, forkserver]` (those it holds "
                    "under; a test runs each)"
                )
            if any(c.text is not None for c in self.choices):
                raise ValueError(
                    "predict choices are `output`, `raises: true` or `timing: true`: write "
                    '`- output: "what it prints"` instead of `text`'
                )
        elif any(c.text is None for c in self.choices):
            raise ValueError(
                "choices of this kind are `text`: write `- text: {en: ..., zh: ...}`, or make "
                "the question `kind: predict`"
            )
        return self

    @field_validator("hints")
    @classmethod
    def a_ladder(cls, hints: list[Text], info) -> list[Text]:
        """At least two rungs, each saying something new, the first not giving the answer away."""
        if len(hints) < MIN_HINTS:
            raise ValueError(
                f"a question needs at least {MIN_HINTS} hints, it has {len(hints)}: "
                "add a nudge that says where to look (not the answer), then a rung "
                "that says more"
            )
        if len({hint.en for hint in hints}) != len(hints):
            raise ValueError("two hints say the same: make each rung say more than the one before")
        kind, choices, answer = (info.data.get(k) for k in ("kind", "choices", "answer"))
        if kind in (None, "true_false") or not choices or not answer:
            return hints  # true/false has nothing to give away; other errors are reported already
        for lang in ("en", "zh"):
            labels = choice_labels(kind, choices, lang)
            for index in answer:
                label = labels[index].strip() if 0 <= index < len(labels) else ""
                if len(label) >= 2 and _mentions(hints[0].get(lang), label):
                    raise ValueError(
                        f"the first hint gives the answer away ({lang}: it contains "
                        f"{label!r}): make it a nudge, and say more in a later rung"
                    )
        return hints

    def choice_labels(self, lang: str) -> list[str]:
        """The choices as the learner reads them, in file order (the quiz shows them shuffled)."""
        return choice_labels(self.kind, self.choices, lang)


def _mentions(text: str, label: str) -> bool:
    """Whether `text` says `label` as a whole (42 in "prints 42." and "打印42。", not in "420").
    A string search, not a regex: a regex per label cost every start-up 0.1 s of compiling."""
    start = text.find(label)
    while start >= 0:
        end = start + len(label)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not _is_ascii_word(before, dot=True) and not _is_ascii_word(after):
            return True
        start = text.find(label, start + 1)
    return False


def _is_ascii_word(char: str, dot: bool = False) -> bool:
    return bool(char) and (
        char.isascii() and (char.isalnum() or char == "_") or dot and char == "."
    )


def choice_labels(kind: str, choices: list[Choice], lang: str) -> list[str]:
    """What each choice says in `lang`; true_false questions are True and False."""
    if kind == "true_false":
        return ["True", "False"] if lang == "en" else ["对（True）", "错（False）"]
    labels = []
    for choice in choices:
        if choice.text is not None:
            labels.append(choice.text.get(lang))
        elif choice.output is not None:
            labels.append(choice.output)
        elif choice.raises:
            labels.append("It raises an error" if lang == "en" else "会抛出异常")
        else:
            labels.append(
                "It depends on timing" if lang == "en" else "取决于时序（每次运行可能不同）"
            )
    return labels


def used_twice(names) -> list[str]:
    """The names given more than once, sorted: ids and names must be unique in a file."""
    names = list(names)
    return sorted({n for n in names if names.count(n) > 1})


def version_problem(value) -> str | None:
    """Why a lesson's format_version cannot be read, and what to do; None when it can."""
    if not isinstance(value, int) or isinstance(value, bool):
        return f"format_version is a whole number: write `format_version: {FORMAT_VERSION}`"
    if value > FORMAT_VERSION:
        return (
            f"format_version {value} is newer than this ipctutor understands "
            f"({FORMAT_VERSION}): upgrade ipctutor (pip install -U ipctutor)"
        )
    if value == 1:
        return (
            "format_version 1 gave a lesson one hint ladder; this ipctutor reads format "
            f"{FORMAT_VERSION}, where every question has its own: move the lesson's `hints:` "
            "into each question (at least two per question, a nudge first), then write "
            f"`format_version: {FORMAT_VERSION}`"
        )
    if value < 1:
        return f"format_version starts at 1; this ipctutor reads {FORMAT_VERSION}"
    return None


class PitfallScreen(Strict):
    """A screen about one pitfall the learner can run (`ipctutor run TOPIC --pitfall NAME`)."""

    name: str  # one of the pitfalls that ship for this lesson's demo
    title: Text
    body: Text  # what goes wrong, why, and the fix: shown after the pitfall runs and in `learn`


class Lesson(Strict):
    """One topic: screens to read, the demo to run, what it showed, and a quiz."""

    format_version: int
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    demo: str  # the name of a demo that ships in ipctutor.engine.demos
    order: int  # position in `ipctutor list`; progress is kept by id, never by position
    title: Text
    summary: Text  # one line for `ipctutor list`
    screens: list[Screen] = Field(min_length=1)
    after_run: Text  # "what just happened", shown under the demo's results
    pitfalls: Text  # what commonly goes wrong, including where the source material is wrong
    quiz: list[Question] = Field(default_factory=list)
    pitfall_screens: list[PitfallScreen] = Field(default_factory=list)

    @field_validator("format_version")
    @classmethod
    def known_version(cls, value: int) -> int:
        problem = version_problem(value)
        if problem:
            raise ValueError(problem)
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
                raise ValueError(
                    f"no pitfall {screen.name!r} for the {self.demo} demo; "
                    f"its pitfalls are: {', '.join(known) or 'none'}"
                )
        return self

    @model_validator(mode="after")
    def unique_question_ids(self) -> Lesson:
        twice = used_twice(q.id for q in self.quiz)
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
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return visible(text)  # a file name or a quoted value may hold an escape sequence


def _node_line(root, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location (the nearest that exists)."""
    import yaml

    node, line = root, None
    for depth, key in enumerate(loc, 1):
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            key_node = next((k for k, v in node.value if k.value == key), None)
            if key_node is None:  # a key that is missing: the mapping that lacks it
                return line
            if depth == len(loc):  # the field itself: its key's line, not its value's first line
                return key_node.start_mark.line + 1
            node = next(v for k, v in node.value if k is key_node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1 if node is not None else line


# What to do about pydantic's own complaints, for the fields an author most often gets wrong.
_MISSING = {
    "hints": "every question needs its own hint ladder: add `hints:` with at least two entries "
    "({en: ..., zh: ...}), a nudge that says where to look first, then one that says more",
    "explanation": "add `explanation:` ({en: ..., zh: ...}): it is shown after every answer, "
    "right or wrong, so say why the answer is right",
    "answer": "add `answer: [INDEX]`: the index (from 0, in file order) of the right choice",
    "format_version": f"add `format_version: {FORMAT_VERSION}` as the first line",
}


def _guided(err: Mapping[str, Any], loc: tuple) -> str:
    """A pydantic error as a message that also says what to do."""
    message = err["msg"].removeprefix("Value error, ")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if err["type"] == "missing":
        return f"missing: {_MISSING.get(name, f'add `{name}:`')}"
    if err["type"] == "extra_forbidden":
        if name == "hints" and len(loc) == 1:
            return (
                "a lesson has no `hints` of its own any more: move them into each question's "
                "`hints:` (at least two per question)"
            )
        return f"{message}: remove `{name}`, or check its spelling and indentation"
    return message


def parse_lesson(path: Path) -> tuple[Lesson | None, list[Problem]]:
    """Read and validate one lesson file; never raises for bad content."""
    import yaml

    if path.exists() and not path.is_file():  # a named pipe would make the read wait forever
        return None, [
            Problem(
                path,
                None,
                "",
                "not a regular file: remove it, or rename it to end in something other than .yaml",
            )
        ]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, None, "", f"cannot read the file ({exc})")]
    loader = getattr(
        yaml, "CSafeLoader", yaml.SafeLoader
    )  # libyaml when PyYAML has it: ~10x faster
    try:
        data = yaml.load(text, Loader=loader)  # safe: plain data only, never Python objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]  # one line
        return None, [Problem(path, line, "", f"not valid YAML: {reason}")]
    except (
        ValueError,
        RecursionError,
    ) as exc:  # Python's limits, not YAML's: huge int, deep nesting
        line, message = limit_problem(text, loader, exc)
        return None, [Problem(path, line, "", message)]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "", "a lesson is a YAML mapping (key: value lines)")]
    controls = control_problems(data)
    if controls:  # refused before anything else: such a text must never reach a terminal
        root = yaml.compose(text, Loader=loader)
        return None, [
            Problem(path, _node_line(root, loc), ".".join(map(str, loc)), control_message(code))
            for loc, code in controls
        ]
    problem = version_problem(data.get("format_version", FORMAT_VERSION))
    if "format_version" in data and problem:  # another format: its other errors would only be noise
        root = yaml.compose(text, Loader=loader)
        return None, [
            Problem(path, _node_line(root, ("format_version",)), "format_version", problem)
        ]
    try:
        lesson = Lesson.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=loader)  # the nodes know their lines; needed only now
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            field = ".".join(str(p) for p in loc)
            problems.append(Problem(path, _node_line(root, loc), field, _guided(err, loc)))
        return None, problems
    if lesson.id != path.stem:
        root = yaml.compose(text, Loader=loader)
        return None, [
            Problem(
                path,
                _node_line(root, ("id",)),
                "id",
                f"the id {lesson.id!r} must match the file name {path.stem!r}: rename "
                f"the file to {lesson.id}.yaml, or the id to {path.stem}",
            )
        ]
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


# The fields shown as Markdown (learn's screens, the quiz, `run`'s "What just happened"): there
# `__main__` outside a code span is bold "main", and `Pool.__exit__` shows as Pool.**exit**.
MARKDOWN_FIELDS = (
    ("screens", "*", "body"),
    ("pitfalls",),
    ("pitfall_screens", "*", "body"),
    ("after_run",),
    ("quiz", "*", "prompt"),
    ("quiz", "*", "explanation"),
)
_DUNDER = re.compile(r"(?<![\\\w])__\w+?__(?!\w)")
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


def eaten_dunders(text: str) -> list[tuple[int, str]]:
    """(line index, name) of every `__name__` Markdown would read as bold: outside code spans,
    fenced blocks and indented code."""
    found, fenced = [], False
    for number, line in enumerate(text.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")):
            continue
        found += [(number, match.group()) for match in _DUNDER.finditer(_CODE_SPAN.sub("", line))]
    return found


def markdown_problems(path: Path, lesson: Lesson) -> list[Problem]:
    """Dunder names in Markdown fields that would lose their underscores, located FILE:LINE."""
    import yaml

    problems: list[Problem] = []
    root = None
    for pattern in MARKDOWN_FIELDS:
        items: list[tuple[tuple, Any]] = [((), lesson)]
        for part in pattern:
            if part == "*":
                items = [(loc + (i,), v) for loc, value in items for i, v in enumerate(value or [])]
            else:
                items = [(loc + (part,), getattr(value, part)) for loc, value in items]
        for loc, text in items:
            for lang in ("en", "zh"):
                words = getattr(text, lang, None) if text is not None else None
                for offset, name in eaten_dunders(words or ""):
                    if root is None:
                        root = yaml.compose(
                            path.read_text(encoding="utf-8"),
                            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
                        )
                    line = _node_line(root, loc + (lang,))
                    node = _node_at(root, loc + (lang,))
                    if line is not None and node is not None and node.style == "|":
                        line = node.start_mark.line + 2 + offset  # the block's own line
                    field = ".".join(str(p) for p in loc + (lang,))
                    bare = name.strip("_")
                    problems.append(
                        Problem(
                            path,
                            line,
                            field,
                            f'Markdown shows {name} as a bold "{bare}": write it in '
                            f"backticks (`{name}`) or escape the underscores "
                            f"(\\_\\_{bare}\\_\\_)",
                        )
                    )
    return problems


def _node_at(root, loc: tuple):
    """The YAML node at a location, or None."""
    import yaml

    node = root
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return None
        if node is None:
            return None
    return node


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
            problems.append(
                Problem(path, None, where, "no Chinese (zh) text: add `zh:` beside its `en:`")
            )
        problems += markdown_problems(path, lesson)
        lessons.append(lesson)
    orders = [lesson.order for lesson in lessons]
    for lesson in lessons:
        if orders.count(lesson.order) > 1:
            problems.append(
                Problem(
                    folder / f"{lesson.id}.yaml",
                    None,
                    "order",
                    f"order {lesson.order} is used by more than one lesson: give each lesson "
                    "its own `order`",
                )
            )
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
        if lesson is not None and lesson.demo == demo:
            return lesson
    return next((lesson for lesson in load_lessons(folder) if lesson.demo == demo), None)


def load_lessons(folder: Path) -> list[Lesson]:
    """The lessons of a folder in course order; raises LessonError naming the first problem."""
    if not folder.is_dir():
        raise LessonError(t("lessons_folder_missing", folder=folder))
    lessons = []
    for path in sorted(folder.glob("*.yaml")):
        lesson, problems = parse_lesson(path)
        if problems:
            more = (
                f" (and {len(problems) - 1} more: run `ipctutor check {folder}`)"
                if len(problems) > 1
                else ""
            )
            raise LessonError(f"{problems[0]}{more}")
        assert lesson is not None  # parse_lesson gives a lesson whenever it finds no problem
        lessons.append(lesson)
    if not lessons:
        raise LessonError(t("no_lesson_files", folder=folder))
    return sorted(lessons, key=lambda lesson: lesson.order)
