"""`run value` runs the source material's own example for real, and reports its Value truthfully.

The source: `Array('i', range(10))`, every child writes `a[i] = -i` for every i, the parent prints
`[0, -1, ..., -9]`; and every child overwrites one Value, so the parent sees whoever wrote last.
"""
from __future__ import annotations

import json

import pytest

from helpers import run_cli


def value_run(env, *options: str) -> dict:
    proc = run_cli("run", "value", "--delay", "0", "--json", *options, env=env)
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_source_array_always_ends_as_the_source_printed(method, tutor_env):
    run = value_run(tutor_env, "-n", "10", "--start-method", method)
    assert run["outcome"] == "ok"
    results = run["results"]
    assert results["seed_array"] == [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]
    # the Value holds one child's square, and last_writer names that child
    assert results["last_written"] in {float(n * n) for n in range(10)}
    assert results["last_writer"] == f"child-{round(results['last_written'] ** 0.5)}"


def test_the_last_writer_is_the_one_that_wrote_not_the_biggest(tutor_env):
    # child-9 fails before it writes: whatever is left, it is not 81.0, and the report says so
    run = value_run(tutor_env, "-n", "10", "--fail", "9", "--start-method", "fork")
    assert run["outcome"] == "failed"
    results = run["results"]
    assert results["last_written"] != 81.0 and results["last_writer"] != "child-9"
    assert results["last_writer"] == f"child-{round(results['last_written'] ** 0.5)}"
    assert results["squares"][9] == 0  # it really never wrote


def test_the_array_follows_the_number_of_children(tutor_env):
    assert value_run(tutor_env, "-n", "3")["results"]["seed_array"] == [0, -1, -2]


def test_plain_run_shows_the_source_array(tutor_env):
    proc = run_cli("run", "value", "-n", "10", "--delay", "0", "--plain", env=tutor_env)
    assert proc.returncode == 0
    assert '["seed_array", [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]]' in proc.stdout
    assert "`seed_array` is the source material's" in proc.stdout


def test_race_pitfall_says_how_many_workers_really_ran(tutor_env):
    proc = run_cli("run", "value", "--pitfall", "race", "-n", "2", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["phases"][0]["results"]["expected"] == 2 * 20_000
    assert sum(p["role"] == "child" for p in report["phases"][0]["processes"]) == 2
    if report["reproduced"]:
        assert report["finding"].startswith("2 workers: ")
    from helpers import LESSONS
    from ipctutor.content.lessons import load_lessons

    value = next(lesson for lesson in load_lessons(LESSONS) if lesson.id == "value")
    body = next(s for s in value.pitfall_screens
                if s.name == "race").body
    assert "Four workers" not in body.en and "四个工作进程先" not in body.zh  # true for any --workers
