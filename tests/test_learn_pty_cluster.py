"""`ipctutor learn cluster` in a real pseudo-terminal, as a person takes it: with Dask when it is
installed (as in CI), and with Dask hidden, when the demo must say so and run on a Pool."""

from __future__ import annotations

import pytest

from helpers import lesson, progress_of, walk_lesson, without_dask


@pytest.mark.parametrize("dask", ["installed", "hidden"])
def test_learn_cluster_as_a_person_would(dask, tutor_env):
    if dask == "installed":
        pytest.importorskip("distributed")
    else:
        tutor_env = without_dask(tutor_env)
    the_lesson = lesson("cluster")
    child, screen = walk_lesson("cluster", tutor_env, "--workers", "2", "--delay", "0.2")
    assert child.exitstatus == 0
    for item in the_lesson.screens:
        assert item.title.en[:30] in screen  # every screen was shown
    assert '__name__ == "__main__"' in screen and "ipctutor/engine/plain/cluster_demo.py" in screen
    assert "cluster demo, live" in screen
    assert "What just happened" in screen  # the plain demo prints its map: no results panel
    # which engine ran (Dask or the Pool) is read from the run's JSON in test_demos_cluster.py: the
    # live panel shows each process's latest step, not every line the script printed
    for pitfall in the_lesson.pitfall_screens:
        assert pitfall.title.en[:30] in screen
        assert f"ipctutor run cluster --pitfall {pitfall.name}" in screen
    entry = progress_of(tutor_env)["lessons"]["cluster"]
    assert entry["read"] and entry["demo_run"]
    total = len(the_lesson.quiz)
    assert (entry["quiz"]["last"]["right"], entry["quiz"]["last"]["of"]) == (total - 1, total)
