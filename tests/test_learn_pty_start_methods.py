"""`ipctutor learn start-methods` in a real pseudo-terminal, as a person takes it."""

from __future__ import annotations

from helpers import lesson, progress_of, walk_lesson


def test_learn_start_methods_as_a_person_would(tutor_env):
    the_lesson = lesson("start-methods")
    child, screen = walk_lesson("start-methods", tutor_env, "--workers", "3", "--delay", "0.2")
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    assert (
        '__name__ == "__main__"' in screen
        and "ipctutor/engine/plain/start_methods_demo.py" in screen
    )
    assert "start-methods demo, live" in screen
    assert "What just happened" in screen  # the children print what they got: no results panel
    assert "forkserver" in screen and "3.14 and later" in screen  # the defaults table rendered
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run start-methods --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"]["start-methods"]
    assert entry["read"] and entry["demo_run"]
    total = len(the_lesson.quiz)
    assert (entry["quiz"]["last"]["right"], entry["quiz"]["last"]["of"]) == (total - 1, total)
