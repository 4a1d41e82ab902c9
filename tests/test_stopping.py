"""engine/stopping.py on its own: SIGTERM held back and raised as Ended, forked children that still
die of SIGTERM, and the exit code. Each case runs in a fresh interpreter, which installs the
tutor's signal handlers as main() does (the test process keeps its own)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=str(ROOT),
        timeout=60,
        check=False,
    )


def test_sigterm_in_a_hold_is_raised_as_ended_after_it_and_sets_the_exit_code():
    result = run_python("""
        import os, signal
        from ipctutor.engine import stopping
        stopping.end_on_signals()
        done = []
        try:
            with stopping.EndingsHeld():
                os.kill(os.getpid(), signal.SIGTERM)
                done.append("the held block went on to its end")
        except stopping.Ended as ended:
            print(done[0], ended.signum == signal.SIGTERM, isinstance(ended, KeyboardInterrupt))
        os.kill(os.getpid(), signal.SIGTERM)  # a second one, while ending: only noted
        print("exit", stopping.exit_code(130))
    """)
    assert result.stdout.splitlines() == [
        "the held block went on to its end True True",
        "exit 143",
    ], result
    assert result.stderr == ""


def test_a_child_forked_inside_a_hold_dies_of_sigterm():
    """Children are forked inside a hold (births.HeldStart): they must not inherit its handler,
    which only notes SIGTERM, nor the tutor's, which raises in them."""
    result = run_python("""
        import multiprocessing, time
        from ipctutor.engine import births, stopping
        stopping.end_on_signals()
        ready = multiprocessing.get_context("fork").Event()
        child = births.ForkProcess(target=lambda: (ready.set(), time.sleep(60)))
        child.start()
        ready.wait(30)
        child.terminate()
        child.join(30)
        print(child.exitcode)
    """)
    assert result.stdout.strip() == "-15", result
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_manager_serve_stops_on_sigterm_and_sighup_as_on_ctrl_c(signum, tutor_env):
    """Its connection threads end with it; one line names the signal and the exit code."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ipctutor", "manager", "serve", "--port", "0"],
        cwd=str(ROOT),
        env=tutor_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:  # listening, its banner printed
            if line.startswith("Waiting for clients"):
                break
        os.killpg(server.pid, signum)
        _, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
    assert server.returncode == 128 + signum, err
    name = signal.Signals(signum).name
    assert (
        err.count("\n") == 1
        and f"manager stopped by {name}" in err
        and f"exit code {128 + signum}" in err
    ), err


def test_stop_session_finds_every_process_of_the_session_and_stops_them():
    """Found by the session they are in (/proc), not only by what the run noted."""
    from proc_util import alive

    from ipctutor.engine import stopping

    script = (
        "import subprocess\nchild = subprocess.Popen(['sleep', '60'])\n"
        "print(child.pid, flush=True)\nchild.wait()\n"
    )
    leader = subprocess.Popen(
        [sys.executable, "-c", script], start_new_session=True, stdout=subprocess.PIPE, text=True
    )
    try:
        assert leader.stdout is not None
        grandchild = int(leader.stdout.readline())
        assert {leader.pid, grandchild} <= set(stopping.session_members(leader.pid) or ())
        stopping.stop_session(leader.pid)
        assert leader.wait(10) == -signal.SIGKILL
        assert not alive(grandchild)
    finally:
        if leader.poll() is None:
            leader.kill()
            leader.wait(10)


def test_stop_session_kills_a_parent_before_it_can_see_its_children_die():
    """Every process is frozen before any is killed: a parent waiting for its children cannot
    return from its wait when the first of them dies and exit 0 before its own kill reaches it (one
    kill after another, a parent on the other core did, about 1 run in 4 with 40 children). Several
    rounds, each judged alone: no round may see an exit code other than the kill's."""
    from proc_util import alive

    from ipctutor.engine import stopping

    script = (
        "import os, subprocess\n"
        "children = [subprocess.Popen(['sleep', '60']) for _ in range(40)]\n"
        "print(' '.join(str(child.pid) for child in children), flush=True)\n"
        "os.wait()\n"  # the first child to die ends the wait ...
        "os._exit(0)\n"  # ... and the parent at once, if it still can run
    )
    for _ in range(5):
        leader = subprocess.Popen(
            [sys.executable, "-c", script],
            start_new_session=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert leader.stdout is not None
            children = [int(pid) for pid in leader.stdout.readline().split()]
            stopped, codes = stopping.stop_session(leader)
            assert codes[leader.pid] == -signal.SIGKILL
            assert leader.returncode == -signal.SIGKILL
            assert set(children) | {leader.pid} <= set(stopped)
            assert not any(alive(pid) for pid in children)
        finally:
            if leader.poll() is None:
                leader.kill()
                leader.wait(10)
