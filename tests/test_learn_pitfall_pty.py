"""In `learn`, a pitfall screen can be run right there (r), shown as `run --pitfall` shows it, and
the lesson goes on afterwards. Driven through a real pty, keys pressed as a person would."""

from __future__ import annotations

import re

from helpers import (
    ENTER,
    finish,
    lesson,
    on_to,
    progress_of,
    read_up_to_the_demo,
    run_the_demo,
    shown,
    spawn,
)


def test_r_runs_the_pitfall_in_the_lesson_then_the_lesson_goes_on(tutor_env):
    the_lesson = lesson("value")
    assert [s.name for s in the_lesson.pitfall_screens] == ["race"]
    child = spawn("learn", "value", "--workers", "2", "--delay", "0", env=tutor_env)
    read_up_to_the_demo(child, "value")
    run_the_demo(child)
    child.send(ENTER)
    on_to(child, "Enter: a pitfall you can run")
    child.send(ENTER)
    child.expect_exact("r: run it here (as: ipctutor run value --pitfall race)")
    on_to(child, "r: run race here · Enter: ")
    child.send("r")
    child.expect_exact("No: it happens to work this time")  # a guess first
    child.send(ENTER)
    child.expect_exact("What the runs showed", timeout=120)  # the pitfall's own panels
    on_to(child, "Back to the lesson")
    on_to(child, "r: run race here · Enter: ")  # asked again: the lesson goes on
    child.send(ENTER)
    while child.expect_exact(["Your answer", "Enter: "]) == 1:  # the exercise's offer, the quiz
        child.send(ENTER)
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    screen = shown(child)
    after = screen[screen.index("Back to the lesson") - 3000 :]
    # both phases ran for real: the broken one lost updates, the fixed one got every one of them
    assert re.search(r"without the lock|no lock", after, re.I) and re.search(r"lost", after)
    assert "Traceback" not in screen
    entry = progress_of(tutor_env)["lessons"]["value"]
    assert entry["read"] and entry["demo_run"]


def test_plain_learn_runs_the_pitfall_as_plain_lines(tutor_env):
    env = dict(tutor_env, NO_COLOR="1")
    child = spawn("learn", "value", "--workers", "2", "--delay", "0", env=env)
    read_up_to_the_demo(child, "value")
    run_the_demo(child)
    child.send(ENTER)
    on_to(child, "Enter: a pitfall you can run")
    child.send(ENTER)
    on_to(child, "r: run race here")
    child.send("r")
    child.expect_exact("No: it happens to work this time")
    child.send(ENTER)
    on_to(child, "-- What the runs showed", timeout=120)
    on_to(child, "Back to the lesson")
    on_to(child, "r: run race here")
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    assert re.search(
        r"== .*\n", shown(child)
    )  # each phase announced, as `run --pitfall --plain` does
