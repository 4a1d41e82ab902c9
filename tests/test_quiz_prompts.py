"""Prompts fed real keys through prompt_toolkit's pipe input; quiz choice, grading and sessions."""
from __future__ import annotations

import io
import json

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from conftest import LESSONS
from ipctutor import prompts
from ipctutor.lessons import Lesson, load_lessons
from ipctutor.progress import ProgressStore, Recorder
from ipctutor.quiz import Asked, QuizSession, is_right, pick, question_pool

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"


def text(en: str) -> dict:
    return {"en": en, "zh": f"中文:{en}"}


def make_lesson(lesson_id: str, order: int, n_questions: int = 4) -> Lesson:
    """A small valid lesson with one question of every kind, then single-choice ones."""
    questions = [
        {"id": f"{lesson_id}-single", "kind": "single", "prompt": text("Pick B"),
         "choices": [{"text": text("A")}, {"text": text("B")}, {"text": text("C")}],
         "answer": [1], "explanation": text("B it is")},
        {"id": f"{lesson_id}-multiple", "kind": "multiple", "prompt": text("Pick A and C"),
         "choices": [{"text": text("A")}, {"text": text("B")}, {"text": text("C")}],
         "answer": [0, 2], "explanation": text("A and C")},
        {"id": f"{lesson_id}-tf", "kind": "true_false", "prompt": text("False?"),
         "answer": [1], "explanation": text("It is false")},
        {"id": f"{lesson_id}-predict", "kind": "predict", "prompt": text("What prints?"),
         "code": "print(6 * 7)\n", "choices": [{"output": "42"}, {"raises": True}, {"timing": True}],
         "answer": [0], "start_methods": ["fork"], "explanation": text("6 * 7 is 42")},
    ]
    for n in range(4, n_questions):
        questions.append({"id": f"{lesson_id}-extra-{n}", "kind": "single", "prompt": text(f"Q{n}"),
                          "choices": [{"text": text("yes")}, {"text": text("no")}],
                          "answer": [0], "explanation": text("yes")})
    return Lesson.model_validate({
        "format_version": 1, "id": lesson_id, "demo": "pipe", "order": order,
        "title": text(lesson_id.title()), "summary": text("s"),
        "screens": [{"title": text("t"), "body": text("b")}],
        "after_run": text("a"), "pitfalls": text("p"),
        "hints": [text("first nudge"), text("second, more"), text("third, the answer nearly")],
        "quiz": questions[:n_questions]})


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
    session, out, _ = session_for(multiple_first, [SPACE + "h", DOWN + DOWN + SPACE + ENTER], tmp_path)
    result = session.run()
    assert "Hint 1/3" in out.getvalue() and result.right == [True]


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


@pytest.mark.parametrize("typed, expected", [
    (ENTER, prompts.NEXT), (SPACE, prompts.NEXT), ("q", prompts.QUIT), ("abc" + ENTER, prompts.NEXT),
])
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
    others = {tuple((a.lesson.id, a.question.id) for a in pick(lessons, 10, seed=s)) for s in range(20)}
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

    def __call__(self, question, ticked):
        return keys(question, self.typed.pop(0), ticked=ticked)


def session_for(lesson, typed, tmp_path, width=100):
    from rich.console import Console

    out = io.StringIO()
    store = ProgressStore(tmp_path / "home")
    session = QuizSession([Asked(lesson, q) for q in lesson.quiz], "en",
                          Console(file=out, width=width, force_terminal=False), Scripted(typed),
                          Recorder(store))
    return session, out, store


def test_a_session_saves_every_answer_and_the_score(lesson, tmp_path):
    # single right (B), multiple wrong (A only), true_false right (False), predict right (42)
    session, out, store = session_for(lesson, [DOWN + ENTER, SPACE + ENTER, DOWN + ENTER, ENTER],
                                      tmp_path)
    result = session.run()
    assert result.outcome == "finished" and result.right == [True, False, True, True]
    shown = out.getvalue()
    assert shown.count("✓ Right.") == 3 and shown.count("✗ Not quite.") == 1
    assert "The answer: A; C" in shown  # the right answer, then the explanation, after a wrong one
    for explanation in ("B it is", "A and C", "It is false", "6 * 7 is 42"):
        assert explanation in shown  # right or wrong, every explanation
    assert "print(6 * 7)" in shown  # predict shows its code
    data = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]
    assert data["quiz"]["last"]["finished"] and data["quiz"]["best"]["right"] == 3
    assert {k: v["right"] for k, v in data["answers"].items()} == {
        "alpha-single": True, "alpha-multiple": False, "alpha-tf": True, "alpha-predict": True}


def test_square_brackets_in_a_lesson_title_are_shown_not_taken_as_markup(lesson, tmp_path):
    titled = lesson.model_copy(update={"title": lesson.title.model_copy(update={"en": "d[key] and arr[:]"})})
    session, out, _ = session_for(titled, ["q"], tmp_path)
    session.run()
    assert "d[key] and arr[:]" in out.getvalue()


def test_the_hint_ladder_goes_from_a_nudge_to_more(lesson, tmp_path):
    session, out, _ = session_for(lesson, ["h", "h", "h", "h", DOWN + ENTER, "q"], tmp_path)
    result = session.run()
    shown = out.getvalue()
    assert shown.index("Hint 1/3: first nudge") < shown.index("Hint 2/3: second, more") < \
        shown.index("Hint 3/3: third, the answer nearly") < shown.index("No more hints")
    assert result.outcome == "left" and result.right == [True]


def test_leaving_with_q_keeps_the_answers_but_sets_no_best(lesson, tmp_path):
    session, _, store = session_for(lesson, [DOWN + ENTER, "q"], tmp_path)
    assert session.run().outcome == "left"
    quiz = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]["quiz"]
    assert quiz["best"] is None
    assert (quiz["last"]["right"], quiz["last"]["asked"], quiz["last"]["of"], quiz["last"]["finished"]) == \
        (1, 1, 4, False)


def test_ctrl_c_keeps_the_answers_given(lesson, tmp_path):
    session, _, store = session_for(lesson, [DOWN + ENTER, SPACE + DOWN + DOWN + SPACE + ENTER, CTRL_C],
                                    tmp_path)
    result = session.run()
    assert result.outcome == "interrupted" and result.right == [True, True]
    data = json.loads(store.path.read_text(encoding="utf-8"))["lessons"]["alpha"]
    assert sorted(data["answers"]) == ["alpha-multiple", "alpha-single"]
    assert data["quiz"]["last"]["asked"] == 2 and not data["quiz"]["last"]["finished"]


def test_shipped_questions_can_be_answered_right_through_the_keys(tmp_path):
    """Every shipped question: pressing the keys of its answer counts as right."""
    for lesson in load_lessons(LESSONS):
        for question in lesson.quiz:
            typed, at = "", 0
            for index in sorted(question.answer):
                typed += DOWN * (index - at) + (SPACE if question.kind == "multiple" else "")
                at = index
            assert is_right(question, keys(question, typed + ENTER)), question.id
