"""Break it, then fix it: every pitfall shows its failure, then the fix, and ends under its watchdog."""
from __future__ import annotations

import json
import re

import pytest

from conftest import run_cli
from proc_util import wait_all_gone


def pitfall(topic: str, name: str, env: dict, *extra: str) -> dict:
    proc = run_cli("run", topic, "--pitfall", name, "--json", *extra, env=env, timeout=170)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == topic and report["pitfall"] == name
    return report


def all_pids(report: dict) -> list[int]:
    return [p["pid"] for phase in report["phases"] for p in phase["processes"]]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_race_loses_updates_without_the_lock_only(method, tutor_env):
    report = pitfall("value", "race", tutor_env, "--start-method", method)
    broken, fixed = (phase["results"] for phase in report["phases"])
    assert broken["expected"] == fixed["expected"] == 4 * 20_000
    assert broken["lost"] > 0 and broken["actual"] + broken["lost"] == broken["expected"]
    assert fixed["lost"] == 0 and fixed["actual"] == fixed["expected"]
    assert report["reproduced"] is True


def test_join_before_get_deadlock_is_detected_and_stopped(tutor_env):
    report = pitfall("queue", "join-before-get", tutor_env, "--size", "100000")
    broken, fixed = report["phases"]
    assert broken["outcome"] == "timeout" and broken["elapsed_s"] < 10  # its own 4 s watchdog
    assert sorted(broken["stopped"]) == [f"child-{n}" for n in range(4)]
    assert all(p["state"] == "stopped" for p in broken["processes"])
    assert fixed["outcome"] == "ok" and fixed["results"] == [100_000] * 4
    assert wait_all_gone(all_pids(report)) == []


def test_small_items_do_not_deadlock(tutor_env):
    report = pitfall("queue", "join-before-get", tutor_env, "--size", "1000")
    assert report["phases"][0]["outcome"] == "ok" and report["reproduced"] is False
    assert "larger --size" in report["finding"]


def test_shared_pipe_end_corrupts_and_queue_does_not(tutor_env):
    report = pitfall("pipe", "shared-end", tutor_env, "--workers", "6")
    broken, fixed = (phase["results"] for phase in report["phases"])
    assert broken["sent"] == 6 * 20
    assert broken["broken"] + broken["lost"] > 0  # messages counted as broken or unreadable
    assert broken["intact"] + broken["broken"] + broken["lost"] == broken["sent"]
    assert fixed == {"sent": 120, "intact": 120, "broken": 0, "lost": 0}


def test_output_needs_lock_and_flush(tutor_env):
    report = pitfall("lock", "no-lock", tutor_env)
    no_lock, lock_only, fixed = (phase["results"] for phase in report["phases"])
    for phase in (no_lock, lock_only, fixed):  # whole lines plus lines cut in half (3.13+)
        assert phase["lines"] + phase["broken_lines"] >= 10 * 120
    assert lock_only["reports_cut_apart"] > 0  # the lock alone is not enough
    assert fixed["reports_cut_apart"] == 0 and fixed["broken_lines"] == 0
    assert fixed["lines"] == 10 * 120 and fixed["stretches"] == 10
    assert report["reproduced"] is True


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawn_globals_name_error_in_each_child(method, tutor_env):
    report = pitfall("queue", "spawn-globals", tutor_env, "--start-method", method, "--delay", "0",
                     "-n", "3")
    broken, fixed = report["phases"]
    assert broken["outcome"] == "failed"
    errors = [p["error"] for p in broken["processes"]]
    assert len(errors) == 3 and all(e.startswith("NameError: name 'q' is not defined") for e in errors)
    assert fixed["outcome"] == "ok" and sorted(fixed["results"]) == [["hello", n] for n in range(3)]


def test_spawn_globals_works_under_fork_and_says_so(tutor_env):
    report = pitfall("queue", "spawn-globals", tutor_env, "--start-method", "fork", "--delay", "0")
    assert report["phases"][0]["outcome"] == "ok" and report["reproduced"] is False
    assert "spawn" in report["finding"]


def test_pitfall_list_and_errors(tutor_env):
    listed = run_cli("run", "queue", "--pitfall", "list", env=tutor_env)
    assert listed.returncode == 0
    assert "join-before-get" in listed.stdout and "spawn-globals" in listed.stdout
    unknown = run_cli("run", "pipe", "--pitfall", "race", env=tutor_env)
    assert unknown.returncode == 2 and "shared-end" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    lonely = run_cli("run", "pipe", "--size", "10", env=tutor_env)
    assert lonely.returncode == 2 and "--pitfall" in lonely.stderr


def test_pitfall_plain_output_explains(tutor_env):
    proc = run_cli("run", "value", "--pitfall", "race", "--plain", env=tutor_env, timeout=120)
    assert proc.returncode == 0
    assert "== without the lock" in proc.stdout and "== with get_lock()" in proc.stdout
    assert re.search(r"Without the lock [\d,]+ of 80,000 updates were lost", proc.stdout)


@pytest.mark.parametrize("topic", ["value", "queue", "lock"])
def test_repeat_counts_add_up(topic, tutor_env):
    proc = run_cli("run", topic, "--repeat", "5", "--delay", "0", "-n", "4", "--json", env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["repeat"] == 5 and sum(report["counts"].values()) == 5
    assert [run["key"] for run in report["runs"]].count(next(iter(report["counts"]))) == \
        next(iter(report["counts"].values()))
    assert report["outcomes"] == {"ok": 5}
    if topic == "value":
        assert all(key in {f"last_written = {float(n * n)}" for n in range(4)} for key in report["counts"])


def test_repeat_plain_histogram(tutor_env):
    proc = run_cli("run", "pipe", "--repeat", "3", "--delay", "0", "-n", "3", "--plain", env=tutor_env)
    assert proc.returncode == 0
    assert proc.stdout.count("run ") >= 3 and "-- pipe: 3 runs under" in proc.stdout


@pytest.mark.parametrize("suffix, marker", [(".svg", "<svg"), (".html", "<html")])
def test_export(suffix, marker, tmp_path, tutor_env):
    target = tmp_path / f"run{suffix}"
    proc = run_cli("run", "pipe", "-n", "3", "--delay", "0", "--json", "--export", str(target),
                   env=tutor_env)
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)  # stdout stays one JSON object; the note goes to stderr
    text = target.read_text().replace("&#160;", " ")
    assert marker in text and "child-2" in text
    pitfall_file = tmp_path / f"pitfall{suffix}"
    proc = run_cli("run", "value", "--pitfall", "race", "--plain", "--export", str(pitfall_file),
                   env=tutor_env)
    assert proc.returncode == 0
    assert "without the lock" in pitfall_file.read_text().replace("&#160;", " ")


def test_export_bad_suffix_is_refused_before_running(tmp_path, tutor_env):
    proc = run_cli("run", "pipe", "--export", str(tmp_path / "x.pdf"), env=tutor_env)
    assert proc.returncode == 2 and "use .svg or .html" in proc.stderr
    assert proc.stdout == ""
