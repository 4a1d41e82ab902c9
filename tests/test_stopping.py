"""engine/stopping.py on its own: SIGTERM held back and raised as Ended, forked children that still
die of SIGTERM, and the exit code. Each case runs in a fresh interpreter, which installs the
tutor's signal handlers as main() does (the test process keeps its own)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import ROOT


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
    """A child forked inside a hold (as bench forks its children): it must not inherit the hold's
    handler, which only notes SIGTERM, nor the tutor's, which raises in it."""
    result = run_python("""
        import multiprocessing, time
        from ipctutor.engine import stopping
        stopping.end_on_signals()
        fork = multiprocessing.get_context("fork")
        ready = fork.Event()
        child = fork.Process(target=lambda: (ready.set(), time.sleep(60)))
        with stopping.EndingsHeld():
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
    from helpers import alive
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
        assert leader.wait(10) == -signal.SIGTERM  # asked to stop, it stopped
        assert not alive(grandchild)
    finally:
        if leader.poll() is None:
            leader.kill()
            leader.wait(10)


def test_stop_session_stops_a_parent_before_it_can_see_its_children_die():
    """Every process is frozen before any is signalled: a parent waiting for its children cannot
    return from its wait when the first of them dies and exit 0 before its own signal reaches it
    (one signal after another, a parent on the other core did, about 1 run in 4 with 40 children).
    Several rounds, each judged alone: no round may see an exit code other than the signal's."""
    from helpers import alive

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
            assert codes[leader.pid] == -signal.SIGTERM
            assert leader.returncode == -signal.SIGTERM
            assert set(children) | {leader.pid} <= set(stopped)
            assert not any(alive(pid) for pid in children)
        finally:
            if leader.poll() is None:
                leader.kill()
                leader.wait(10)


CUT_IN_HALF = """
import os, signal, sys
import multiprocessing
from multiprocessing import resource_tracker, shared_memory

real = resource_tracker.register
def register(name, rtype):  # the name exists now; registered, the tracker would unlink it
    print(rtype, name, flush=True)
    os.kill(os.getpid(), signal.SIGTERM)  # the tutor's stop, at the worst moment
    return real(name, rtype)
resource_tracker.register = register
if sys.argv[1] == "shared_memory":
    made = shared_memory.SharedMemory(create=True, size=4096)
else:
    made = multiprocessing.get_context("spawn").Lock()
print("went on", flush=True)
"""


def shm_file(rtype: str, name: str) -> Path:
    """Where a SharedMemory block or a named semaphore lives on Linux."""
    return Path(
        "/dev/shm", name.lstrip("/") if rtype == "shared_memory" else "sem." + name.lstrip("/")
    )


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs /dev/shm (Linux)")
@pytest.mark.parametrize("rtype", ["shared_memory", "semaphore"])
@pytest.mark.parametrize("how", ["watched", "practice"])
def test_a_stop_between_making_a_name_and_registering_it_leaves_nothing(how, rtype, tmp_path):
    """SIGTERM (the stop's first signal) comes after a block's or a semaphore's name is made and
    before it is registered with the resource tracker: the observer holds it until registered, so
    the process still dies of it, and its tracker unlinks the name (without the hold it stayed in
    /dev/shm). The signal is sent by the script itself at that very point: no timing."""
    from ipctutor.engine import stopping
    from ipctutor.engine.watch import observer_env, watch_script

    script = tmp_path / "cut.py"
    script.write_text(CUT_IN_HALF)
    if how == "watched":
        run = watch_script(script, [rtype], timeout=60)
        output, code = run.output, run.exitcode
    else:
        leader = subprocess.Popen(
            [sys.executable, str(script), rtype],
            env=observer_env(None, "spawn", folder=str(tmp_path)),
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        output, _ = leader.communicate(timeout=60)
        stopping.stop_session(leader)  # waits for the tracker to clean up and leave
        code = leader.returncode
    said = output.split()
    assert said[0] == rtype and "went on" not in output, output
    left = shm_file(rtype, said[1])
    try:
        assert code == -signal.SIGTERM, output
        assert not left.exists(), f"{left} was left behind"
    finally:
        left.unlink(missing_ok=True)


def test_a_sigterm_while_the_watched_script_starts_still_stops_it(tmp_path):
    """SIGTERM comes inside Popen, right after the script is forked (before Popen returns): the
    tutor still knows the script and stops it (raised there, it left the script running with no
    one to stop it). The signal is sent from inside Popen itself: no timing."""
    script = tmp_path / "forever.py"
    script.write_text("import time\nprint('up', flush=True)\ntime.sleep(3600)\n")
    result = run_python(f"""
        import os, signal, subprocess
        from ipctutor.engine import stopping, watch
        stopping.end_on_signals()
        execute = subprocess.Popen._execute_child
        def execute_then_sigterm(self, *args, **kwargs):
            execute(self, *args, **kwargs)
            print("script", self.pid, flush=True)
            os.kill(os.getpid(), signal.SIGTERM)  # the tutor's `kill`, as Popen returns
        subprocess.Popen._execute_child = execute_then_sigterm
        run = watch.watch_script({str(script)!r}, timeout=60)
        print(run.outcome, run.error, run.exitcode)
    """)
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[1] == "interrupted SIGTERM -15", (result.stdout, result.stderr)
    from helpers import alive

    assert not alive(int(lines[0].split()[1]))


TRACKER_ON_ITS_WAY = """
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})  # as multiprocessing does
fd, fifo = int(sys.argv[1]), sys.argv[2]
print("ready", flush=True)
with open(fifo) as go:  # until the test lets it exec: its command line is not a tracker's yet
    go.read()
command = "from multiprocessing.resource_tracker" + f" import main;main({fd})"  # not in argv yet
os.execv(sys.executable, [sys.executable, "-c", command])
"""

LEADER_OF_A_TRACKER = """
import os, subprocess, sys, time
r, w = os.pipe()  # the tracker's pipe: its last writer is this process
tracker = subprocess.Popen(
    [sys.executable, "-c", sys.argv[1], str(r), sys.argv[2]], pass_fds=(r,), stdout=subprocess.PIPE
)
assert tracker.stdout.readline() == b"ready\\n"
print(tracker.pid, flush=True)
time.sleep(3600)
"""


def test_a_tracker_on_its_way_is_neither_killed_nor_flushed(tmp_path):
    """A process of the session that holds SIGTERM blocked and is not yet a tracker by its command
    line (multiprocessing's tracker before its exec is done) is spared the kill until it shows
    what it is: here it execs into a tracker only once stop_session has looked at it twice and
    would have killed it (it did, when only a process with the leader's own command line counted
    as one on its way), then leaves by itself when its pipe closes, as a tracker does."""
    from ipctutor.engine import stopping

    fifo = tmp_path / "go"
    os.mkfifo(fifo)
    leader = subprocess.Popen(
        [sys.executable, "-c", LEADER_OF_A_TRACKER, TRACKER_ON_ITS_WAY, str(fifo)],
        start_new_session=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    looks = []

    def known() -> dict[int, str]:
        looks.append(True)
        if len(looks) == 3:  # the SIGTERM's look, the first kill look, and now: let it exec
            try:  # (killed already, it has no reader: then nothing waits for this)
                go = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                return {}
            os.write(go, b"go")
            os.close(go)
        return {}

    try:
        assert leader.stdout is not None
        tracker = int(leader.stdout.readline())
        stopped, codes = stopping.stop_session(leader, known, settle=600)  # order, not time
        assert len(looks) >= 3
        assert codes.get(tracker) == 0, codes  # it left by itself: not -9, not the flush signal's
        assert leader.returncode == -signal.SIGTERM
    finally:
        if leader.poll() is None:
            leader.kill()
            leader.wait(10)
