"""`ipctutor compare TOPIC`: real runs under each start method; PPIDs and defaults checked, never timings."""

from __future__ import annotations

import json
import multiprocessing
import re
import sys

import pytest

from helpers import run_cli


def compare_json(topic: str, env: dict, *args: str) -> dict:
    result = run_cli("compare", topic, "--workers", "2", "--json", *args, env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("topic", ["pipe", "manager"])
def test_each_start_method_runs_and_shows_whose_pid_each_ppid_is(tutor_env, topic):
    data = compare_json(topic, tutor_env)
    runs = {run["start_method"]: run for run in data["runs"]}
    assert list(runs) == ["fork", "spawn", "forkserver"]
    for method, run in runs.items():
        assert run["available"] and run["outcome"] == "ok", run
        assert run["elapsed_s"] > 0
        children = [p for p in run["processes"] if p["role"] == "child"]
        assert len(children) == 2
        assert sum(p["count"] for p in run["ppids"]) == len(run["processes"])
        if method == "forkserver":
            # every child's parent is the fork server: one process that is not our parent
            assert {p["ppid"] for p in children} != {run["parent_pid"]}
            assert len({p["ppid"] for p in children}) == 1
            assert {p["is"] for p in run["ppids"]} == {"fork server"}
        else:
            assert {p["ppid"] for p in children} == {run["parent_pid"]}
            kinds = {p["ppid"]: p["is"] for p in run["ppids"]}
            assert kinds[run["parent_pid"]] == "parent"
    # each run is the demo script run anew: three parents, none of them the tutor
    assert len({run["parent_pid"] for run in runs.values()}) == 3


def test_defaults_table_and_this_machine(tutor_env):
    data = compare_json("process", tutor_env)
    assert data["defaults"]["Linux"] == {"3.8–3.13": "fork", "3.14+": "forkserver"}
    assert data["defaults"]["macOS"] == {"3.8–3.13": "spawn", "3.14+": "spawn"}
    assert data["defaults"]["Windows"] == {"3.8–3.13": "spawn", "3.14+": "spawn"}
    here = data["this_machine"]
    assert here["multiprocessing_says"] == multiprocessing.get_all_start_methods()[0]
    assert (
        here["table_says"] == here["multiprocessing_says"]
    )  # the table is right about this machine
    assert here["python_range"] == ("3.14+" if sys.version_info >= (3, 14) else "3.8–3.13")
    assert [run["start_method"] for run in data["runs"] if run["default_here"]] == [
        here["multiprocessing_says"]
    ]


def test_plain_output_side_by_side(tutor_env):
    result = run_cli("compare", "pipe", "--workers", "2", "--plain", env=tutor_env, timeout=180)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    header = next(line for line in out.splitlines() if "fork" in line and "spawn" in line)
    assert header.split() == ["fork", "spawn", "forkserver"]
    assert "= fork server ×2" in out and "= parent ×2" in out
    assert "The default start method" in out and "◀" in out
    assert "\x1b[" not in out


def test_chinese(tutor_env):
    env = dict(tutor_env, IPCTUTOR_LANG="zh")
    result = run_cli("compare", "pipe", "--workers", "1", "--plain", env=env, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "默认启动方式" in result.stdout and "父进程" in result.stdout
    # the columns line up on screen: a Chinese character takes two columns
    from ipctutor.screen.textwidth import cell_width

    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.split() == ["fork", "spawn", "forkserver"])
    ppids = next(line for line in lines if "PPID" in line)
    column = cell_width(header[: header.index("fork")])
    assert cell_width(ppids[: re.search(r"\d+ = ", ppids).start()]) == column, (header, ppids)


@pytest.mark.parametrize(
    "args, says",
    [
        (["queu"], "unknown topic 'queu' (did you mean 'queue'?)"),
        (["pipe", "--workers", "0"], "outside the valid range 1 to 256"),
        (["pipe", "--delay", "-1"], "outside the valid range 0 to 60"),
    ],
)
def test_bad_input_is_one_line(tutor_env, args, says):
    result = run_cli("compare", *args, env=tutor_env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr


def test_ctrl_c_during_a_run_is_one_line_and_exit_130(tutor_env):
    import signal
    import subprocess
    import time

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ipctutor",
            "compare",
            "pipe",
            "--workers",
            "2",
            "--delay",
            "30",
            "--plain",
        ],
        env=tutor_env,
        text=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until the first run's children exist
            scripts = subprocess.run(
                ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
            )
            children = [
                subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
                for pid in scripts.stdout.split()
            ]  # the demo script's own children
            if sum(len(found) for found in children) >= 2:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the children of the first run never appeared")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 130
    assert err.count("\n") == 1 and "Interrupted" in err, err
    assert out == ""
