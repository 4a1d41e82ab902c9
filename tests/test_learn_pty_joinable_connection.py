"""`ipctutor learn joinablequeue` and `learn connection` in a real pseudo-terminal, as a person takes them."""

from __future__ import annotations

import pytest

from helpers import lesson, progress_of, walk_lesson


@pytest.mark.parametrize(
    "topic, module", [("joinablequeue", "joinablequeue_demo"), ("connection", "connection_demo")]
)
def test_learn_new_lesson_as_a_person_would(topic, module, tutor_env):
    the_lesson = lesson(topic)
    child, screen = walk_lesson(topic, tutor_env, "--workers", "3", "--delay", "0.2")
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    assert '__name__ == "__main__"' in screen and f"ipctutor/engine/plain/{module}.py" in screen
    assert f"{topic} demo, live" in screen
    assert "What the parent got" in screen and "What just happened" in screen
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run {topic} --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"][topic]
    assert entry["read"] and entry["demo_run"]
    total = len(the_lesson.quiz)
    assert (entry["quiz"]["last"]["right"], entry["quiz"]["last"]["of"]) == (total - 1, total)
