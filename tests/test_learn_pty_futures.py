"""`ipctutor learn futures` in a real pseudo-terminal, as a person takes it."""

from __future__ import annotations

from helpers import lesson, progress_of, walk_lesson


def test_learn_futures_as_a_person_would(tutor_env):
    the_lesson = lesson("futures")
    child, screen = walk_lesson("futures", tutor_env, "--workers", "3", "--delay", "0.2")
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    assert '__name__ == "__main__"' in screen and "ipctutor/engine/plain/futures_demo.py" in screen
    assert "futures demo, live" in screen
    assert "[executor worker]" in screen  # the executor's own processes, as the panel names them
    assert "What the parent got" in screen and "What just happened" in screen
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run futures --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"]["futures"]
    assert entry["read"] and entry["demo_run"]
    total = len(the_lesson.quiz)
    assert (entry["quiz"]["last"]["right"], entry["quiz"]["last"]["of"]) == (total - 1, total)
