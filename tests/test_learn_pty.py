"""`ipctutor learn` and `ipctutor quiz` in a real pseudo-terminal, keys pressed as a person would.

Each test works out which keys give a right (or wrong) answer from the shipped lesson itself, presses
them, and then reads the progress file the tutor wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import (
    COLOUR,
    DOWN,
    ENTER,
    LESSONS,
    SPACE,
    answer,
    finish,
    lesson,
    on_to,
    progress_of,
    read_up_to_the_demo,
    shown,
    spawn,
    walk_lesson,
)
from ipctutor.content.lessons import load_lessons
from ipctutor.content.quiz import pick


def test_learn_queue_as_a_person_would(tutor_env):
    the_lesson = lesson("queue")
    child, screen = walk_lesson("queue", tutor_env)
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    assert (
        '__name__ == "__main__"' in screen and "ipctutor/engine/plain/queue_demo.py" in screen
    )  # the demo's code
    assert "queue demo, live" in screen  # the live panel
    assert "What the parent got" in screen and "What just happened" in screen
    assert "What commonly goes wrong" in screen
    first = the_lesson.quiz[0]
    assert first.hints[0].en[:30] in screen and first.hints[1].en[:30] in screen  # its own ladder
    assert (
        the_lesson.pitfall_screens
    )  # the queue lesson has pitfalls to run, shown with their command
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run queue --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"]["queue"]
    assert entry["read"] and entry["demo_run"] and entry["read_at"] and entry["demo_run_at"]
    total = len(the_lesson.quiz)
    last, best = entry["quiz"]["last"], entry["quiz"]["best"]
    assert (last["right"], last["asked"], last["of"], last["finished"]) == (
        total - 1,
        total,
        total,
        True,
    )
    assert (best["right"], best["of"]) == (total - 1, total)
    assert {qid: a["right"] for qid, a in entry["answers"].items()} == {
        q.id: n > 0 for n, q in enumerate(the_lesson.quiz)
    }


def test_learn_with_no_color_draws_plain_and_still_saves(tutor_env):
    env = dict(tutor_env, NO_COLOR="1")
    child, screen = walk_lesson("pipe", env, "--workers", "3", "--start-method", "spawn")
    assert child.exitstatus == 0
    assert "-- Processes" in screen and "Done in" in screen  # the demo as plain lines
    assert "child-2" in screen and "child-3" not in screen
    assert not COLOUR.search(child.log.getvalue())
    entry = progress_of(env)["lessons"]["pipe"]
    assert entry["read"] and entry["demo_run"] and entry["quiz"]["last"]["finished"]


def test_quiz_pipe_count_3(tutor_env):
    asked = pick([lesson("pipe")], 3, seed=7)
    child = spawn("quiz", "pipe", "--count", "3", "--seed", "7", env=tutor_env)
    child.expect_exact("Questions: 3 (seed 7)")
    for number, (item, right) in enumerate(zip(asked, [True, False, True]), 1):
        answer(child, number, 3, item, right)
    child.expect_exact("Score: 2/3")
    child.expect_exact("ipctutor quiz pipe --count 3 --seed 7")
    finish(child)
    assert child.exitstatus == 0
    entry = progress_of(tutor_env)["lessons"]["pipe"]
    last = entry["quiz"]["last"]
    assert (last["right"], last["asked"], last["of"], last["finished"]) == (2, 3, 3, True)
    assert entry["quiz"]["best"]["right"] == 2
    assert {qid: a["right"] for qid, a in entry["answers"].items()} == {
        item.question.id: right for item, right in zip(asked, [True, False, True])
    }
    assert not entry["read"] and not entry["demo_run"]


def test_ctrl_c_in_a_quiz_keeps_the_answers_and_exits_130(tutor_env):
    asked = pick([lesson("pipe")], 3, seed=11)
    child = spawn("quiz", "pipe", "--count", "3", "--seed", "11", env=tutor_env)
    answer(child, 1, 3, asked[0], right=True)
    child.expect_exact("Question 2 of 3")
    child.expect_exact("Your answer")
    child.sendintr()
    finish(child)
    assert child.exitstatus == 130
    lines = [line for line in shown(child).splitlines() if "interrupted" in line]
    assert len(lines) == 1 and "saved" in lines[0]
    entry = progress_of(tutor_env)["lessons"]["pipe"]
    assert list(entry["answers"]) == [asked[0].question.id]
    assert entry["quiz"]["last"]["asked"] == 1 and not entry["quiz"]["last"]["finished"]
    assert entry["quiz"]["best"] is None


def test_q_leaves_a_lesson_and_keeps_what_was_done(tutor_env):
    child = spawn("learn", "pipe", env=tutor_env)
    child.expect_exact("Enter: next")
    child.send("q")
    child.expect_exact("Left the lesson")
    finish(child)
    assert child.exitstatus == 0
    assert not (Path(tutor_env["IPCTUTOR_HOME"]) / "progress.json").exists()  # nothing done yet
    child = spawn("learn", "pipe", env=tutor_env)
    read_up_to_the_demo(child, "pipe")
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    entry = progress_of(tutor_env)["lessons"]["pipe"]
    assert entry["read"] and not entry["demo_run"]


def test_quiz_in_chinese(tutor_env):
    asked = pick([lesson("pipe")], 2, seed=3)
    child = spawn("--lang", "zh", "quiz", "pipe", "--count", "2", "--seed", "3", env=tutor_env)
    child.expect_exact("共 2 题")
    for number, item in enumerate(asked, 1):
        answer(child, number, 2, item, right=True, lang="zh")
    child.expect_exact("得分：2/2")
    finish(child)
    assert child.exitstatus == 0
    for item in asked:  # the Chinese prompt and explanation, not the English
        for words in (item.question.prompt, item.question.explanation):
            assert words.zh.replace("`", "").replace("*", "")[:6] in shown(child)
            assert words.en.replace("`", "").replace("*", "")[:12] not in shown(child)


def test_ctrl_c_during_the_demo_exits_130_and_keeps_the_reading(tutor_env):
    child = spawn("learn", "pipe", "--workers", "3", "--delay", "30", env=tutor_env)
    read_up_to_the_demo(child, "pipe")
    child.send(ENTER)
    child.expect_exact("No: in some other order")  # the guess before the run
    child.send(ENTER)
    child.expect_exact("pipe demo, live")
    child.sendintr()
    finish(child)
    assert child.exitstatus == 130
    said = [line for line in shown(child).splitlines() if line.startswith("ipctutor:")]
    assert len(said) == 1 and "interrupted" in said[0]
    entry = progress_of(tutor_env)["lessons"]["pipe"]
    assert entry["read"] and not entry["demo_run"]


def test_learn_without_a_topic_starts_the_next_lesson(tutor_env):
    lessons = load_lessons(LESSONS)
    child = spawn("learn", env=tutor_env)
    child.expect_exact(lessons[0].title.en[:20])  # nothing done yet: the first lesson
    child.expect_exact("Enter: next")
    child.send("q")
    finish(child)
    if len(lessons) > 1:
        from ipctutor.content.progress import ProgressStore

        store = ProgressStore(Path(tutor_env["IPCTUTOR_HOME"]))
        first = lessons[0]
        store.mark_read(first.id)
        store.mark_demo_run(first.id)
        for question in first.quiz:
            store.record_answer(first.id, question.id, True, "s", len(first.quiz))
        store.finish_quiz("s", [first.id])
        child = spawn("learn", env=tutor_env)
        child.expect_exact(lessons[1].title.en[:20])  # the first is done: the second
        child.send("q")
        finish(child)


def drawn_order(segment: str, labels: list[str]) -> list[str]:
    """The labels in the order they appear on screen in one drawing of a prompt."""
    return sorted(labels, key=segment.index)


def test_quiz_shows_the_choices_shuffled_and_grades_the_choice(tutor_env):
    """A multiple-choice question whose choices stand out of file order: the screen draws them in
    the seed's order, a hint redraws them in the same order with the tick kept, and the answer
    picked by where the choices stand is graded right; then Enter alone on a question whose top
    choice is wrong is graded wrong, naming the right answer by what it says."""
    pipe = lesson("pipe")

    def fits(asked) -> bool:
        multiple, single = asked
        return (
            multiple.question.kind == "multiple"
            and multiple.shown()[0] not in multiple.question.answer
            and single.question.kind in ("single", "predict")
            and single.shown()[0] not in single.question.answer
        )

    seed = next(s for s in range(1000) if fits(pick([pipe], 2, s)))
    multiple, single = pick([pipe], 2, seed)
    labels = multiple.question.choice_labels("en")
    top_down = [labels[i] for i in multiple.shown()]
    assert top_down != labels  # out of file order
    child = spawn("quiz", "pipe", "--count", "2", "--seed", str(seed), env=tutor_env)
    child.expect_exact("Your answer")
    child.expect_exact(top_down[-1])
    first_drawing = shown(child)
    assert drawn_order(first_drawing[first_drawing.rindex("Your answer") :], labels) == top_down
    right = sorted(multiple.shown().index(i) for i in multiple.question.answer)  # where they stand
    child.send(DOWN * right[0] + SPACE + "h")  # tick one right choice, then ask for a hint
    child.expect_exact(f"Hint 1/{len(multiple.question.hints)}:")
    child.expect_exact("Your answer")
    child.expect_exact(top_down[-1])
    shown_text = shown(child)
    redrawn = shown_text[shown_text.rindex("Your answer") :]
    assert drawn_order(redrawn, labels) == top_down  # the same order under the hint
    assert re.search(r"●\s*" + re.escape(top_down[right[0]]), redrawn)  # and the tick kept
    typed, at = "", 0
    for position in right[1:]:
        typed += DOWN * (position - at) + SPACE
        at = position
    child.send(typed + ENTER)
    assert child.expect_exact(["✓ Right.", "✗ Not quite."]) == 0
    on_to(child, "Enter: next question")
    child.send(ENTER)
    child.expect_exact("Question 2 of 2")
    on_to(child, "Your answer")
    child.send(ENTER)  # the top choice, which is not the answer
    child.expect_exact("Try once more")
    on_to(child, "Your answer")
    child.send(ENTER)  # the same again
    assert child.expect_exact(["✓ Right.", "✗ Not quite."]) == 1
    answer_label = single.question.choice_labels("en")[single.question.answer[0]]
    child.expect_exact(f"The answer: {answer_label}")
    on_to(child, "Enter: your score")
    child.send(ENTER)
    child.expect_exact("Score: 1/2")
    finish(child)
    assert child.exitstatus == 0
    answers = progress_of(tutor_env)["lessons"]["pipe"]["answers"]
    assert {qid: a["right"] for qid, a in answers.items()} == {
        multiple.question.id: True,
        single.question.id: False,
    }
