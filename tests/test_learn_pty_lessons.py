"""`ipctutor learn TOPIC` for the lessons beyond the first seven, in a real pseudo-terminal, as a
person takes them: every screen, the demo's code, the demo live, each pitfall's screen, the quiz
(the first answer wrong after two hints, the rest right), then the progress file.

One test, parametrised by topic; what one lesson shows beyond the others is in EXTRA. The cluster
lesson runs twice: with Dask installed (as in CI) and with Dask hidden, when the demo must say so
and run on a Pool.
"""
from __future__ import annotations

import pytest

from helpers import lesson, progress_of, walk_lesson, without_dask

EXTRA = {  # topic: what its walk must show beyond every lesson's screens
    "futures": ["[executor worker]"],  # the executor's own processes, as the panel names them
    "start-methods": ["forkserver", "3.14 and later"],  # the defaults table rendered
    "cluster": ["engine: dask.distributed LocalCluster"],  # the results panel
    # whole, brackets and all (Rich once took "[cluster]" for markup and dropped it)
    "cluster-without-dask": [
        "engine: multiprocessing.Pool (Dask is not installed: pip install 'ipctutor[cluster]')"],
}
CASES = ["shared-memory", "sync", "joinablequeue", "connection", "futures", "start-methods",
         "cluster", "cluster-without-dask"]


@pytest.mark.parametrize("case", CASES)
def test_learn_the_lesson_as_a_person_would(case, tutor_env):
    topic = case.removesuffix("-without-dask")
    if case == "cluster":
        pytest.importorskip("distributed")
    env = without_dask(tutor_env) if case.endswith("-without-dask") else tutor_env
    the_lesson = lesson(topic)
    workers = "2" if topic == "cluster" else "3"
    child, screen = walk_lesson(topic, env, "--workers", workers, "--delay", "0.2")
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    module = topic.replace("-", "_") + "_demo"
    assert "def run(ctx" in screen and f"ipctutor/engine/demos/{module}.py" in screen
    assert f"{topic} demo, live" in screen
    assert "What the parent got" in screen and "What just happened" in screen
    for words in EXTRA.get(case, []):
        assert words in screen, words
    if case == "cluster":
        assert "engine: multiprocessing.Pool" not in screen
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run {topic} --pitfall {pitfall.name}" in screen
    entry = progress_of(env)["lessons"][topic]
    assert entry["read"] and entry["demo_run"]
    total = len(the_lesson.quiz)
    assert (entry["quiz"]["last"]["right"], entry["quiz"]["last"]["of"]) == (total - 1, total)
