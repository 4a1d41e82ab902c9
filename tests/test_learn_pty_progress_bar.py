"""`learn pool` offers the progress pitfall after the Ctrl-C one, runs it in place (r) with its bars,
and the lesson goes on. Driven through a real pty, keys pressed as a person would."""

from __future__ import annotations

from helpers import ENTER, finish, lesson, on_to, read_up_to_the_demo, run_the_demo, shown, spawn


def test_learn_pool_runs_the_progress_pitfall_with_its_bars(tutor_env):
    assert [s.name for s in lesson("pool").pitfall_screens] == ["ctrl-c", "progress"]
    child = spawn("learn", "pool", "--workers", "2", "--delay", "0", env=tutor_env)
    read_up_to_the_demo(child, "pool")
    run_the_demo(child)
    child.send(ENTER)
    on_to(child, "Enter: a pitfall you can run")
    child.send(ENTER)
    on_to(child, "r: run ctrl-c here · Enter: ")
    child.send(ENTER)  # past the Ctrl-C pitfall, on to the progress one
    while child.expect_exact(["r: run progress here · Enter: ", "Enter: "]) == 1:
        child.send(ENTER)
    child.send("r")
    child.expect_exact("No: it happens to work this time")  # a guess first
    child.send(ENTER)
    child.expect_exact("What the runs showed", timeout=180)
    on_to(child, "Back to the lesson")
    on_to(child, "r: run progress here · Enter: ")  # asked again: the lesson goes on
    child.send("q")
    finish(child)
    assert child.exitstatus == 0
    screen = shown(child)
    after = screen[screen.index("r: run progress here") :]
    assert "The bar each run drew from the results its parent received" in after
    assert "0/12 when the last task was let go" in after
    assert "11/12 when the last task was let go" in after
    assert "Traceback" not in screen
