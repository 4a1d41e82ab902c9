"""Quizzes: which questions to ask, whether an answer is right, and a session that asks them.

The choice of questions depends only on the lessons and the seed, never on hash order or the clock:
the same seed asks the same questions in the same order. Imported only by the learning commands,
so Rich at module level costs nothing at CLI start-up.
"""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Callable

from rich.markup import escape  # lesson text is shown as is, square brackets included

from ipctutor.i18n import t

DEFAULT_COUNT = 10  # questions in a quiz across every lesson


@dataclass(frozen=True)
class Asked:
    """A question together with the lesson it belongs to."""

    lesson: object  # ipctutor.lessons.Lesson
    question: object  # ipctutor.lessons.Question


def question_pool(lessons) -> list[Asked]:
    """Every question, in course order (lesson order, then the order in the lesson file)."""
    ordered = sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))
    return [Asked(lesson, question) for lesson in ordered for question in lesson.quiz]


def pick(lessons, count: int | None, seed: int) -> list[Asked]:
    """`count` questions (all of them if None or more than there are), shuffled by `seed`."""
    pool = question_pool(lessons)
    count = len(pool) if count is None else min(count, len(pool))
    return random.Random(seed).sample(pool, count)


def new_seed() -> int:
    """A seed the learner can type again to get the same quiz."""
    return random.SystemRandom().randrange(1, 100_000)


def is_right(question, chosen: list[int]) -> bool:
    """Right only with exactly the right choices: for multiple choice, all of them and no other."""
    return sorted(chosen) == sorted(question.answer)


@dataclass
class QuizResult:
    """How a quiz went: answers given, how many right, and how it ended."""

    asked: list[Asked]
    right: list[bool] = field(default_factory=list)
    outcome: str = "running"  # finished, left (q), interrupted (Ctrl-C)

    @property
    def score(self) -> int:
        return sum(self.right)


class QuizSession:
    """Asks questions one by one, shows the explanation after each, and saves each answer at once.

    `ask(question, ticked)` returns choice indexes, prompts.HINT or prompts.QUIT, and may raise
    KeyboardInterrupt. `save(method, *args)` records progress (see progress.Recorder).
    """

    def __init__(self, asked: list[Asked], lang: str, console, ask: Callable, save: Callable):
        self.asked, self.lang, self.console = asked, lang, console
        self.ask, self.save = ask, save
        self.session = uuid.uuid4().hex
        self.per_lesson: dict[str, int] = {}
        for item in asked:
            self.per_lesson[item.lesson.id] = self.per_lesson.get(item.lesson.id, 0) + 1

    def run(self) -> QuizResult:
        result = QuizResult(self.asked)
        try:
            for number, item in enumerate(self.asked, 1):
                chosen = self._ask_until_answered(number, item)
                if chosen is None:
                    result.outcome = "left"
                    return result
                right = is_right(item.question, chosen)
                result.right.append(right)
                self.save("record_answer", item.lesson.id, item.question.id, right, self.session,
                          self.per_lesson[item.lesson.id])
                self._show_verdict(item.question, right)
        except KeyboardInterrupt:
            result.outcome = "interrupted"
            return result
        result.outcome = "finished"
        self.save("finish_quiz", self.session, list(self.per_lesson))
        return result

    def _ask_until_answered(self, number: int, item: Asked) -> list[int] | None:
        from ipctutor.prompts import HINT, QUIT

        self._show_question(number, item)
        hints_shown, ticked = 0, []  # ask() keeps the ticks here when h is pressed
        while True:
            answer = self.ask(item.question, ticked)
            if answer == QUIT:
                return None
            if answer != HINT:
                return answer
            hints = item.lesson.hints
            if hints_shown < len(hints):
                hints_shown += 1
                self.console.print(
                    f"[bold yellow]{t('hint_label', n=hints_shown, of=len(hints))}[/] "
                    f"{escape(hints[hints_shown - 1].get(self.lang))}")
            else:
                self.console.print(f"[yellow]{t('no_more_hints')}[/]")

    def _show_question(self, number: int, item: Asked) -> None:
        from rich.markdown import Markdown
        from rich.syntax import Syntax

        question = item.question
        self.console.print()
        self.console.rule(escape(t("question_header", n=number, of=len(self.asked),
                                   lesson=item.lesson.title.get(self.lang))), style="blue")
        self.console.print(Markdown(question.prompt.get(self.lang)))
        if question.kind == "true_false":
            self.console.print(f"[dim]{t('true_or_false')}[/]")
        if question.code:
            self.console.print(Syntax(question.code.rstrip("\n"), "python", line_numbers=True,
                                      theme="ansi_dark", word_wrap=True))
        if question.kind == "multiple":
            self.console.print(f"[dim]{t('pick_all')}[/]")

    def _show_verdict(self, question, right: bool) -> None:
        from rich.markdown import Markdown

        labels = question.choice_labels(self.lang)
        if right:
            self.console.print(f"[bold green]✓ {t('right')}[/]")
        else:
            answer = "; ".join(labels[i] for i in question.answer)
            self.console.print(f"[bold red]✗ {t('wrong')}[/] {escape(t('right_answer', answer=answer))}")
        self.console.print(Markdown(question.explanation.get(self.lang)))

