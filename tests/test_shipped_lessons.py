"""Every shipped lesson loads, and reads, in English and in Chinese: as the tutor would show it."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from rich.markdown import Markdown
from rich.syntax import Syntax

from helpers import LESSONS
from ipctutor.content.lessons import Text, missing_languages, parse_lesson

FILES = sorted(LESSONS.glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")  # Chinese characters and punctuation


def prose(lesson):
    """Every learner-facing Text that is prose (choices can be code or numbers in both languages)."""
    yield "title", lesson.title
    yield "summary", lesson.summary
    for n, screen in enumerate(lesson.screens):
        yield f"screens.{n}.title", screen.title
        yield f"screens.{n}.body", screen.body
    yield "after_run", lesson.after_run
    yield "pitfalls", lesson.pitfalls
    for screen in lesson.pitfall_screens:
        yield f"pitfall_screens.{screen.name}.title", screen.title
        yield f"pitfall_screens.{screen.name}.body", screen.body
    for question in lesson.quiz:
        yield f"{question.id}.prompt", question.prompt
        yield f"{question.id}.explanation", question.explanation
        for n, hint in enumerate(question.hints):
            yield f"{question.id}.hints.{n}", hint


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_lesson_loads_in_both_languages(path):
    lesson, problems = parse_lesson(path)
    assert problems == [], "\n".join(map(str, problems))
    assert missing_languages(lesson) == []
    for where, text in prose(lesson):
        assert isinstance(text, Text)
        assert CJK.search(text.get("zh")), f"{path.name}: {where}: the Chinese text has no Chinese"
        assert text.get("en") != text.get("zh"), (
            f"{path.name}: {where}: same text in both languages"
        )
        assert not CJK.search(text.get("en")), f"{path.name}: {where}: Chinese in the English text"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_lesson_renders_as_the_tutor_shows_it(path, lang):
    lesson, _ = parse_lesson(path)
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=False)
    for _, text in prose(lesson):
        console.print(Markdown(text.get(lang)))
    for question in lesson.quiz:
        labels = question.choice_labels(lang)
        assert len(labels) == (2 if question.kind == "true_false" else len(question.choices))
        assert all(label.strip() for label in labels) and len(set(labels)) == len(labels), (
            question.id
        )
        if question.code:
            console.print(Syntax(question.code, "python"))
            compile(question.code, f"{lesson.id}:{question.id}", "exec")  # shown code is Python 3
    shown = out.getvalue()
    assert lesson.title.get(lang).replace("`", "")[:10] in shown


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bold_is_bold_in_both_languages(path):
    """`**修正：**在` shows its asterisks: Markdown does not close `**` after punctuation when a
    letter follows. Rendered as the tutor renders it, no prose keeps a `**` (code aside)."""
    lesson, _ = parse_lesson(path)
    for where, text in prose(lesson):
        for lang in ("en", "zh"):
            out = io.StringIO()
            Console(file=out, width=200, force_terminal=False).print(
                Markdown(re.sub(r"`[^`]*`", "(code)", text.get(lang)))
            )  # code spans are punctuation too
            assert "**" not in out.getvalue(), (
                f"{path.name}: {where} ({lang}): {out.getvalue()[:200]}"
            )
