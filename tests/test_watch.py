"""`ipctutor watch`: a learner's own script under the observer, reported with the PIDs it prints
itself, its Queue traffic and its output, under each start method; bad paths refused."""

from __future__ import annotations

import json
import multiprocessing
import re

import pytest

from helpers import ROOT, run_cli

FIVE = ROOT / "tests" / "fixtures" / "doctor" / "five_queue.py"


@pytest.mark.parametrize(
    "method",
    [m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()],
)
def test_watch_reports_what_a_plain_five_worker_queue_script_did(method):
    before = FIVE.read_bytes()
    done = run_cli("watch", "--json", "--start-method", method, str(FIVE))
    assert done.returncode == 0, done.stderr
    run = json.loads(done.stdout)
    assert run["start_method"] == method and run["outcome"] == "ok"
    parent = run["parent"]
    assert f"parent pid {run['parent_pid']}" in parent["printed"]  # the PID it printed itself
    children = [p for p in run["processes"] if p["role"] == "child"]
    assert len(children) == 5
    said = {}
    for child in children:
        (line,) = child["printed"]
        n, pid = map(int, re.fullmatch(r"worker (\d) pid (\d+)", line).groups())
        assert pid == child["pid"]  # the row's PID is the one the child printed
        said[n] = child
        assert child["exitcode"] == 0
        assert [op["op"] for op in child["ops"]] == ["Queue.put"]
        assert child["ops"][0]["data"] == repr((n, n * n))
        if method != "forkserver":
            assert child["ppid"] == run["parent_pid"]
    assert sorted(said) == [0, 1, 2, 3, 4]
    gets = [op for op in parent["ops"] if op["op"] == "Queue.get"]
    assert sorted(op["data"] for op in gets) == sorted(repr((n, n * n)) for n in range(5))
    assert "got [(0, 0), (1, 1), (2, 4), (3, 9), (4, 16)]" in run["output"]
    assert FIVE.read_bytes() == before


def test_watch_sees_a_child_of_a_bare_os_fork_and_its_os_exit_code():
    """Not multiprocessing's: os.fork(), then os._exit(3) in the child (no atexit runs) and
    os.waitpid() in the parent. The row has the PID the child printed, its parent, its code."""
    script = ROOT / "tests" / "fixtures" / "doctor" / "bare_fork.py"
    done = run_cli("watch", "--json", str(script))
    run = json.loads(done.stdout)
    (child,) = run["processes"]
    (line,) = child["printed"]
    assert line == f"child pid {child['pid']}"
    assert child["name"] == "os.fork() child" and child["ppid"] == run["parent_pid"]
    assert child["exitcode"] == 3 and run["outcome"] == "failed"
    assert f"child {child['pid']} ended with 3" in run["output"]


def test_watch_plain_lines_name_the_script_and_its_processes():
    done = run_cli("watch", "--plain", "-s", "spawn", str(FIVE))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("five_queue.py: start method spawn")
    assert re.search(r"Process-\d  pid \d+  sent \(\d, \d+\)", done.stdout)
    assert "printed: got [(0, 0)" in done.stdout


def test_watch_passes_what_follows_the_script_to_it(tmp_path):
    script = tmp_path / "args.py"
    script.write_text("import sys\nprint(sys.argv[1:])\n")
    done = run_cli("watch", "--json", str(script), "--json", "-s", "x", "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "['--json', '-s', 'x', '--workers', '2']" in json.loads(done.stdout)["output"]
    # watch's own options among them (not --workers): one line says where they went, and how
    # to give them to watch instead
    assert done.stderr.splitlines() == [
        f"ipctutor: note: --json -s x came after {script}, so your script gets it, as "
        f"`python {script} --json -s x` would; for ipctutor watch, put it before the script: "
        f"ipctutor watch --json -s x {script}"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_doctor_says_where_an_option_after_the_script_went(lang, tmp_path):
    script = tmp_path / "args.py"
    script.write_text("import sys\nprint(sys.argv[1:])\n")
    done = run_cli("--lang", lang, "doctor", "--json", str(script), "--runs=1", "--ctrl-c")
    assert done.returncode == 0, done.stderr  # the script takes any argument: nothing found
    note = done.stderr.strip()
    assert "--runs=1 --ctrl-c" in note and f"ipctutor doctor --runs=1 --ctrl-c {script}" in note
    assert ("提示" in note) == (lang == "zh")


def test_watch_timeout_stops_every_process_of_the_script(tmp_path):
    script = tmp_path / "sleeps.py"
    script.write_text(
        "import multiprocessing, time\n\n"
        "def nap():\n    time.sleep(60)\n\n"
        "if __name__ == '__main__':\n"
        "    p = multiprocessing.Process(target=nap)\n    p.start()\n    p.join()\n"
    )
    done = run_cli("watch", "--json", "--timeout", "1", str(script))
    assert done.returncode == 124, done.stderr
    run = json.loads(done.stdout)
    assert run["outcome"] == "timeout"
    for process in run["processes"]:
        with pytest.raises(ProcessLookupError):
            import os

            os.kill(process["pid"], 0)


@pytest.mark.parametrize("command", ["watch", "doctor"])
def test_an_unknown_option_before_the_script_is_named_as_an_option_not_a_file(command):
    """`ipctutor doctor --lang zh mine.py`: --lang is the tutor's, before the command; the
    command does not have it, and it is no file either."""
    done = run_cli(command, "--lang", "zh", "mine.py")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"ipctutor: error: no such option for ipctutor {command}: --lang (see ipctutor "
        f"{command} --help); --lang, --debug and --lessons go before the command: "
        f"ipctutor --lang zh {command} my_script.py"
    ]
