"""The pool's progress pitfall through the real CLI, and its bars drawn from a real run.

The scripts hold their last task on an Event until the parent lets it go: the map() script once
every other task has finished, the imap_unordered() script once it has every other result (or
every result outside the held batch, with a chunksize). So the order of the parent's own lines is
the evidence, the same on a busy machine as on a quiet one; nothing here reads a duration.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers import START_METHODS, run_cli

DONE = r"done (\d+)/12: task (\d+) from worker (\d+)"
LET_GO_MAP = "parent: 11 of 12 tasks finished, 0 results received, releasing task 11"


def pitfall(env: dict, *args: str) -> dict:
    proc = run_cli("run", "pool", "--pitfall", "progress", "--json", *args, env=env, timeout=240)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "pool" and report["pitfall"] == "progress"
    return report


def lines_of(phase: dict) -> list[str]:
    """The parent's own lines, in the order it printed them (its pid line first)."""
    return [line for line in phase["parent"]["printed"] if not line.startswith("parent: pid ")]


def results(phase: dict, lines: list[str]) -> list[tuple[int, int, int]]:
    """(count, task, worker pid) of each `done` line, checked against the real pool workers."""
    found = [re.fullmatch(DONE, line) for line in lines]
    done = [(int(m[1]), int(m[2]), int(m[3])) for m in found if m]
    workers = {p["pid"] for p in phase["processes"] if p["role"] == "pool worker"}
    assert {pid for _, _, pid in done} <= workers, (done, workers)
    return done


@pytest.mark.parametrize("method", START_METHODS)
def test_map_bar_sits_at_zero_and_imap_unordered_moves_while_the_last_task_is_held(
    method, tutor_env
):
    report = pitfall(tutor_env, "--start-method", method)
    broken, fixed = report["phases"]
    assert broken["start_method"] == fixed["start_method"] == method
    assert broken["outcome"] == fixed["outcome"] == "ok"
    # map(): the parent let the last task go with no result, and printed all 12 after
    lines = lines_of(broken)
    assert lines[0] == LET_GO_MAP, lines
    done = results(broken, lines[1:])
    assert [count for count, _, _ in done] == list(range(1, 13))
    assert [task for _, task, _ in done] == list(range(12))  # map's list: in input order
    assert len(lines) == 13
    # imap_unordered(): eleven results while task 11 was held, then task 11's
    lines = lines_of(fixed)
    assert lines[11] == "parent: 11 of 12 results received (chunksize 1), releasing task 11", lines
    before = results(fixed, lines[:11])
    assert [count for count, _, _ in before] == list(range(1, 12))
    assert sorted(task for _, task, _ in before) == list(range(11))
    assert results(fixed, lines[12:]) == [(12, 11, results(fixed, lines[12:])[0][2])]
    assert report["reproduced"] is True
    assert report["finding"].startswith(
        "map(): when 11 of the 12 tasks had finished, the parent had received no result"
    )
    assert "the parent had received 11 of the 12 results" in report["finding"]


def test_the_chunksize_is_the_bars_step_and_one_batch_makes_it_jump(tutor_env):
    """--size 5: batches 0-4, 5-9 and 10-11; task 11 is held, so ten results come before it is let
    go. --size 12: one batch holds every task, and the fix's bar jumps as map()'s does."""
    fixed = pitfall(tutor_env, "--start-method", "fork", "--size", "5")["phases"][1]
    lines = lines_of(fixed)
    assert lines[10] == "parent: 10 of 12 results received (chunksize 5), releasing task 11"
    assert sorted(task for _, task, _ in results(fixed, lines[:10])) == list(range(10))
    assert sorted(task for _, task, _ in results(fixed, lines[11:])) == [10, 11]
    whole = pitfall(tutor_env, "--start-method", "fork", "--size", "12")
    lines = lines_of(whole["phases"][1])
    assert lines[0] == "parent: 0 of 12 results received (chunksize 12), releasing task 11"
    assert len(results(whole["phases"][1], lines[1:])) == 12
    assert whole["reproduced"] is False
    assert whole["finding"].startswith("With chunksize 12 the last batch held all 12 tasks")


def test_plain_output_draws_each_bar_where_it_stood_when_the_last_task_was_let_go(tutor_env):
    proc = run_cli("run", "pool", "--pitfall", "progress", "--plain", env=tutor_env, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert "a bar fed from map(): [" + "." * 20 + "] 0/12 when the last task was let go" in (
        proc.stdout
    )
    bar = "#" * 18 + ".." + "] 11/12 when the last task was let go"
    assert "a bar fed from imap_unordered(): [" + bar in proc.stdout


def test_the_bars_are_built_from_the_runs_printed_lines():
    """In process, through the engine: the panel's bars, the live bar and the strip, from the
    very runs the finding reads."""
    from rich.console import Console

    from ipctutor.engine.pitfalls import PITFALLS, progress_events, run_pitfall
    from ipctutor.screen.progress_bars import LEVELS, live_bar, progress_panel, strip

    pitfall = PITFALLS[("pool", "progress")]
    runs = run_pitfall(
        pitfall,
        workers=None,
        delay=0.0,
        start_method="fork",
        timeout=120.0,
        size=None,
        on_phase=lambda p, phase, start: start(),
    )
    broken, fixed = runs
    console = Console(record=True, width=120, color_system=None)
    console.print(progress_panel(pitfall, runs))
    text = console.export_text()
    assert "0/12 when the last task was let go" in text
    assert "11/12 when the last task was let go" in text
    console.print(live_bar(fixed))
    assert "12/12 (the last task let go)" in console.export_text()
    for run in runs:
        cells = strip(run, 40)
        levels = [LEVELS.index(cell) for cell in cells]
        assert levels == sorted(levels) and cells[-1] == "█", cells  # never back, all at the end
    # map(): no column before the release moment shows a result
    done, (let_go, _, _) = progress_events(broken)
    span = done[-1][0] - broken.started_at
    before = [
        c
        for i, c in enumerate(strip(broken, 40))
        if broken.started_at + span * (i + 1) / 40 < let_go
    ]
    assert set(before) <= {LEVELS[0]}, strip(broken, 40)


def test_in_a_terminal_the_bar_is_drawn_live_over_each_phase_and_after_the_runs(tutor_env):
    """A real pty: the live panel has the bar above the processes (Rich's Live draws its last frame
    when the phase ends: 12/12, the last task let go), then the panel of bars after the runs."""
    from helpers import finish, shown, spawn

    child = spawn("run", "pool", "--pitfall", "progress", env=tutor_env)
    finish(child)
    assert child.exitstatus == 0
    screen = shown(child)
    assert re.search(r"results received .*12/12 \(the last task let go\)", screen), screen[-3000:]
    assert "The bar each run drew from the results its parent received" in screen
    assert "0/12 when the last task was let go" in screen
    assert "11/12 when the last task was let go" in screen
    assert "Traceback" not in screen
