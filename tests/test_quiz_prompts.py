"""Prompts fed real keys through prompt_toolkit's pipe input; quiz choice, grading and sessions."""

from __future__ import annotations

import io
import json

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from helpers import LESSONS
from ipctutor.content.lessons import FORMAT_VERSION, Lesson, load_lessons
from ipctutor.content.progress import ProgressStore, Recorder
from ipctutor.content.quiz import Asked, choice_order, is_right, pick, question_pool
from ipctutor.screen import prompts
from ipctutor.screen.quiz_session import QuizSession

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"


def text(en: str) -> dict:
    return {"en": en, "zh": f"中文:{en}"}


def ladder(question_id: str) -> list[dict]:
    """A question's own hints: a nudge, more, nearly the answer."""
    return [
        text(f"{question_id}: first nudge"),
        text(f"{question_id}: second, more"),
        text(f"{question_id}: third, the answer nearly"),
    ]


def make_lesson(lesson_id: str, order: int, n_questions: int = 4) -> Lesson:
    """A small valid lesson with one question of every kind, then single-choice ones."""
    questions = [
        {
            "id": f"{lesson_id}-single",
            "kind": "single",
            "prompt": text("Pick B"),
            "choices": [{"text": text("A")}, {"text": text("B")}, {"text": text("C")}],
            "answer": [1],
            "explanation": text("B it is"),
        },
        {
            "id": f"{lesson_id}-multiple",
            "kind": "multiple",
            "prompt": text("Pick A and C"),
            "choices": [{"text": text("A")}, {"text": text("B")}, {"text": text("C")}],
            "answer": [0, 2],
            "explanation": text("A and C"),
        },
        {
            "id": f"{lesson_id}-tf",
            "kind": "true_false",
            "prompt": text("False?"),
            "answer": [1],
            "explanation": text("It is false"),
        },
        {
            "id": f"{lesson_id}-predict",
            "kind": "predict",
            "prompt": text("What prints?"),
            "code": "print(6 * 7)\n",
            "choices": [{"output": "42"}, {"raises": True}, {"timing": True}],
            "answer": [0],
            "start_methods": ["fork"],
            "explanation": text("6 * 7 is 42"),
        },
    ]
    for n in range(4, n_questions):
        questions.append(
            {
                "id": f"{lesson_id}-extra-{n}",
                "kind": "single",
                "prompt": text(f"Q{n}"),
                "choices": [{"text": text("yes")}, {"text": text("no")}],
                "answer": [0],
                "explanation": text("yes"),
            }
        )
    for question in questions:
        question["hints"] = ladder(question["id"])
    return Lesson.model_validate(
        {
            "format_version": FORMAT_VERSION,
            "id": lesson_id,
            "demo": "pipe",
            "order": order,
            "title": text(lesson_id.title()),
            "summary": text("s"),
            "screens": [{"title": text("t"), "body": text("b")}],
            "after_run": text("a"),
            "pitfalls": text("p"),
            "quiz": questions[:n_questions],
        }
    )


def typed_for(question, chosen: list[int], order=None) -> str:
    """The keys that pick these choices (indexes in file order) when shown in `order`, then Enter."""
    shown = list(order) if order else list(range(len(question.choice_labels("en"))))
    typed, at = "", 0
    for position in sorted(shown.index(i) for i in chosen):
        typed += DOWN * (position - at) + (SPACE if question.kind == "multiple" else "")
        at = position
    return typed + ENTER


def keys(question, typed: str, lang: str = "en", **kwargs):
    with create_pipe_input() as pipe:
        pipe.send_text(typed)
        return prompts.ask_answer(question, lang, input=pipe, output=DummyOutput(), **kwargs)


@pytest.fixture
def lesson():
    return make_lesson("alpha", 1)


def by_kind(lesson, kind):
    return next(q for q in lesson.quiz if q.kind == kind)


# ------------------------------------------------------------------ prompts with real keys


def test_single_choice_moves_with_arrows(lesson):
    question = by_kind(lesson, "single")
    assert keys(question, ENTER) == [0]
    assert keys(question, DOWN + ENTER) == [1]
    assert keys(question, DOWN + DOWN + UP + ENTER) == [1]
    assert keys(question, "j" + "j" + ENTER) == [2]


def test_multiple_choice_ticks_with_space_and_needs_one_tick(lesson):
    question = by_kind(lesson, "multiple")
    assert keys(question, SPACE + DOWN + DOWN + SPACE + ENTER) == [0, 2]
    # Enter with nothing ticked is refused; the learner ticks one and answers
    assert keys(question, ENTER + DOWN + SPACE + ENTER) == [1]
    # after a hint the same ticks come back
    assert keys(question, ENTER, ticked=[0, 2]) == [0, 2]


def test_true_false_and_predict(lesson):
    assert keys(by_kind(lesson, "true_false"), DOWN + ENTER) == [1]
    predict = by_kind(lesson, "predict")
    assert predict.choice_labels("en") == ["42", "It raises an error", "It depends on timing"]
    assert keys(predict, DOWN + DOWN + ENTER) == [2]


def test_h_asks_for_a_hint_and_q_leaves(lesson):
    for kind in ("single", "multiple", "true_false", "predict"):
        assert keys(by_kind(lesson, kind), "h") == prompts.HINT
        assert keys(by_kind(lesson, kind), DOWN + "q") == prompts.QUIT


def test_ticks_made_before_a_hint_come_back_after_it(lesson, tmp_path):
    question = by_kind(lesson, "multiple")
    ticked: list[int] = []
    assert keys(question, SPACE + "h", ticked=ticked) == prompts.HINT
    assert ticked == [0]
    assert keys(question, DOWN + DOWN + SPACE + ENTER, ticked=ticked) == [0, 2]
    # in a session: tick A, ask for a hint, then tick C only: A is still ticked, so it is right
    multiple_first = lesson.model_copy(update={"quiz": [question]})
    session, out, _ = session_for(
        multiple_first, [SPACE + "h", DOWN + DOWN + SPACE + ENTER], tmp_path
    )
    result = session.run()
    assert "Hint 1/3: alpha-multiple: first nudge" in out.getvalue() and result.right == [True]


def test_other_letters_do_nothing(lesson):
    assert keys(by_kind(lesson, "single"), "xyz" + DOWN + ENTER) == [1]


def test_ctrl_c_raises_so_the_caller_can_save_and_exit(lesson):
    with pytest.raises(KeyboardInterrupt):
        keys(by_kind(lesson, "single"), DOWN + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        keys(by_kind(lesson, "multiple"), SPACE + CTRL_C)


def test_chinese_prompt_labels(lesson):
    assert by_kind(lesson, "true_false").choice_labels("zh") == ["对（True）", "错（False）"]
    assert keys(by_kind(lesson, "single"), DOWN + ENTER, lang="zh") == [1]


@pytest.mark.parametrize(
    "typed, expected",
    [
        (ENTER, prompts.NEXT),
        (SPACE, prompts.NEXT),
        ("q", prompts.QUIT),
        ("abc" + ENTER, prompts.NEXT),
    ],
)
def test_pause_waits_for_enter_or_q(typed, expected):
    with create_pipe_input() as pipe:
        pipe.send_text(typed)
        assert prompts.pause("Enter: next", input=pipe, output=DummyOutput()) == expected


def test_pause_ctrl_c_raises():
    with create_pipe_input() as pipe:
        pipe.send_text(CTRL_C)
        with pytest.raises(KeyboardInterrupt):
            prompts.pause("Enter: next", input=pipe, output=DummyOutput())


@pytest.mark.parametrize("typed, expected", [("y", True), ("n", False), (ENTER, False)])
def test_confirm_defaults_to_no(typed, expected):
    with create_pipe_input() as pipe:
        pipe.send_text(typed)
        assert prompts.confirm("Forget?", input=pipe, output=DummyOutput()) is expected


# ------------------------------------------------------------------ choosing questions


def test_same_seed_same_questions_same_order():
    lessons = [make_lesson("alpha", 1, 8), make_lesson("beta", 2, 8), make_lesson("gamma", 3, 8)]
    first = [(a.lesson.id, a.question.id) for a in pick(lessons, 10, seed=42)]
    again = [(a.lesson.id, a.question.id) for a in pick(list(reversed(lessons)), 10, seed=42)]
    assert first == again and len(first) == 10 and len(set(first)) == 10
    others = {
        tuple((a.lesson.id, a.question.id) for a in pick(lessons, 10, seed=s)) for s in range(20)
    }
    assert len(others) > 1  # another seed, another quiz
    assert {lesson_id for lesson_id, _ in first} != {"alpha"}  # drawn across lessons


def test_count_is_capped_and_none_means_all():
    lessons = [make_lesson("alpha", 1, 6)]
    assert len(pick(lessons, None, seed=1)) == 6
    assert len(pick(lessons, 100, seed=1)) == 6
    assert len(pick(lessons, 2, seed=1)) == 2
    assert [a.question.id for a in question_pool(lessons)] == [q.id for q in lessons[0].quiz]


def test_multiple_choice_is_right_only_with_every_right_choice(lesson):
    question = by_kind(lesson, "multiple")
    assert is_right(question, [2, 0])
    assert not is_right(question, [0])
    assert not is_right(question, [0, 1, 2])


# ------------------------------------------------------------------ a whole session


class Scripted:
    """Answers a session from a list of key strings, one per prompt, through real prompts."""

    def __init__(self, typed: list[str]):
        self.typed = list(typed)
        self.orders: list[tuple] = []  # the order each prompt showed the choices in

    def __call__(self, question, ticked, order):
        self.orders.append(tuple(order))
        return keys(question, self.typed.pop(0), ticked=ticked, order=order)


def session_for(lesson, typed, tmp_path, width=100, asked=None):
    from rich.console import Console

    out = io.StringIO()
    store = ProgressStore(tmp_path / "home")
    session = QuizSession(
        asked or [Asked(lesson, q) for q in lesson.quiz],
        "en",
        Console(file=out, width=width, force_terminal=False),
        Scripted(typed),
        Recorder(store),
    )
    return session, out, store


def test_a_session_saves_every_answer_and_the_score(lesson, tmp_path):
    # single right (B), multiple wrong (A only) twice (a second try), true_false right (False),
    # predict right (42)
    session, out, store = session_for(
        lesson, [DOWN + ENTER, SPACE + ENTER, SPACE + ENTER, DOWN + ENTER, ENTER], tmp_path
    )
    result = session.run()
    assert result.outcome == "finished" and result.right == [True, False, True, True]
    shown = out.getvalue()
    assert shown.count("✓ Right.") == 3 and shown.count("✗ Not quite.") == 2
    assert "Try once more" in shown
    assert "The answer: A; C" in shown  # the right answer, then the explanation, after a wrong one
    for explanation in ("B it is", "A and C", "It is false", "6 * 7 is 42"):
        assert explanation in shown  # right or wrong, every explanation
    assert "print(6 * 7)" in shown  # predict shows its code
    data = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]
    assert data["quiz"]["last"]["finished"] and data["quiz"]["best"]["right"] == 3
    assert {k: v["right"] for k, v in data["answers"].items()} == {
        "alpha-single": True,
        "alpha-multiple": False,
        "alpha-tf": True,
        "alpha-predict": True,
    }


def test_square_brackets_in_a_lesson_title_are_shown_not_taken_as_markup(lesson, tmp_path):
    titled = lesson.model_copy(
        update={"title": lesson.title.model_copy(update={"en": "d[key] and arr[:]"})}
    )
    session, out, _ = session_for(titled, ["q"], tmp_path)
    session.run()
    assert "d[key] and arr[:]" in out.getvalue()


def test_the_hint_ladder_goes_from_a_nudge_to_more(lesson, tmp_path):
    session, out, _ = session_for(lesson, ["h", "h", "h", "h", DOWN + ENTER, "q"], tmp_path)
    result = session.run()
    shown = out.getvalue()
    # the first question's own ladder, not the lesson's nor another question's
    assert (
        shown.index("Hint 1/3: alpha-single: first nudge")
        < shown.index("Hint 2/3: alpha-single: second, more")
        < shown.index("Hint 3/3: alpha-single: third, the answer nearly")
        < shown.index("No more hints")
    )
    assert "alpha-multiple: first nudge" not in shown
    assert result.outcome == "left" and result.right == [True]


def test_leaving_with_q_keeps_the_answers_but_sets_no_best(lesson, tmp_path):
    session, _, store = session_for(lesson, [DOWN + ENTER, "q"], tmp_path)
    assert session.run().outcome == "left"
    quiz = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]["quiz"]
    assert quiz["best"] is None
    assert (
        quiz["last"]["right"],
        quiz["last"]["asked"],
        quiz["last"]["of"],
        quiz["last"]["finished"],
    ) == (1, 1, 4, False)


def test_ctrl_c_keeps_the_answers_given(lesson, tmp_path):
    session, _, store = session_for(
        lesson, [DOWN + ENTER, SPACE + DOWN + DOWN + SPACE + ENTER, CTRL_C], tmp_path
    )
    result = session.run()
    assert result.outcome == "interrupted" and result.right == [True, True]
    data = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]
    assert sorted(data["answers"]) == ["alpha-multiple", "alpha-single"]
    assert data["quiz"]["last"]["asked"] == 2 and not data["quiz"]["last"]["finished"]


def test_shipped_questions_can_be_answered_right_through_the_keys(tmp_path):
    """Every shipped question, its choices shuffled as a quiz shows them: pressing the keys of
    where its answer stands counts as right, and the hint ladder has a nudge and more."""
    for asked in question_pool(load_lessons(LESSONS), seed=5):
        question, order = asked.question, asked.shown()
        assert sorted(order) == list(range(len(question.choice_labels("en")))), question.id
        assert is_right(
            question, keys(question, typed_for(question, question.answer, order), order=order)
        ), question.id
        assert len(question.hints) >= 2, question.id


# ------------------------------------------------------------------ shuffled choices


def always_first(asked: Asked) -> list[int]:
    """What a learner who never reads picks: the top choice (ticked, for multiple choice)."""
    return [asked.shown()[0]]


def chance(question) -> float:
    """The chance of a blind guess being right: one of n choices; any non-empty set of n for
    multiple choice; one of True and False."""
    n = len(question.choice_labels("en"))
    return 1 / (2**n - 1) if question.kind == "multiple" else 1 / n


def test_a_learner_who_always_presses_enter_scores_what_chance_gives():
    """Over the whole shipped pool and 200 seeds, Enter on whatever comes first scores about what
    blind guessing does; with the choices in file order it would score far more."""
    lessons = load_lessons(LESSONS)
    pool = question_pool(lessons)
    expected = sum(chance(a.question) for a in pool)
    quizzes = [pick(lessons, None, seed) for seed in range(200)]
    scores = [sum(is_right(a.question, always_first(a)) for a in asked) for asked in quizzes]
    mean = sum(scores) / len(scores)
    tolerance = max(2.0, 0.05 * len(pool))
    assert abs(mean - expected) <= tolerance, (mean, expected, len(pool))
    # not a no-op test: the questions whose answer comes first in the file (every one, once)
    # would all be won by Enter in file order; shuffled, they score about chance too
    first = {
        a.question.id for a in pool if a.question.answer == [0] and a.question.kind != "true_false"
    }
    won = sum(
        is_right(a.question, always_first(a))
        for asked in quizzes
        for a in asked
        if a.question.id in first
    ) / len(quizzes)
    their_chance = sum(chance(a.question) for a in pool if a.question.id in first)
    assert len(first) >= 10 and abs(won - their_chance) <= max(2.0, 0.1 * len(first)), (
        won,
        their_chance,
    )
    assert len(first) - won > len(first) / 3, (won, len(first))
    # the same through the real prompt, Enter (Space first for multiple choice), on one quiz
    for seed in (0,):
        asked = pick(lessons, None, seed)
        pressed = [
            keys(
                a.question,
                (SPACE if a.question.kind == "multiple" else "") + ENTER,
                order=a.shown(),
            )
            for a in asked
        ]
        assert pressed == [always_first(a) for a in asked]
        assert sum(map(is_right, [a.question for a in asked], pressed)) == scores[seed]


def test_same_seed_same_choice_order_and_resumed_quizzes_agree():
    lessons = [make_lesson("alpha", 1, 8), make_lesson("beta", 2, 8)]
    first = {(a.lesson.id, a.question.id): a.order for a in pick(lessons, 10, seed=42)}
    again = {
        (a.lesson.id, a.question.id): a.order for a in pick(list(reversed(lessons)), 10, seed=42)
    }
    assert first == again
    shorter = {(a.lesson.id, a.question.id): a.order for a in pick(lessons, 3, seed=42)}
    assert all(first[key] == order for key, order in shorter.items())  # --count changes nothing
    single = lessons[0].quiz[0]
    orders = {choice_order("alpha", single, seed) for seed in range(30)}
    assert len(orders) > 1 and all(sorted(o) == [0, 1, 2] for o in orders)  # shuffled, complete
    assert choice_order("alpha", single, None) == choice_order(
        "alpha", single, None
    )  # learn: fixed
    predict = by_kind(lessons[0], "predict")  # 42, raises, timing: the last two stay last
    assert {choice_order("alpha", predict, seed) for seed in range(30)} == {(0, 1, 2)}
    assert {choice_order("alpha", by_kind(lessons[0], "true_false"), s) for s in range(30)} == {
        (0, 1)
    }


def test_the_order_does_not_depend_on_the_process(tmp_path):
    """Another interpreter with another hash seed shows the same order (resuming later)."""
    import os
    import subprocess
    import sys

    script = (
        "import json; from pathlib import Path; from ipctutor.content.lessons import load_lessons;"
        "from ipctutor.content.quiz import pick;"
        f"lessons = load_lessons(Path({str(LESSONS)!r}));"
        "print(json.dumps([[a.question.id, a.order] for a in pick(lessons, None, 9)]))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, PYTHONHASHSEED=seed),
        ).stdout
        for seed in ("1", "2")
    ]
    here = [[a.question.id, list(a.order)] for a in pick(load_lessons(LESSONS), None, 9)]
    assert json.loads(runs[0]) == json.loads(runs[1]) == here


def test_the_prompt_draws_the_choices_in_the_shown_order(lesson):
    """What the terminal gets: the labels top to bottom in the order asked for."""
    import re

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    question = by_kind(lesson, "single")
    for order in ((2, 0, 1), (1, 2, 0)):
        screen = io.StringIO()
        output = Vt100_Output(screen, lambda: Size(rows=20, columns=80), term="xterm")
        with create_pipe_input() as pipe:
            pipe.send_text(ENTER)
            assert prompts.ask_answer(question, "en", input=pipe, output=output, order=order) == [
                order[0]
            ]
        drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", screen.getvalue())
        tail = drawn[drawn.index("Your answer") :]
        positions = {label: tail.index(f" {label} ") for label in "ABC"}
        assert sorted("ABC", key=positions.get) == ["ABC"[i] for i in order]


def test_grading_follows_the_choice_and_a_hint_keeps_order_and_ticks(lesson, tmp_path):
    single, multiple = by_kind(lesson, "single"), by_kind(lesson, "multiple")
    asked = [Asked(lesson, single, (2, 1, 0)), Asked(lesson, multiple, (1, 2, 0))]
    # single: the answer (B) stands second; Enter alone picks C, shown first: wrong, and again on
    # the second try. multiple: A and C are right; tick C (shown second), ask a hint, then tick A
    # (shown third)
    session, out, store = session_for(
        lesson,
        [ENTER, ENTER, DOWN + SPACE + "h", DOWN + DOWN + SPACE + ENTER],
        tmp_path,
        asked=asked,
    )
    result = session.run()
    assert result.right == [False, True]
    # the second try and the redraw after h: the same order
    assert session.ask.orders == [(2, 1, 0), (2, 1, 0), (1, 2, 0), (1, 2, 0)]
    shown = out.getvalue()
    assert "The answer: B" in shown and "Hint 1/3: alpha-multiple: first nudge" in shown
    answers = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]["answers"]
    assert {k: v["right"] for k, v in answers.items()} == {
        "alpha-single": False,
        "alpha-multiple": True,
    }
    # and the ticks kept across the hint are the choices, not their positions
    ticked: list[int] = []
    assert keys(multiple, DOWN + SPACE + "h", ticked=ticked, order=(1, 2, 0)) == prompts.HINT
    assert ticked == [2]  # C, which stood second
    assert keys(multiple, ENTER, ticked=ticked, order=(1, 2, 0)) == [2]


def test_the_right_answer_is_named_in_the_order_shown(lesson, tmp_path):
    multiple = by_kind(lesson, "multiple")
    session, out, _ = session_for(
        lesson,
        [DOWN + SPACE + ENTER, DOWN + SPACE + ENTER],
        tmp_path,
        asked=[Asked(lesson, multiple, (2, 1, 0))],
    )
    assert session.run().right == [False]
    assert "The answer: C; A" in out.getvalue()
