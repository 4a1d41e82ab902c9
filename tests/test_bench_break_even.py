"""`ipctutor bench --break-even`: the for loop against Pool.map and executor.map by task size.

No timing assertions: the figures depend on the machine and its load. What is checked is the
report's shape (every size, every way, a positive time, the tasks each way sent), that the plain
chart fits 80 columns in both languages, that bad options are one line and exit 2, that Ctrl-C
leaves nothing running, and how a break-even is read off a curve (made-up figures).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys

import pytest

from helpers import processes_left_with, run_cli
from ipctutor.engine import break_even
from ipctutor.screen import break_even_view as view
from ipctutor.screen.textwidth import cell_width


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_quick_json_has_every_size_and_way(method, tutor_env):
    done = run_cli(
        "bench",
        "--break-even",
        "--quick",
        "--json",
        "--start-method",
        method,
        env=tutor_env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # the only thing on stdout
    assert report["mode"] == "break_even" and report["plan"] == "quick"
    assert report["format_version"] == break_even.FORMAT_VERSION
    assert report["start_method"] == method and report["workers"] >= 1
    assert report["methods"] == list(break_even.METHODS)
    assert [row["iterations"] for row in report["sizes"]] == list(break_even.QUICK.sizes)
    for row in report["sizes"]:
        items, chunk = row["items"], row["chunksize"]
        assert items >= 2 * break_even.CHUNKS_PER_WORKER * report["workers"]
        assert chunk == math.ceil(items / (break_even.CHUNKS_PER_WORKER * report["workers"]))
        assert all(row["us_per_item"][m] > 0 for m in break_even.METHODS)
        assert row["tasks"] == {
            "loop": 0,
            "pool_map_1": items,
            "pool_map_chunks": math.ceil(items / chunk),
            "executor_map": items,
            "executor_map_chunks": math.ceil(items / chunk),
        }
    assert set(report["break_even"]) == set(break_even.METHODS[1:])
    for found in report["break_even"].values():
        assert found is None or (found["iterations"] > 0 and found["ms"] > 0)
    assert set(report["rule"]) == {"one_per_task_ms", "chunked_ms"}


@pytest.mark.parametrize(
    "lang, words", [("en", "Rule of thumb on this machine:"), ("zh", "经验法则")]
)
def test_plain_names_every_way_and_fits_80_columns(lang, words, tutor_env):
    env = dict(tutor_env, COLUMNS="80", IPCTUTOR_LANG=lang)
    done = run_cli("bench", "--break-even", "--quick", "--plain", env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert words in done.stdout
    start = out.index(next(line for line in out if "┼" in line or "┤" in line))
    chart = out[start : out.index("", start)]  # up to the blank line after it
    assert all(cell_width(line) <= 80 for line in chart), chart
    assert any("┼" in line for line in chart)  # the loop's line, ×1
    for method in break_even.METHODS[1:]:
        assert view.way_name(method) in done.stdout or lang == "zh"
    assert len([line for line in out if line.startswith(("Pool.map", "executor.map"))]) >= (
        4 if lang == "en" else 0
    )


@pytest.mark.parametrize(
    "args, words",
    [
        (["--only", "queue"], "leave out --only"),
        (["--export", "curve.svg"], "leave out --export"),
        (["--start-method", "thread"], "'thread' is not one of"),
        (["--sizes", "10"], "No such option"),
    ],
)
def test_bad_options_are_one_line(args, words, tutor_env):
    done = run_cli("bench", "--break-even", *args, env=tutor_env, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_stops_both_pools(tutor_env):
    marker = tutor_env["IPCTUTOR_HOME"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipctutor", "bench", "--break-even", "--plain"],
        env=tutor_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        for line in proc.stdout or ():  # wait until the pools are measuring
            if line.startswith("Timing items of 100 iterations"):
                break
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    workers = break_even.usable_cpus()
    assert err.strip().startswith("ipctutor: Interrupted") and f"({2 * workers})" in err, err
    assert "Traceback" not in err  # the workers ignore SIGINT: none printed one
    assert processes_left_with(marker) == []


# ---------------------------------------------------------------- reading the curve


def test_crossing_is_read_on_log_scales_from_where_the_ratio_stays_below_one():
    sizes = [10, 100, 1000, 10000]
    assert break_even.crossing(sizes, [100, 10, 1, 0.5]) == pytest.approx(1000)
    assert break_even.crossing(sizes, [100, 10, 0.1, 0.1]) == pytest.approx(10**2.5)
    assert break_even.crossing(sizes, [0.5, 0.4, 0.3, 0.2]) == 10  # pays from the smallest size
    assert break_even.crossing(sizes, [100, 10, 2, 1.5]) is None  # never, within these sizes
    # a dip below 1 that does not last is not the break-even
    share = math.log10(4) / (math.log10(4) - math.log10(0.5))  # from 4 at 100 to 0.5 at 1000
    assert break_even.crossing(sizes, [0.9, 4, 0.5, 0.5]) == pytest.approx(10 ** (2 + share))


def made_up(ratios: dict[str, list[float]]) -> dict:
    """A report with the loop at 0.025 µs an iteration and each way at `ratio` x the loop."""
    sizes = list(break_even.FULL.sizes)
    rows = []
    for i, n in enumerate(sizes):
        loop = 0.025 * n
        rows.append(
            {
                "iterations": n,
                "items": 100,
                "chunksize": 13,
                "tasks": {},
                "us_per_item": {"loop": loop, **{m: loop * r[i] for m, r in ratios.items()}},
            }
        )
    found = break_even.break_evens(rows)
    return {
        "methods": list(break_even.METHODS),
        "sizes": rows,
        "break_even": found,
        "rule": break_even.rule_of_thumb(found),
        "workers": 2,
        "rounds": 3,
        "elapsed_s": 1.0,
    }


def test_break_even_in_ms_and_the_rule_of_thumb():
    falling = [300, 100, 30, 10, 3, 1, 0.6, 0.55, 0.5]  # reaches 1 at 3,000 iterations
    chunked = [3, 1, 0.7, 0.6, 0.55, 0.5, 0.5, 0.5, 0.5]  # reaches 1 at 30
    report = made_up(
        {
            "pool_map_1": falling,
            "executor_map": [r * 3 for r in falling[:-3]] + [0.9, 0.6, 0.5],
            "pool_map_chunks": chunked,
            "executor_map_chunks": chunked,
        }
    )
    assert report["break_even"]["pool_map_1"] == {"iterations": 3000, "ms": 0.075}
    assert report["break_even"]["pool_map_chunks"] == {"iterations": 30, "ms": 0.001}
    executor = report["break_even"]["executor_map"]
    assert executor is not None and 3000 < executor["iterations"] < 10000
    assert report["rule"] == {"one_per_task_ms": executor["ms"], "chunked_ms": 0.001}
    text = "\n".join(view.findings(report))
    assert f"at least ~{view.ms_text(executor['ms'])} ms before a process pays" in text
    assert all(cell_width(line) <= 80 for line in view.chart_text(report, 80))


def test_a_way_that_never_pays_says_so():
    never = [300, 100, 30, 10, 5, 3, 2, 1.5, 1.2]
    report = made_up({m: never for m in break_even.METHODS[1:]})
    assert report["rule"] == {"one_per_task_ms": None, "chunked_ms": None}
    text = "\n".join(view.findings(report))
    assert "never as fast as the loop, even at 100k iterations (2.5 ms) per item" in text
    assert "more than 2.5 ms (the largest item measured)" in text
    assert "no way of sending paid off here" in text
    lines = view.chart_text(report, 80)
    assert all(cell_width(line) <= 80 for line in lines)
    rows = [line for line in lines if "┤" in line or "┼" in line]
    assert "┼" in rows[-1]  # no way below the loop's line: the chart ends there
