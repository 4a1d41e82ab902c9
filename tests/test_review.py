"""Spaced review: a wrong answer comes back after 1 day, then 3, 7 and 21 as it is answered right;
a quiz across lessons keeps the lessons' own scores; `quiz` with no topic asks from lessons taken.
The clock is fixed with IPCTUTOR_NOW."""

from __future__ import annotations

from pathlib import Path

import pexpect

from helpers import ENTER, LESSONS, keys_for, on_to, progress_of, run_cli, shown, spawn
from ipctutor.content.lessons import load_lessons
from ipctutor.content.progress import ProgressStore, due_reviews


def at_day(monkeypatch, day: str) -> None:
    monkeypatch.setenv("IPCTUTOR_NOW", day)


def test_a_wrong_answer_comes_back_after_1_3_7_21_days(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    at_day(monkeypatch, "2026-01-01T10:00")
    store.record_answer("pipe", "q1", False, "s1", 3)
    store.record_answer("pipe", "q2", True, "s1", 3)
    assert due_reviews(store.load()) == []  # not due the same day
    days = []
    for day in ("2026-01-02", "2026-01-05", "2026-01-12", "2026-02-02"):
        at_day(monkeypatch, day)
        assert due_reviews(store.load()) == [("question", "pipe", "q1")]
        store.record_review("pipe", "q1", True)
        days.append(store.load()["lessons"]["pipe"].get("review", {}).get("q1", {}).get("due"))
    assert days == ["2026-01-05", "2026-01-12", "2026-02-02", None]  # after 21 days: learnt
    assert due_reviews(store.load(), today="2099-01-01") == []


def test_a_wrong_review_starts_again_at_one_day(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    at_day(monkeypatch, "2026-01-01")
    store.record_answer("pipe", "q1", False, "s1", 3)
    at_day(monkeypatch, "2026-01-02")
    store.record_review("pipe", "q1", True)
    at_day(monkeypatch, "2026-01-05")
    store.record_review("pipe", "q1", False)
    assert store.load()["lessons"]["pipe"]["review"]["q1"] == {"stage": 0, "due": "2026-01-06"}


def test_a_quiz_across_lessons_leaves_the_lessons_scores_alone(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    store.record_answer("pipe", "q1", True, "own", 2)
    store.record_answer("pipe", "q2", True, "own", 2)
    store.finish_quiz("own", ["pipe"])
    before = store.load()["lessons"]["pipe"]["quiz"]
    store.record_answer("pipe", "q1", False, "across", None)  # a quiz across lessons
    after = store.load()["lessons"]["pipe"]
    assert after["quiz"] == before and after["answers"]["q1"]["right"] is False
    assert "q1" in after["review"]


def test_an_exercise_whose_solution_was_needed_comes_back(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    at_day(monkeypatch, "2026-03-01")
    store.record_solution_needed("queue-join-before-get")
    at_day(monkeypatch, "2026-03-02")
    assert due_reviews(store.load()) == [("exercise", "queue-join-before-get", "")]
    store.record_check("queue-join-before-get", True)  # done again, passed
    assert store.load()["exercises"]["queue-join-before-get"]["review"]["due"] == "2026-03-05"


def test_quiz_with_no_topic_asks_from_the_lessons_taken(tutor_env):
    child = spawn("quiz", env=tutor_env, size=(24, 80))
    child.expect_exact("no lesson taken yet")
    child.expect_exact("ipctutor quiz --all")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2 and "Traceback" not in shown(child)
    ProgressStore(Path(tutor_env["IPCTUTOR_HOME"])).mark_read("pipe")
    child = spawn("quiz", "--count", "3", "--seed", "4", env=tutor_env, size=(24, 80))
    child.expect_exact("Question 1 of 3 · Pipe")  # only the lesson taken
    child.expect_exact("Your answer")
    child.send("q")
    child.expect(pexpect.EOF)


def test_review_in_a_terminal_asks_what_is_due_and_says_when_it_comes_back(tutor_env, monkeypatch):
    pipe = next(lesson for lesson in load_lessons(LESSONS) if lesson.id == "pipe")
    question = pipe.quiz[0]
    env = dict(tutor_env, IPCTUTOR_NOW="2026-05-01T09:00")
    monkeypatch.setenv("IPCTUTOR_NOW", env["IPCTUTOR_NOW"])
    ProgressStore(Path(env["IPCTUTOR_HOME"])).record_answer(
        "pipe", question.id, False, "s", len(pipe.quiz)
    )
    assert "Nothing due for review today (1 waiting" in run_cli("review", env=env).stdout
    env["IPCTUTOR_NOW"] = "2026-05-02T09:00"
    assert "Due for review today: 1. Run: ipctutor review" in run_cli("list", env=env).stdout
    child = spawn("review", env=env, size=(24, 80))
    child.expect_exact("Questions due for review")
    on_to(child, "Your answer")
    from ipctutor.content.quiz import asked_in_lesson

    child.send(keys_for(asked_in_lesson(pipe)[0], right=True))
    child.expect_exact("✓ Right.")
    on_to(child, "Enter: your score")
    child.send(ENTER)
    child.expect_exact("Score: 1/1")
    child.expect(r"\$|$", timeout=30)
    child.wait()
    entry = progress_of(env)["lessons"]["pipe"]
    assert entry["review"][question.id] == {"stage": 1, "due": "2026-05-05"}
    assert entry["quiz"]["last"]["right"] == 0  # the lesson's own score is the first quiz's
