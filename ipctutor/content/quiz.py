"""Quizzes: which questions to ask and whether an answer is right.

The choice of questions depends only on the lessons and the seed, never on hash order or the clock:
the same seed asks the same questions in the same order. The choices of single, multiple and
predict questions are shown shuffled, so pressing Enter on whatever comes first wins no more than
chance: the order of one question's choices depends only on the seed and the question (not on
which other questions were drawn), so it is the same when a hint redraws the prompt and when the
same quiz is taken again; `learn` has no seed and shows each question in one fixed order of its
own. Answers stay choice indexes in file order, so grading and progress never see positions.
The session that asks them on screen is screen/quiz_session.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: lessons.py imports pydantic
    from ipctutor.content.lessons import Lesson, Question

DEFAULT_COUNT = 10  # questions in a quiz across every lesson


@dataclass(frozen=True)
class Asked:
    """A question together with the lesson it belongs to, and the order its choices are shown in."""

    lesson: Lesson
    question: Question
    order: tuple[int, ...] = ()  # choice indexes (file order) from top to bottom; () = file order

    def shown(self) -> tuple[int, ...]:
        """The choice indexes from top to bottom, as the learner sees them."""
        return self.order or tuple(range(len(self.question.choice_labels("en"))))


def choice_order(lesson_id: str, question, seed: int | None) -> tuple[int, ...]:
    """The order a question's choices are shown in: shuffled by the seed and the question alone.

    "It raises an error" and "It depends on timing" stay last, in file order; True and False stay
    as they are. Without a seed (`learn`) every question has one fixed order of its own. A string
    seed makes random.Random hash it with SHA-512: the same on every run, whatever PYTHONHASHSEED.
    """
    if question.kind == "true_false":
        return (0, 1)
    last = [i for i, c in enumerate(question.choices) if c.raises or c.timing]
    moving = [i for i in range(len(question.choices)) if i not in last]
    random.Random(f"{'learn' if seed is None else seed}/{lesson_id}/{question.id}").shuffle(moving)
    return tuple(moving + last)


def asked_in_lesson(lesson) -> list[Asked]:
    """A lesson's questions in the lesson's order, each with its fixed choice order (`learn`)."""
    return [Asked(lesson, q, choice_order(lesson.id, q, None)) for q in lesson.quiz]


def question_pool(lessons, seed: int | None = None) -> list[Asked]:
    """Every question, in course order (lesson order, then the order in the lesson file)."""
    ordered = sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))
    return [
        Asked(lesson, question, choice_order(lesson.id, question, seed))
        for lesson in ordered
        for question in lesson.quiz
    ]


def pick(lessons, count: int | None, seed: int) -> list[Asked]:
    """`count` questions (all of them if None or more than there are), shuffled by `seed`, each
    with its choices in the order `seed` gives them."""
    pool = question_pool(lessons, seed)
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
