"""Break it, then fix it: every pitfall shows its failure, then the fix, and ends under its watchdog."""

from __future__ import annotations

import json
import re

import pytest

from helpers import printed, run_cli, said, wait_all_gone


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
    """A race shows when two workers really run at once; on a busy machine one run can miss it
    (the tutor then says so), so up to three runs, each checked in full."""
    total = r"total: (\d+) of (\d+), (\d+) updates lost, in [\d.]+ s"
    for _ in range(3):
        report = pitfall("value", "race", tutor_env, "--start-method", method, "--size", "5000")
        broken, fixed = (said(phase, total) for phase in report["phases"])
        assert broken[2] == fixed[2] == str(4 * 5000)
        assert int(broken[1]) + int(broken[3]) == 4 * 5000
        assert fixed[3] == "0" and fixed[1] == fixed[2]  # the lock, every time
        assert report["reproduced"] is (broken[3] != "0")
        if report["reproduced"]:
            break
    assert report["reproduced"], "no update lost without the lock in three runs"


def test_join_before_get_deadlock_is_detected_and_stopped(tutor_env):
    report = pitfall("queue", "join-before-get", tutor_env, "--size", "100000")
    broken, fixed = report["phases"]
    assert (
        broken["outcome"] == "timeout" and broken["elapsed_s"] < 20
    )  # its own 4 s watchdog, not the 30 s one
    assert sorted(broken["stopped"]) == [f"child-{n}" for n in range(4)]
    assert all(p["state"] == "stopped" for p in broken["processes"] if p["role"] == "child")
    assert len(printed(broken, r"child \d+: pid \d+ put 100,000 bytes")) == 4  # put() had returned
    assert fixed["outcome"] == "ok"
    said(fixed, r"got: 4 items of 100,000 bytes, and every child has exited")
    assert wait_all_gone(all_pids(report)) == []


def test_small_items_do_not_deadlock(tutor_env):
    report = pitfall("queue", "join-before-get", tutor_env, "--size", "1000")
    assert report["phases"][0]["outcome"] == "ok" and report["reproduced"] is False
    assert "larger --size" in report["finding"]


def test_shared_pipe_end_corrupts_and_queue_does_not(tutor_env):
    report = pitfall("pipe", "shared-end", tutor_env, "--workers", "6")
    tally = r"messages: (\d+) of (\d+) intact, (\d+) broken, (\d+) lost"
    broken, fixed = (said(phase, tally) for phase in report["phases"])
    assert broken[2] == "120" and sum(int(broken[i]) for i in (1, 3, 4)) == 120
    assert report["reproduced"] is (int(broken[3]) + int(broken[4]) > 0)
    assert fixed.groups() == ("120", "120", "0", "0")


def test_output_needs_lock_and_flush(tutor_env):
    report = pitfall("lock", "no-lock", tutor_env)
    pattern = r"reports cut apart: (\d+) of 10; lines cut in half: (\d+); whole lines: (\d+) in (\d+) stretches"
    no_lock, lock_only, fixed = (said(phase, pattern) for phase in report["phases"])
    for phase in (no_lock, lock_only, fixed):  # whole lines plus lines cut in half (3.13+)
        assert int(phase[3]) + int(phase[2]) >= 10 * 120
    assert fixed.groups() == ("0", "0", "1200", "10")  # lock and flush: every report whole
    assert report["reproduced"] is (lock_only[1] != "0" or lock_only[2] != "0")


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawn_globals_name_error_in_each_child(method, tutor_env):
    report = pitfall(
        "queue", "spawn-globals", tutor_env, "--start-method", method, "--delay", "0", "-n", "3"
    )
    broken, fixed = report["phases"]
    assert broken["outcome"] == "failed"
    errors = [p["error"] for p in broken["processes"] if p["role"] == "child"]
    assert len(errors) == 3 and all(
        e.startswith("NameError: name 'q' is not defined") for e in errors
    )
    assert fixed["outcome"] == "ok"
    assert sorted(int(m[1]) for m in printed(fixed, r"parent: got \['hello', (\d+)\]")) == [0, 1, 2]
    assert report["reproduced"] is True


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
    from ipctutor.engine.demos import DEMOS, PITFALL_NAMES

    without = next(topic for topic in DEMOS if topic not in PITFALL_NAMES)
    none = run_cli("run", without, "--pitfall", "list", env=tutor_env)
    assert none.returncode == 0 and f"{without} has no pitfall demos yet" in none.stdout
    assert all(topic in none.stdout for topic in PITFALL_NAMES)  # where to find them instead


def test_pitfall_plain_output_explains(tutor_env):
    proc = run_cli("run", "value", "--pitfall", "race", "--plain", env=tutor_env, timeout=120)
    assert proc.returncode == 0
    assert "== without the lock" in proc.stdout and "== with get_lock()" in proc.stdout
    # what the run saw, in words: lost updates, or (a busy machine, rarely) none this time
    assert re.search(
        r"4 workers: without the lock [\d,]+ of 80,000 updates were lost|"
        r"This time no update was lost without the lock \(80,000 done\)",
        proc.stdout,
    )


@pytest.mark.parametrize("topic", ["value", "queue", "lock", "shared-memory", "sync"])
def test_repeat_counts_add_up(topic, tutor_env):
    proc = run_cli(
        "run", topic, "--repeat", "5", "--delay", "0", "-n", "4", "--json", env=tutor_env
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["repeat"] == 5 and sum(report["counts"].values()) == 5
    assert [run["key"] for run in report["runs"]].count(next(iter(report["counts"]))) == next(
        iter(report["counts"].values())
    )
    assert report["outcomes"] == {"ok": 5}
    if topic == "value":
        assert all(
            key in {f"last_written = {float(n * n)}" for n in range(4)} for key in report["counts"]
        )


def test_repeat_plain_histogram(tutor_env):
    proc = run_cli(
        "run", "pipe", "--repeat", "3", "--delay", "0", "-n", "3", "--plain", env=tutor_env
    )
    assert proc.returncode == 0
    assert proc.stdout.count("run ") >= 3 and "-- pipe: 3 runs under" in proc.stdout


@pytest.mark.parametrize("suffix, marker", [(".svg", "<svg"), (".html", "<html")])
def test_export(suffix, marker, tmp_path, tutor_env):
    target = tmp_path / f"run{suffix}"
    proc = run_cli(
        "run", "pipe", "-n", "3", "--delay", "0", "--json", "--export", str(target), env=tutor_env
    )
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)  # stdout stays one JSON object; the note goes to stderr
    text = target.read_text().replace("&#160;", " ")
    assert marker in text and "child-2" in text
    pitfall_file = tmp_path / f"pitfall{suffix}"
    proc = run_cli(
        "run",
        "value",
        "--pitfall",
        "race",
        "--size",
        "5000",
        "--plain",
        "--export",
        str(pitfall_file),
        env=tutor_env,
    )
    assert proc.returncode == 0
    assert "without the lock" in pitfall_file.read_text().replace("&#160;", " ")


def test_export_bad_suffix_is_refused_before_running(tmp_path, tutor_env):
    proc = run_cli("run", "pipe", "--export", str(tmp_path / "x.pdf"), env=tutor_env)
    assert proc.returncode == 2 and "use .svg or .html" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_no_unlink_leaves_the_block_and_unlink_once_removes_it(method, tutor_env):
    from multiprocessing import shared_memory

    report = pitfall(
        "shared-memory", "no-unlink", tutor_env, "--start-method", method, "--size", "65536"
    )
    broken, fixed = report["phases"]
    assert broken["outcome"] == fixed["outcome"] == "ok"
    block = r"after everyone closed it: block (psm_\w+) \(65,536 bytes\) is (still there|gone)"
    left, gone = said(broken, block), said(fixed, block)
    for phase in (broken, fixed):  # every child attached and wrote
        said(phase, r"written: \[1, 2, 3, 4\]")
    assert left[2] == "still there" and gone[2] == "gone"
    assert "leaked shared_memory objects" in broken["output"]  # the tracker cleaned up, and said so
    assert "leaked shared_memory objects" not in fixed["output"]
    for name in (left[1], gone[1]):  # nothing is left behind
        with pytest.raises(FileNotFoundError):
            shared_memory.SharedMemory(name=name)
    assert report["reproduced"] is True and "was still there" in report["finding"]


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_extra_release_grows_a_semaphore_and_a_bounded_one_raises(method, tutor_env):
    report = pitfall("sync", "extra-release", tutor_env, "--start-method", method)
    pattern = (
        r"most inside at once: (\d+) \(room for 2\); semaphore value at the end: (\d+); "
        r"failed workers: (\d+) of 4"
    )
    plain, bounded, fixed = report["phases"]
    grown, raised, once = (said(phase, pattern) for phase in report["phases"])
    # 4 workers x 3 turns, each releasing once more than it acquired: 2 + 12, no error at all
    assert plain["outcome"] == "ok" and grown.groups()[1:] == ("14", "0")
    assert bounded["outcome"] == "failed" and int(raised[3]) >= 1 and int(raised[2]) <= 2
    errors = [p["error"] for p in bounded["processes"] if p["error"]]
    assert len(errors) == int(raised[3])
    assert all(
        e.startswith("ValueError: semaphore or lock released too many times") for e in errors
    )
    assert fixed["outcome"] == "ok" and once.groups()[1:] == ("2", "0") and int(once[1]) <= 2
    assert report["reproduced"] is True and "BoundedSemaphore(2)" in report["finding"]
