"""What goes wrong is shown truthfully: a failing child, the watchdog, Ctrl-C. No process is left."""

from __future__ import annotations

import json
import re
import signal

import pexpect
import pytest

from helpers import START_METHODS, run_cli, spawn_tutor, wait_all_gone


def test_failing_child_shows_type_and_message(tutor_env):
    proc = run_cli(
        "run", "process", "-n", "4", "--delay", "0", "--fail", "2", "--json", env=tutor_env
    )
    assert proc.returncode == 1
    run = json.loads(proc.stdout)
    failed = [p for p in run["processes"] if p["state"] == "failed"]
    assert [p["name"] for p in failed] == ["child-2"]
    assert failed[0]["exitcode"] == 1
    assert (
        failed[0]["error"]
        == "RuntimeError: child 2 was told to fail (--fail 2) (process_demo.py:11 in child)"
    )
    assert failed[0]["traceback"].endswith("RuntimeError: child 2 was told to fail (--fail 2)\n")
    assert failed[0]["where"] == ["process_demo.py", 11, "child"]  # as data, worded by the screen
    assert run["failure"] == "processes_failed"
    assert "Traceback" not in proc.stderr  # the panel shows it; no traceback tears through


def test_parent_left_waiting_for_a_failed_child_is_stopped(tutor_env):
    # queue: the parent expects one message per child; the failed child never sends one
    proc = run_cli(
        "run",
        "queue",
        "-n",
        "3",
        "--delay",
        "0",
        "--fail",
        "0",
        "--timeout",
        "60",
        "--json",
        env=tutor_env,
    )
    assert proc.returncode == 1
    run = json.loads(proc.stdout)
    assert run["outcome"] == "failed" and "still waiting" in run["error"]
    assert run["elapsed_s"] < 30  # found long before the watchdog


def test_failure_in_plain_output(tutor_env):
    proc = run_cli(
        "run", "pipe", "-n", "3", "--delay", "0", "--fail", "1", "--plain", env=tutor_env
    )
    assert proc.returncode == 1
    assert "child-1" in proc.stdout and "failed: RuntimeError" in proc.stdout
    assert "The run failed" in proc.stdout


@pytest.mark.parametrize("method", START_METHODS)
def test_watchdog_stops_and_names_the_children(method, tutor_env):
    proc = run_cli(
        "run",
        "pipe",
        "-n",
        "3",
        "--delay",
        "30",
        "--timeout",
        "1.5",
        "--start-method",
        method,
        "--json",
        env=tutor_env,
        timeout=60,
    )
    assert proc.returncode == 124
    run = json.loads(proc.stdout)
    assert run["outcome"] == "timeout"
    assert sorted(run["stopped"]) == ["child-0", "child-1", "child-2"]
    pids = [p["pid"] for p in run["processes"]]
    assert all(p["exitcode"] == -signal.SIGTERM for p in run["processes"])
    assert wait_all_gone(pids) == []


def test_watchdog_in_plain_output(tutor_env):
    proc = run_cli(
        "run",
        "queue",
        "-n",
        "2",
        "--delay",
        "30",
        "--timeout",
        "1",
        "--plain",
        env=tutor_env,
        timeout=60,
    )
    assert proc.returncode == 124
    assert "Stopped by the watchdog after 1 s" in proc.stdout
    assert "child-0, child-1" in proc.stdout


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("mode", ["--plain", "--live"])
def test_ctrl_c_reaps_every_child(method, mode, tutor_env):
    workers = 4
    args = ["run", "manager", "-n", str(workers), "--delay", "30", "--start-method", method]
    if mode == "--plain":
        args.append("--plain")
    child = spawn_tutor(*args, env=tutor_env)
    pids = set()
    if mode == "--plain":
        while len(pids) < workers:
            child.expect(r"child-\d+\s+pid (\d+)\s+running")
            pids.add(int(child.match.group(1)))
    else:
        # read the live panel until every child shows as running
        while len(pids) < workers:
            child.expect(r"child-\d+[^│\n]*│\s*(\d+)\s*│[^\n]*?running")
            pids.add(int(child.match.group(1)))
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    output = child.before
    assert "Traceback" not in output
    assert re.search(r"ipctutor: Interrupted: stopped and reaped every child \(\d+\)", output)
    assert wait_all_gone(pids) == []  # no orphans, and no zombies either


@pytest.mark.parametrize(
    "args, kind, zh",
    [
        (["process", "--fail", "1"], "processes_failed", "运行失败：1 个进程失败"),
        (
            ["pipe", "--fail", "1"],
            "parent_stranded",
            "运行失败：所有子进程都已退出，父进程却还在等待",
        ),
    ],
    ids=["a child failed", "the parent left waiting"],
)
def test_the_kind_of_failure_is_data_and_a_chinese_session_says_it(args, kind, zh, tutor_env):
    common = ["run", *args, "-n", "2", "--delay", "0"]
    run = json.loads(run_cli(*common, "--json", env=tutor_env).stdout)
    assert run["outcome"] == "failed" and run["failure"] == kind
    said = run_cli("--lang", "zh", *common, "--plain", env=tutor_env)
    assert said.returncode == 1 and zh in said.stdout + said.stderr, said.stdout[-600:]
    assert "（process_demo.py:11，在 child 中）" in said.stdout or args[0] != "process"
