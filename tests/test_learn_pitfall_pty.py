"""In `learn`, a pitfall screen can be run right there (r), shown as `run --pitfall` shows it, and
the lesson goes on afterwards. Driven through a real pty, keys pressed as a person would."""
from __future__ import annotations

import re

from helpers import ENTER, finish, lesson, progress_of, read_up_to_the_demo, shown, spawn


def test_r_runs_the_pitfall_in_the_lesson_then_the_lesson_goes_on(tutor_env):
    the_lesson = lesson("value")
    assert [s.name for s in the_lesson.pitfall_screens] == ["race"]
    child = spawn("learn", "value", "--workers", "2", "--delay", "0", env=tutor_env)
    read_up_to_the_demo(child, "value")
    child.send(ENTER)  # run the demo
    child.expect_exact("Enter: a pitfall you can run", timeout=90)
    child.send(ENTER)
    child.expect_exact("r: run it here (as: ipctutor run value --pitfall race)")
    child.expect_exact("r: run race here · Enter: the quiz")
    child.send("r")
    child.expect_exact("What the runs showed", timeout=120)  # the pitfall's own panels
    child.expect_exact("Back to the lesson.")
    child.expect_exact("r: run race here · Enter: the quiz")  # asked again: the lesson goes on
    child.send(ENTER)
    child.expect_exact("Your answer")
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    screen = shown(child)
    after = screen[screen.index("Back to the lesson") - 3000:]
    # both phases ran for real: the broken one lost updates, the fixed one got every one of them
    assert re.search(r"without the lock|no lock", after, re.I) and re.search(r"lost", after)
    assert "Traceback" not in screen
    entry = progress_of(tutor_env)["lessons"]["value"]
    assert entry["read"] and entry["demo_run"]


def test_plain_learn_runs_the_pitfall_as_plain_lines(tutor_env):
    env = dict(tutor_env, NO_COLOR="1")
    child = spawn("learn", "value", "--workers", "2", "--delay", "0", env=env)
    read_up_to_the_demo(child, "value")
    child.send(ENTER)
    child.expect_exact("Enter: a pitfall you can run", timeout=90)
    child.send(ENTER)
    child.expect_exact("r: run race here")
    child.send("r")
    child.expect_exact("-- What the runs showed", timeout=120)
    child.expect_exact("Back to the lesson.")
    child.expect_exact("r: run race here")
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    assert re.search(r"== .*\n", shown(child))  # each phase announced, as `run --pitfall --plain` does
