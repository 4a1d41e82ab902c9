"""The observer and the engine that runs a script under it (engine/watch.py), on plain scripts
written for these tests (tests/fixtures/watched/), not on the tutor's demos.

Nothing here waits on a clock to decide an order: each script orders itself with joins, a
Barrier or an Event, and the one watchdog test ends by the watchdog itself.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import START_METHODS, state_of
from ipctutor.engine.watch import (
    observer_env,
    observer_folder,
    session_members,
    watch_script,
)

HERE = Path(__file__).parent / "fixtures" / "watched"


def printed(row) -> list[str]:
    return [p.line for p in row.printed]


@pytest.mark.parametrize("method", START_METHODS)
def test_a_plain_script_is_seen_with_its_own_pids_traffic_and_output(method):
    run = watch_script(HERE / "queue_pipe.py", ["3"], start_method=method, timeout=60)
    assert run.outcome == "ok", (run.error, run.output)
    assert run.start_method == method
    parent = run.rows[run.parent_pid]
    assert printed(parent)[0] == f"parent pid {run.parent_pid}"  # the PID it printed is the row's
    assert printed(parent)[-1] == "got 6 messages"
    children = {row.name: row for row in run.children}
    assert sorted(children) == ["child-0", "child-1", "child-2"]
    for name, row in children.items():
        # Each child's own line names the PID and PPID the observer reported for it.
        assert printed(row) == [f"{name} pid {row.pid} ppid {row.ppid}"]
        assert row.how == method and row.exitcode == 0 and row.state == "exited"
        n = name.split("-")[1]
        assert [(op.op, op.data) for op in row.ops] == [
            ("Queue.put", f"['queue', {n}]"),
            ("Connection.send", f"['pipe', {n}]"),
        ]
        if (
            method == "forkserver"
        ):  # a fork-server child's parent is the fork server, not the script
            assert row.ppid != run.parent_pid and row.ppid in run.helpers
        else:
            assert row.ppid == run.parent_pid
    gets = sorted(op.data for op in parent.ops if op.op == "Queue.get")
    recvs = sorted(op.data for op in parent.ops if op.op == "Connection.recv")
    assert gets == [f"['queue', {n}]" for n in range(3)]
    assert recvs == [f"['pipe', {n}]" for n in range(3)]
    assert [op.data for op in parent.ops if op.op == "Process.join"] == [
        "child-0",
        "child-1",
        "child-2",
    ]
    # The reports and marks the screens draw come from the same events.
    assert [what for what, _ in children["child-1"].reports] == ["sent", "sent"]
    assert sum(1 for what, _ in parent.reports if what == "received") == 6
    assert run.results is not None and len(run.results) == 6
    # Only what the script itself did: a Queue's own lock and feeder thread are not reported.
    assert not [op for row in run.rows.values() for op in row.ops if "Lock" in op.op]
    assert "got 6 messages" in run.output
    assert not session_members(run.parent_pid)  # nothing of the run is left


def test_every_kind_of_operation_is_reported_once():
    run = watch_script(HERE / "every_op.py", start_method="spawn", timeout=60)
    assert run.outcome == "ok", (run.error, run.output)
    parent = run.rows[run.parent_pid]
    worker = next(row for row in run.children if row.name == "worker")
    assert [op.op for op in worker.ops] == [
        "Lock.acquire",
        "Value.value=",
        "Lock.release",
        "Event.wait",
        "Barrier.wait",
        "JoinableQueue.put",
        "SimpleQueue.put",
    ]
    assert next(op.data for op in worker.ops if op.op == "Value.value=") == "41"
    assert [op.op for op in parent.ops] == [
        "Process.start",
        "Event.set",
        "Barrier.wait",
        "JoinableQueue.get",
        "SimpleQueue.get",
        "JoinableQueue.task_done",
        "Process.join",
        "Array.set",
        "DictProxy.__setitem__",
        "Pool.map",
        "Executor.submit",
        "Future.result",
        "SharedMemory.create",
        "SharedMemory.close",
        "SharedMemory.unlink",
    ]
    assert next(op.data for op in parent.ops if op.op == "Pool.map") == "[1, 4, 9]"
    assert next(op.data for op in parent.ops if op.op == "Executor.submit") == "square(4,)"
    roles = {row.role for row in run.children}
    assert {"child", "manager server", "pool worker", "executor worker"} <= roles
    # The workers' own plumbing (a pool worker's task queue, the manager's server) is not theirs.
    assert not [op for row in run.children if row.role != "child" for op in row.ops]


@pytest.mark.parametrize("method", START_METHODS)
def test_with_cond_is_reported_as_the_condition_s_acquire_and_release(method):
    """`with cond:` takes the lock from multiprocessing's own Condition.__enter__: reported as
    the line the learner wrote, the Condition's, in the order each process did it."""
    run = watch_script(HERE / "condition_with.py", [], start_method=method, timeout=60)
    assert run.outcome == "ok", (run.error, run.output)
    (child,) = [row for pid, row in run.rows.items() if pid != run.parent_pid]
    ops = [op.op for op in child.ops]
    assert ops == ["Condition.acquire", "Condition.notify", "Condition.release"], ops
    parent = [op.op for op in run.rows[run.parent_pid].ops]
    assert parent[0] == "Condition.acquire" and "Condition.release" in parent
    assert parent.index("Condition.wait_for") < parent.index("Condition.release")


def test_an_uncaught_keyboard_interrupt_still_ends_the_script_by_sigint():
    """Unwatched, Python ends a script whose KeyboardInterrupt nobody caught by SIGINT (exit -2,
    the shell's 130); an import in the observer's excepthook made it exit 1 instead."""
    script = HERE / "keyboard_interrupt.py"
    bare = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert bare.returncode == -signal.SIGINT
    run = watch_script(script, [], start_method="fork", timeout=60)
    parent = run.rows[run.parent_pid]
    assert parent.exitcode == -signal.SIGINT, (run.output, parent.exitcode)
    assert parent.error == "KeyboardInterrupt" and parent.where is not None
    assert parent.where[1:] == (6, "main")
    assert "Traceback (most recent call last)" in (parent.traceback or "")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_child_s_uncaught_exception_comes_with_its_traceback_as_python_printed_it(method):
    run = watch_script(HERE / "child_fails.py", start_method=method, timeout=60)
    child = next(row for row in run.children if row.name == "child-0")
    assert child.state == "failed" and child.exitcode == 1
    assert child.error == "ValueError: told to fail"
    assert child.where == ("child_fails.py", 8, "child")  # as data: the screen words it
    assert child.traceback.endswith('raise ValueError("told to fail")\nValueError: told to fail\n')
    assert "sitecustomize" not in run.output  # the observer adds no frame to what the learner reads
    assert child.traceback in run.output
    assert run.outcome == "failed" and run.exitcode == 0
    assert printed(run.rows[run.parent_pid]) == ["exit code 1"]


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_an_error_raised_in_an_observed_call_is_placed_at_the_learner_s_line(method):
    """The observer wraps release(); the error it lets through is placed where the script made the
    call, and its traceback (both of the chain) printed as Python prints it: no observer frame."""
    run = watch_script(HERE / "raises_in_a_call.py", start_method=method, timeout=60)
    child = next(row for row in run.children if row.name == "child-0")
    assert child.state == "failed" and child.error.startswith("ValueError: ")
    assert child.where == ("raises_in_a_call.py", 8, "child")
    assert "During handling of the above exception" in run.output
    assert run.output.count('raises_in_a_call.py", line') == 2  # line 6, then line 8
    assert "sitecustomize" not in run.output and "sitecustomize" not in child.traceback


@pytest.mark.skipif(sys.version_info < (3, 13), reason="track= is new in Python 3.13")
@pytest.mark.parametrize("method", START_METHODS)
def test_a_block_made_with_track_false_is_watched_like_any_other(method):
    """The observer's SharedMemory wrapper passes on every argument the class takes (track=)."""
    run = watch_script(HERE / "shm_untracked.py", start_method=method, timeout=60)
    assert run.outcome == "ok", run.output
    assert printed(run.rows[run.parent_pid]) == ["child wrote 7"]
    child = next(row for row in run.children if row.name == "Process-1")
    assert [what for what, _ in child.reports] == ["SharedMemory.attach", "SharedMemory.close"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_child_killed_before_it_says_a_word_still_has_its_parent(method):
    """Its parent is the process that started it, known from start() (a pool worker spawned late
    and stopped by terminate() showed no parent under load)."""
    run = watch_script(HERE / "killed_at_birth.py", start_method=method, timeout=60)
    assert printed(run.rows[run.parent_pid]) == ["exit code -9"], run.output
    child = next(row for row in run.children if row.name == "child-0")
    assert child.ppid == run.parent_pid and child.exitcode == -9


def test_a_script_that_picks_its_start_method_keeps_it():
    run = watch_script(HERE / "own_method.py", start_method="fork", timeout=60)
    assert run.outcome == "ok", run.output
    assert printed(run.rows[run.parent_pid]) == ["default spawn"]
    assert [row.how for row in run.children] == ["spawn"] and run.start_method == "spawn"


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_the_watchdog_stops_and_reaps_every_process(method):
    run = watch_script(HERE / "stuck.py", start_method=method, timeout=1.5)
    assert run.outcome == "timeout"
    assert run.stopped == ["child-0"]
    pids = [run.parent_pid, *run.rows, *run.helpers]
    assert all(state_of(pid) in (None, "Z") for pid in pids if pid != os.getpid())
    assert not session_members(run.parent_pid)
    child = next(row for row in run.children if row.name == "child-0")
    assert printed(child) == [f"child pid {child.pid}"]
    assert child.state == "stopped"


def test_the_observer_changes_nothing_a_script_prints_and_costs_nothing_unasked(tmp_path):
    """Run bare and under the observer with no one listening: the same output, the same exit."""
    script = HERE / "child_fails.py"
    bare = subprocess.run(
        [sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=60
    )
    env = observer_env(None, None)
    watched = subprocess.run(
        [sys.executable, str(script)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    pid = re.compile(r"\d{3,}")
    assert pid.sub("N", watched.stdout) == pid.sub("N", bare.stdout)
    assert pid.sub("N", watched.stderr) == pid.sub("N", bare.stderr)
    assert watched.returncode == bare.returncode == 0


def test_another_sitecustomize_is_still_loaded(tmp_path):
    (tmp_path / "sitecustomize.py").write_text("import os\nos.environ['CHAINED'] = 'yes'\n")
    script = tmp_path / "show.py"
    script.write_text("import os\nprint(os.environ.get('CHAINED'))\n")
    env = observer_env(None, None, base={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert env["PYTHONPATH"].split(os.pathsep)[0] == observer_folder()
    done = subprocess.run(
        [sys.executable, str(script)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.stdout == "yes\n", done.stderr


def test_a_long_stream_is_counted_whole_and_its_first_messages_kept_one_by_one():
    n = 5000
    run = watch_script(HERE / "stream.py", [str(n)], start_method="fork", timeout=60)
    assert run.outcome == "ok", run.output
    assert printed(run.rows[run.parent_pid]) == [str(n * (n - 1) // 2)]
    sender = next(row for row in run.children if row.name == "sender")
    sends = [op for op in sender.ops if op.op == "Connection.send"]
    assert sum(op.count for op in sends) == n  # every send is counted
    assert [op.data for op in sends[:8]] == [str(i) for i in range(8)]  # the first ones one by one
    assert all(op.count == 1 for op in sends[:8])
    merged = [op for op in sends if op.count > 1]
    # A merged event says which sends it stands for: its first and last data are consecutive runs.
    assert all(int(op.data) - int(op.first) == op.count - 1 for op in merged)
    assert sends[-1].data == str(n - 1)
    recvs = [op for op in run.rows[run.parent_pid].ops if op.op == "Connection.recv"]
    assert sum(op.count for op in recvs) == n


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_ctrl_c_to_the_tutor_stops_and_reaps_every_process_of_the_script(
    signum, tutor_env
):
    """The script runs in a session of its own: the tutor stops all of it, spawn's resource
    tracker included (left to end by itself once its users are gone)."""
    tutor = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ipctutor",
            "run",
            "queue",
            "-n",
            "2",
            "--delay",
            "60",
            "--start-method",
            "spawn",
            "--plain",
        ],
        env=tutor_env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        pids, script = set(), 0
        for line in tutor.stdout:  # each process as the observer reported it: its real PID
            script = script or int(
                re.search(r"parent pid (\d+)", line)[1]
            )  # the header comes first
            pids.update(int(pid) for pid in re.findall(r"pid (\d+)", line))
            if "child-1" in line and "running" in line:
                break
        assert session_members(script)  # its processes are there now
        tutor.send_signal(signum)
        _, err = tutor.communicate(timeout=60)
    finally:
        if tutor.poll() is None:
            tutor.kill()
            tutor.wait()
    assert tutor.returncode == 128 + signum and "Traceback" not in err, err
    said = "Interrupted" if signum == signal.SIGINT else "Ended by SIGTERM"
    assert said in err and err.count("\n") == 1, err
    assert not session_members(script)
    assert all(state_of(pid) in (None, "Z") for pid in pids), pids


def test_what_a_blocked_process_still_held_is_written_before_it_is_stopped():
    """The parent's last receives wait in the observer (a run of one call is written in batches)
    when its next recv() blocks for good; the tutor's flush signal, sent before it stops the run,
    makes it write them: every one of the N is counted."""
    n = 50
    run = watch_script(HERE / "stream_then_wait.py", [str(n)], start_method="fork", timeout=2)
    assert run.outcome == "timeout"
    recvs = [op for op in run.rows[run.parent_pid].ops if op.op == "Connection.recv"]
    assert sum(op.count for op in recvs) == n and recvs[-1].data == str(n - 1)
    sender = next(row for row in run.children if row.name == "sender")
    assert sum(op.count for op in sender.ops if op.op == "Connection.send") == n
    assert sender.exitcode == -signal.SIGTERM and run.stopped == ["sender"]
