"""`ipctutor learn shared-memory` and `learn sync` in a real pseudo-terminal, as a person takes them."""

from __future__ import annotations

import pytest

from helpers import (
    ENTER,
    answer,
    finish,
    lesson,
    on_to_the_quiz,
    progress_of,
    read_up_to_the_demo,
    run_the_demo,
    shown,
    spawn,
)
from ipctutor.content.quiz import asked_in_lesson


@pytest.mark.parametrize("topic", ["shared-memory", "sync"])
def test_learn_the_whole_lesson(topic, tutor_env):
    the_lesson = lesson(topic)
    child = spawn("learn", topic, env=tutor_env)
    read_up_to_the_demo(child, topic)
    run_the_demo(child)
    on_to_the_quiz(child)
    child.send(ENTER)
    total = len(the_lesson.quiz)
    for number, asked in enumerate(asked_in_lesson(the_lesson), 1):
        answer(child, number, total, asked, right=True)
    child.expect_exact(f"Score: {total}/{total}")
    finish(child)
    screen = shown(child)
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen
    assert f"ipctutor/engine/plain/{topic.replace('-', '_')}_demo.py" in screen  # the demo's code
    assert "What just happened" in screen  # these demos print what they got: no results panel
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run {topic} --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"][topic]
    assert entry["read"] and entry["demo_run"]
    assert entry["quiz"]["last"]["right"] == total
