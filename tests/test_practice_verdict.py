"""A practice verdict (CheckReport.lines) tells one story when the start methods agree and says
where they differ when they do; a failing run's arguments and the command that runs it again."""

from __future__ import annotations

from pathlib import Path

from ipctutor.engine.practice_check import CheckReport, CheckSpec, RunResult
from ipctutor.i18n import t

SPEC = CheckSpec(start_methods=("fork", "spawn", "forkserver"), runs=2, watchdog=3.0)


def stuck(method: str, workers: int = 3) -> RunResult:
    return RunResult(method, {"workers": workers}, passed=False, problem="stuck")


def ok(method: str) -> RunResult:
    return RunResult(method, {"workers": 2})


def test_methods_that_agree_make_one_story():
    report = CheckReport(Path("x.py"), SPEC, [stuck(m) for m in SPEC.start_methods for _ in "ab"])
    lines = report.lines("ipctutor practice --check x")
    assert lines[0].startswith("fork, spawn, forkserver: stuck in 6 of 6 runs")
    assert lines[1:] == [
        "    for example the run under fork given workers=3",
        "    run exactly that run again: ipctutor practice --check x --start-method fork "
        "--runs 1 --args 3",
    ]


def test_methods_that_differ_say_where_first():
    results = [ok("fork"), ok("fork"), stuck("spawn", 4), ok("spawn"), stuck("forkserver", 5)]
    results.append(stuck("forkserver", 6))
    lines = CheckReport(Path("x.py"), SPEC, results).lines()
    assert lines[0] == t(
        "ev_methods_differ",
        stories=t("ev_story_passed", methods="fork")
        + t("stack_and")
        + t("ev_story_failed", methods="spawn, forkserver"),
    )
    assert lines[1] == t("ev_method_ok", method="fork", n=2)
    assert lines[2].startswith("spawn, forkserver: stuck in 3 of 4 runs")
    assert lines[3] == "    for example the run under spawn given workers=4"
    assert len(lines) == 4  # no command to run it again unless one is given


def test_rerun_options_refuse_what_they_cannot_do_in_one_line(tutor_env, tmp_path):
    from helpers import run_cli

    workspace = ["--workspace", str(tmp_path)]
    cases = [
        (["--check", "value-lost-update", "--args", "4", *workspace], "--args takes 2 whole"),
        (["--check", "value-lost-update", "--args", "4,x", *workspace], "(workers,times)"),
        (["value", "--args", "4,5", *workspace], "give them with --check NAME"),
        (["value", "--start-method", "spawn", *workspace], "give them with --check NAME"),
    ]
    for args, says in cases:
        proc = run_cli("practice", *args, env=tutor_env)
        assert proc.returncode == 2, (args, proc.stderr)
        (line,) = proc.stderr.strip().splitlines()
        assert says in line and "Traceback" not in proc.stderr
