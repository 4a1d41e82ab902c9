"""`ipctutor learn` and `ipctutor quiz` in a real pseudo-terminal, keys pressed as a person would.

Each test works out which keys give a right (or wrong) answer from the shipped lesson itself, presses
them, and then reads the progress file the tutor wrote.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pexpect

from conftest import LESSONS, ROOT
from ipctutor.content.lessons import load_lessons
from ipctutor.content.quiz import asked_in_lesson, pick

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")
COLOUR = re.compile(
    r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;|4[0-7])[0-9;]*m"
)  # foreground/background colour
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


def lesson(topic: str):
    return next(lesson for lesson in load_lessons(LESSONS) if lesson.id == topic)


def spawn(*args: str, env: dict) -> pexpect.spawn:
    """The tutor in a pseudo-terminal; everything it shows is kept in `child.log`."""
    # pexpect is a terminal that never answers prompt_toolkit's cursor-position request (a real
    # one does at once); without this, every prompt waits a second for the answer when it ends
    env = dict(env, TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ipctutor", *args],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 120),
    )
    child.log = child.logfile_read = io.StringIO()
    return child


def shown(child) -> str:
    """What the learner saw, without terminal control codes."""
    return ANSI.sub("", child.log.getvalue())


def keys_for(asked, right: bool) -> str:
    """The keys that answer a question right, or wrong (the top choice that is not an answer),
    with its choices where the tutor shows them (`asked.shown()`, top to bottom)."""
    question, shown = asked.question, list(asked.shown())
    chosen = (
        sorted(question.answer) if right else [next(i for i in shown if i not in question.answer)]
    )
    typed, at = "", 0
    for position in sorted(shown.index(i) for i in chosen):
        typed += DOWN * (position - at) + (SPACE if question.kind == "multiple" else "")
        at = position
    return typed + ENTER


MORE = {"en": "Enter: more", "zh": "Enter：继续"}


def on_to(child, text: str, lang: str = "en", timeout: float = 90) -> None:
    """Enter on every page before the one that shows `text` (a page says "more" when another
    follows it)."""
    while child.expect_exact([text, MORE[lang]], timeout=timeout) == 1:
        child.send(ENTER)


def answer(child, number: int, total: int, asked, right: bool, lang: str = "en") -> None:
    """Wait for question `number`, press the keys, and see the verdict; a wrong first answer gets
    its second try, answered wrong again; then Enter under the explanation."""
    child.expect_exact(
        f"Question {number} of {total}" if lang == "en" else f"第 {number}/{total} 题"
    )
    on_to(child, "Your answer" if lang == "en" else "你的答案", lang)
    child.send(keys_for(asked, right))
    if not right:
        child.expect_exact("Try once more" if lang == "en" else "再试一次")
        on_to(child, "Your answer" if lang == "en" else "你的答案", lang)
        child.send(keys_for(asked, right=False))
    verdict = ["✓ Right.", "✗ Not quite."] if lang == "en" else ["✓ 回答正确。", "✗ 回答错误。"]
    assert child.expect_exact(verdict) == (0 if right else 1)
    after = (
        ("Enter: your score" if number == total else "Enter: next question")
        if lang == "en"
        else ("Enter：查看得分" if number == total else "Enter：下一题")
    )
    on_to(child, after, lang)
    child.send(ENTER)


def progress_of(env: dict) -> dict:
    return json.loads((Path(env["IPCTUTOR_HOME"]) / "progress.json").read_text(encoding="utf-8"))


def finish(child) -> str:
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    return child.before


def read_up_to_the_demo(child, topic: str) -> None:
    """Press Enter through every screen and the demo's code, up to the prompt that runs the demo."""
    screens = lesson(topic).screens
    for number in range(1, len(screens) + 1):
        on_to(child, "Enter: next" if number < len(screens) else "Enter: see the demo's code")
        child.send(ENTER)
    on_to(child, "Enter: run it live")


def run_the_demo(child, impatient: bool = False) -> None:
    """From the prompt that runs the demo: Enter, a guess (the first choice), the run (`impatient`:
    with an Enter pressed while it runs, which is dropped; only for a demo that runs for seconds,
    or the key may come after its end), up to the pause under its result."""
    child.send(ENTER)
    # the guess before the run (not for a pool's workers), then the live panel, or in plain
    # lines a line that says it runs (its lines come after it, a page at a time)
    if child.expect_exact(["No: in some other order", "demo, live", ": running …"]) == 0:
        child.send(ENTER)
        child.expect_exact(["demo, live", ": running …"])
    if impatient:
        child.send(ENTER)  # an impatient key during the demo is dropped, not taken as "next"
    on_to(child, "Enter: what commonly goes wrong")


def on_to_the_quiz(child) -> None:
    """From the demo's result: Enter through what goes wrong, every pitfall screen and the
    exercise's offer, up to the pause that starts the quiz."""
    child.send(ENTER)
    while (
        child.expect_exact(
            [
                "Enter: the quiz",
                "Enter: more",
                "Enter: what commonly goes wrong",
                "Enter: a pitfall you can run",
                "Enter: this lesson's exercise",
            ],
            timeout=90,
        )
        > 0
    ):
        child.send(ENTER)


def walk_lesson(topic: str, env: dict, *options: str) -> tuple[pexpect.spawn, str]:
    """Take a whole lesson: every screen, the code, the demo, the pitfalls, the quiz (first answer
    wrong, after two hints; the rest right). Returns the tutor and everything it showed."""
    the_lesson = lesson(topic)
    child = spawn("learn", topic, *options, env=env)
    read_up_to_the_demo(child, topic)
    run_the_demo(child, impatient=not options)  # the default pause: each child waits a second
    on_to_the_quiz(child)
    child.send(ENTER)
    total = len(the_lesson.quiz)
    for number, asked in enumerate(asked_in_lesson(the_lesson), 1):
        if number == 1:  # the question's own ladder, two rungs up
            hints = asked.question.hints
            on_to(child, "Your answer")
            child.send("h")
            on_to(child, f"Hint 1/{len(hints)}:")  # behind a page break when the page is full
            on_to(child, "Your answer")  # asked again under the hint
            child.send("h")
            on_to(child, f"Hint 2/{len(hints)}:")
            on_to(child, "Your answer")
            child.send(keys_for(asked, right=False))
            child.expect_exact("Try once more")
            on_to(child, "Your answer")
            child.send(keys_for(asked, right=True))  # right on the second try: it scores as wrong
            child.expect_exact("Right, on the second try")
            on_to(child, "Enter: next question")
            child.send(ENTER)
            continue
        answer(child, number, total, asked, right=True)
    child.expect_exact(f"Score: {total - 1}/{total}")
    finish(child)
    return child, shown(child)


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
