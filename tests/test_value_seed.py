"""`run value` runs the source material's own example for real, and reports its Value truthfully.

The source: `Array('i', range(10))`, every child writes `a[i] = -i` for every i, the parent prints
`[0, -1, ..., -9]`; and every child overwrites one Value, so the parent sees whoever wrote last.
"""

from __future__ import annotations

import ast
import json

import pytest

from helpers import run_cli


def value_run(env, *options: str) -> dict:
    proc = run_cli("run", "value", "--delay", "0", "--json", *options, env=env)
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


def parent_said(run: dict, prefix: str):
    """The value after `prefix` in the line the demo's parent printed (as the observer saw it)."""
    [line] = [line for line in run["parent"]["printed"] if line.startswith(prefix)]
    return line[len(prefix) :]


def written(run: dict) -> dict[str, float]:
    """child name -> what it wrote into the shared Value `last`: its first Value write, observed."""
    return {
        p["name"]: float(next(o["data"] for o in p["ops"] if o["op"] == "Value.value="))
        for p in run["processes"]
        if any(o["op"] == "Value.value=" for o in p["ops"])
    }


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_source_array_always_ends_as_the_source_printed(method, tutor_env):
    run = value_run(tutor_env, "-n", "10", "--start-method", method)
    assert run["outcome"] == "ok"
    assert ast.literal_eval(parent_said(run, "seed array: ")) == [
        0,
        -1,
        -2,
        -3,
        -4,
        -5,
        -6,
        -7,
        -8,
        -9,
    ]
    # the Value holds one child's square, one the observer saw that child write
    last, by = parent_said(run, "last written: ").split(" (by child ")
    assert float(last) in set(written(run).values()) == {float(n * n) for n in range(10)}
    assert written(run)[f"child-{by.split(',')[0]}"] == float(last)


def test_the_last_writer_is_the_one_that_wrote_not_the_biggest(tutor_env):
    # child-9 fails before it writes: whatever is left, it is not 81.0, and the report says so
    run = value_run(tutor_env, "-n", "10", "--fail", "9", "--start-method", "fork")
    assert run["outcome"] == "failed"
    assert "child-9" not in written(run)  # it really never wrote
    last, by = parent_said(run, "last written: ").split(" (by child ")
    assert float(last) != 81.0 and by.split(",")[0] != "9"
    assert written(run)[f"child-{by.split(',')[0]}"] == float(last)
    assert ast.literal_eval(parent_said(run, "squares: "))[9] == 0


def test_the_array_follows_the_number_of_children(tutor_env):
    assert ast.literal_eval(parent_said(value_run(tutor_env, "-n", "3"), "seed array: ")) == [
        0,
        -1,
        -2,
    ]


def test_plain_run_shows_the_source_array(tutor_env):
    proc = run_cli("run", "value", "-n", "10", "--delay", "0", "--plain", env=tutor_env)
    assert proc.returncode == 0
    assert "printed: seed array: [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]" in proc.stdout
    assert "`seed array` line is the source material's" in proc.stdout  # the lesson's words


def test_race_pitfall_says_how_many_workers_really_ran(tutor_env):
    proc = run_cli("run", "value", "--pitfall", "race", "-n", "2", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert any(
        line.startswith("total: ") and line.split(" of ")[1].startswith(f"{2 * 20_000},")
        for line in report["phases"][0]["parent"]["printed"]
    )
    assert sum(p["role"] == "child" for p in report["phases"][0]["processes"]) == 2
    if report["reproduced"]:
        assert report["finding"].startswith("2 workers: ")
    from helpers import LESSONS
    from ipctutor.content.lessons import load_lessons

    value = next(lesson for lesson in load_lessons(LESSONS) if lesson.id == "value")
    body = next(s for s in value.pitfall_screens if s.name == "race").body
    assert (
        "Four workers" not in body.en and "四个工作进程先" not in body.zh
    )  # true for any --workers
