"""`ipctutor learn logging` in a real pseudo-terminal, as a person takes it."""

from __future__ import annotations

from helpers import lesson, progress_of, walk_lesson


def test_learn_logging_as_a_person_would(tutor_env):
    the_lesson = lesson("logging")
    child, screen = walk_lesson("logging", tutor_env, "--workers", "3", "--delay", "0.2")
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    assert '__name__ == "__main__"' in screen and "ipctutor/engine/plain/logging_demo.py" in screen
    assert "logging demo, live" in screen
    assert "What just happened" in screen  # the records are lines the parent wrote, not results
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run logging --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"]["logging"]
    assert entry["read"] and entry["demo_run"]
    total = len(the_lesson.quiz)
    assert (entry["quiz"]["last"]["right"], entry["quiz"]["last"]["of"]) == (total - 1, total)
