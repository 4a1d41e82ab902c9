"""One way to end a run, however it ends: stop and reap every process it started, leave nothing behind.

A run ends by Ctrl-C, the watchdog, `kill` (SIGTERM) or a closed terminal (SIGHUP to the foreground
process group). Every path stops the processes the same way, through this module:

- Processes of this interpreter (multiprocessing's children, pool and executor workers, a manager's
  server process): `stop_processes` asks each to stop (SIGTERM), kills those still there after a grace,
  and reaps them all; `stop_all` repeats that until nothing new has appeared (a Pool replaces
  workers that die while it is still running).
- A run in a session of its own (a practice check, a script run under the observer: every demo,
  pitfall, `learn` and `compare` run): `stop_session` (the observed runs first ask each process to
  write the events it holds) asks every process of the session but its resource trackers to stop
  (SIGTERM), kills those left after a grace, then lets each tracker see its pipe close, unlink
  what was left registered with it (a Queue's named semaphores, a SharedMemory block) and exit by
  itself; only a tracker that does not leave is killed.
- This interpreter's own helpers, the fork server and the resource tracker: `stop_helpers` runs at
  exit, after multiprocessing's own finalizers, and waits for the tracker to finish its cleaning, so
  that when the tutor's exit code is known /dev/shm is clean.

SIGTERM and SIGHUP are made to end the tutor as Ctrl-C does (`end_on_signals`): raised as `Ended`,
a KeyboardInterrupt, so every Ctrl-C path (stop, reap, one line) is taken; the exit code is then
128 + the signal (`exit_code`). A resource tracker started by the tutor is kept from SIGHUP, so a
closed terminal does not kill it before it has cleaned up (`keep_tracker_from_hangups`). Something
that must not be cut in half (a child started and recorded, a block made) runs in `EndingsHeld`.

For a runner that runs a script as a subprocess: start it with start_new_session=True, so no
terminal signal reaches it half-way and it is stopped only one way; on every ending (its end, the
watchdog, Ctrl-C, SIGTERM, SIGHUP) call `stop_session(its Popen or pid)`, which returns once every
process of the run is dead and every tracker has cleaned up; a Ctrl-C or `Ended` raised in the
tutor while it waits for the script is the cue.

Standard library only: children import the engine again.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

GRACE_S = 2.0  # how long a process asked to stop (SIGTERM) gets before it is killed
TRACKER_WAIT_S = (
    5.0  # how long a resource tracker gets to unlink what was left and exit (a busy machine)
)
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # treated as Ctrl-C is
POLL_S = 0.01
SETTLE_S = 2.0  # how long a session's process still to exec (a tracker, maybe) is not killed
TERM_GRACE_S = 1.0  # a run's processes, asked to stop (SIGTERM), have this long before the kill


# ------------------------------------------------------------------ signals that end the tutor


class Ended(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where a Ctrl-C would be raised, so that it is handled as one."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_received: list[
    int
] = []  # the ending signal raised (the first only), for the exit code and the line
_quiet: list[bool] = []  # set once the exit code is decided: later signals are only noted


def ended_by() -> int | None:
    """The signal (SIGTERM, SIGHUP) that is ending the tutor, or None (Ctrl-C, or no signal)."""
    return _received[0] if _received else None


def note_ending(signum: int) -> None:
    """A SIGTERM or SIGHUP that came while held back (main() holds them while the CLI imports):
    it ends the tutor, and sets the exit code, as if it had been raised."""
    if not _received:
        _received.append(signum)


def exit_code(code: int) -> int:
    """128 + the signal once SIGTERM or SIGHUP has ended the tutor (143, 129), whatever the code
    the command was going to end with; else the code itself."""
    signum = ended_by()
    return 128 + signum if signum is not None else code


def _on_signal(signum: int, frame) -> None:
    if _received or _quiet:  # already ending: the stop under way is not cut short
        if not _received:
            _received.append(signum)
        return
    if frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
        # raised in one of importlib's weakref callbacks it would be dropped ("Exception ignored"):
        # deliver it again a moment later (see __main__.ctrl_c)
        import _thread

        threading.Timer(0.01, _thread.interrupt_main, args=(signum,)).start()
        return
    _received.append(signum)
    raise Ended(signum)


def _defaults_in_forked_child() -> None:
    """A child forked by the tutor (the fork start method) dies of SIGTERM, as any child does:
    Process.terminate() must not raise Ended inside it (a traceback, and a child that goes on), nor
    be only noted by a hold (a child forked inside one), which left every
    forked child deaf to SIGTERM until the grace was over and it was killed."""
    for signum in ENDING_SIGNALS:
        handler = signal.getsignal(signum)
        if handler is _on_signal or isinstance(getattr(handler, "__self__", None), EndingsHeld):
            signal.signal(signum, signal.SIG_DFL)


def end_on_signals(handlers: bool = True) -> None:
    """From now on SIGTERM and SIGHUP end the tutor as Ctrl-C does. Main thread only; the tutor's
    own processes only (main() calls it, never a child). Also arranges for `stop_helpers` to run
    at exit after multiprocessing's own exit function (atexit runs the last registered first, and
    multiprocessing registers its own when first imported, which is later). `handlers=False`: all
    but the handlers, which the caller installs itself (main() holds the signals back meanwhile)."""
    import atexit

    for signum in ENDING_SIGNALS if handlers else ():
        signal.signal(signum, _on_signal)
    os.register_at_fork(after_in_child=_defaults_in_forked_child)
    atexit.register(stop_helpers)


def quiet_from_now() -> None:
    """The exit code is decided: a SIGTERM or SIGHUP while the interpreter shuts down is noted
    (it still sets the exit code) but raises nothing, which would only print a traceback."""
    _quiet.append(True)


class EndingsHeld:
    """Hold back Ctrl-C, SIGTERM and SIGHUP for a `with` block, then raise the first that came.

    For something that must not be cut in half: a child's start (the parent must know it, to stop
    it), a pool or a manager being made, a block made and recorded for cleaning up. SIGINT is also
    blocked in this thread, so that a child born meanwhile inherits it blocked;
    SIGTERM and SIGHUP are only caught by Python, so children still die of them. Nested holds leave
    the signal to the outermost one. In another thread, or where the tutor does not handle SIGTERM
    (a child, a test), only what applies is held. `block=False`: SIGINT is not blocked either,
    only caught (a process started meanwhile that is not the tutor's own child, such as a script
    run by Popen, must not inherit SIGINT blocked).
    """

    def __init__(self, block: bool = True):
        self.block = block

    def __enter__(self):
        self.caught: list[int] = []
        self.handlers: dict[int, object] = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, *ENDING_SIGNALS):
                handler = signal.getsignal(signum)
                if signum == signal.SIGINT or callable(handler):
                    self.handlers[signum] = signal.signal(signum, self.catch)
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT} if self.block else ())
        return self

    def catch(self, signum, frame):
        self.caught.append(signum)

    def __exit__(self, *exc):
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)  # a Ctrl-C held back arrives now
        for signum, handler in self.handlers.items():
            signal.signal(signum, handler)  # runs a pending handler first
        if not self.caught:
            return
        signum = self.caught[0]
        handler = self.handlers.get(signum)
        if isinstance(getattr(handler, "__self__", None), EndingsHeld):
            handler(signum, None)  # a hold inside a hold: the outer one raises
        elif (
            exc[0] is not None
        ):  # already leaving with an exception: it goes on, the signal is noted
            if signum != signal.SIGINT and not _received:
                _received.append(signum)
        elif signum == signal.SIGINT:
            if handler is not signal.SIG_IGN:
                raise KeyboardInterrupt
        elif callable(handler):
            handler(signum, None)  # _on_signal: raises Ended


# ------------------------------------------------------------------ processes of this interpreter


def stop_processes(processes: Iterable, grace: float = GRACE_S) -> list:
    """Stop these multiprocessing processes and reap them: SIGTERM to every one still alive, then,
    after `grace` seconds at most, SIGKILL to those still there. Returns those that were alive."""
    alive = [p for p in processes if p.pid is not None and p.exitcode is None and _still_alive(p)]
    for p in alive:
        _quietly(p.terminate)
    deadline = time.monotonic() + grace
    for p in alive:
        _quietly(p.join, max(0.0, deadline - time.monotonic()))
    for p in alive:
        if p.exitcode is None:
            _quietly(p.kill)
            _quietly(p.join, grace)
    return alive


def stop_all(find: Callable[[], Iterable], grace: float = GRACE_S, rounds: int = 5) -> list:
    """`stop_processes` on what `find()` returns, again until a round finds nothing alive: a Pool
    whose workers die (a closed terminal kills them) starts new ones until it is terminated."""
    stopped: list = []
    for _ in range(rounds):
        more = stop_processes(find(), grace)
        if not more:
            break
        stopped += [p for p in more if p not in stopped]
    return stopped


def _still_alive(process) -> bool:
    try:
        return process.is_alive()
    except (OSError, ValueError, AssertionError):  # closed, or not our child any more
        return False


def _quietly(action, *args) -> None:
    try:
        action(*args)
    except (OSError, ValueError, AssertionError):
        pass


# ------------------------------------------------------------------ this interpreter's helpers


def keep_tracker_from_hangups() -> None:
    """Have every resource tracker this interpreter starts from now on born with SIGHUP blocked.

    The tracker ignores SIGINT and SIGTERM itself but not SIGHUP: a closed terminal killed it with
    the rest of the foreground group, and what was registered with it (named semaphores, shared
    memory blocks) stayed in /dev/shm until reboot. Blocked, SIGHUP never reaches it; it leaves
    when its pipe closes, as it should, after cleaning up. (Its start is multiprocessing's own,
    wrapped: the mask is inherited through fork and exec, and the tracker unblocks only SIGINT
    and SIGTERM.)"""
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker
    if getattr(tracker, "_ipctutor_kept", False):
        return
    start = tracker.ensure_running

    def ensure_running():
        before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
        try:
            return start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)

    tracker.ensure_running = ensure_running  # type: ignore[method-assign]
    resource_tracker.ensure_running = ensure_running  # the module's name for the same method
    tracker._ipctutor_kept = True  # type: ignore[attr-defined]


def stop_helpers(wait: float = TRACKER_WAIT_S) -> None:
    """Stop this interpreter's fork server, then its resource tracker, and reap both.

    Run at exit (end_on_signals registers it), once every child is stopped and multiprocessing's
    finalizers have unlinked what they own. Closing the tracker's pipe tells it that its last user
    is gone: it unlinks whatever is still registered and exits; it is waited for (killed only if it
    does not leave within `wait` seconds: someone else still holds its pipe), so nothing is left in
    /dev/shm when the tutor's exit code is known."""
    forkserver = sys.modules.get("multiprocessing.forkserver")
    if forkserver is not None:
        server = forkserver._forkserver
        pid, fd = (
            getattr(server, "_forkserver_pid", None),
            getattr(server, "_forkserver_alive_fd", None),
        )
        if pid is not None and fd is not None:
            server._forkserver_pid = server._forkserver_alive_fd = None
            _close_and_reap(fd, pid, wait)
    tracking = sys.modules.get("multiprocessing.resource_tracker")
    if tracking is not None:
        tracker = tracking._resource_tracker
        pid, fd = getattr(tracker, "_pid", None), getattr(tracker, "_fd", None)
        if pid is not None and fd is not None:
            tracker._pid = tracker._fd = None
            _close_and_reap(fd, pid, wait)


def _close_and_reap(fd: int, pid: int, wait: float) -> None:
    """Close a helper's pipe (it leaves when it sees EOF), reap it; kill it if it does not leave."""
    try:
        os.close(fd)
    except OSError:
        pass
    if not _reaped_within(pid, wait):
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _reaped_within(pid: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not ours, or reaped already
            return True
        if done:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)


# ------------------------------------------------------------------ a run in a session of its own

TRACKER_COMMAND = "multiprocessing.resource_tracker import main"


def session_members(leader: int) -> list[int] | None:
    """The live processes of the session `leader` began (Linux /proc); None without /proc."""
    if not os.path.isdir("/proc/self"):
        return None
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(int(entry))
        if fields is not None and fields[0] != "Z" and int(fields[3]) == leader:  # field 6: session
            found.append(int(entry))
    return found


def command_of(pid: int) -> str | None:
    """A process's command line (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None


def is_resource_tracker(pid: int) -> bool:
    return TRACKER_COMMAND in (command_of(pid) or "")


def stop_session(
    leader: int | subprocess.Popen,
    known: Callable[[], dict[int, str]] | None = None,
    tracker_wait: float = TRACKER_WAIT_S,
    *,
    flush: bool = False,
    grace: float = TERM_GRACE_S,
    settle: float = SETTLE_S,
) -> tuple[list[int], dict[int, int]]:
    """Stop every process of the session `leader` began (a run started with start_new_session),
    sparing its resource trackers until they have cleaned up; the one way every path stops a run
    (a watched script, a practice check; its end, the watchdog, Ctrl-C, SIGTERM, SIGHUP).

    - `flush` (an observed run): first the observer's flush signal, so that each process writes
      the events it still holds.
    - Then every process but the trackers is asked to stop (SIGTERM) and has `grace` seconds to
      end: a child so stopped shows -15, as `terminate()` leaves it, and one in the middle of
      making a SharedMemory block or a named semaphore finishes registering it with its tracker
      first (the observer holds SIGTERM meanwhile: observer/sitecustomize.py), so the tracker
      unlinks it; a kill at that moment left it in /dev/shm.
    - Then those left are killed (SIGKILL), until no other is left.
    - Both signals reach every process at once, as far as the processes can tell: all are frozen
      (SIGSTOP) first, then signalled, then let go (SIGCONT), so that none sees another die and
      goes on meanwhile (a parent whose child is stopped first would return from its wait and exit
      0 before its own signal came).
    - Then the trackers get `tracker_wait` seconds to see their pipes close, unlink what was left
      registered with them (a Queue's semaphores, a SharedMemory block) and exit; then the session
      is killed.

    `leader` is the leader's PID, or its Popen (then its exit code is read through it: the leader is
    never reaped here behind its Popen's back). `known()` may add processes the run itself noted (pid
    -> role, "resource-tracker" for a tracker), for a process that left the session or a system
    without /proc. A process not yet shown to be a tracker, neither noted nor the leader, that holds
    SIGTERM blocked may be a tracker on its way: multiprocessing starts one with SIGTERM blocked,
    and until its exec is done its command line is its parent's, or empty (on a busy machine a fork
    can wait a while for its exec). It gets no flush signal and, for up to `settle` seconds from
    the first kill, no kill, until it shows what it is (SIGTERM it may have: it ignores it once
    started); killed or flushed then, a tracker leaves its names in /dev/shm. (A child forked by
    the fork start method blocks nothing: it is stopped at once.)

    Returns once every process it found is dead: the PIDs it stopped (the trackers not counted), and
    the exit codes of those it reaped, the leader's included when given its Popen (on Linux the run's
    orphans become the tutor's children, see become_subreaper, so their codes are the kernel's own).
    """
    popen = None if isinstance(leader, int) else leader
    sid = leader if isinstance(leader, int) else leader.pid
    codes: dict[int, int] = {}
    first = set(session_members(sid) or ())
    if not first and popen is not None and popen.poll() is not None:
        return [], {sid: popen.returncode}  # it ended, and took every process with it
    become_subreaper()  # before the leader dies: its children become the tutor's to reap
    seen = set(first)
    trackers: set[int] = set()
    stopped: list[int] = []
    settle_until = time.monotonic() + settle + grace  # set again when the kill begins

    def reap() -> None:
        if popen is not None:
            popen.poll()
        for pid in seen - codes.keys() - {sid}:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not the tutor's (yet): its own parent still lives
                continue
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)

    def look() -> tuple[set[int], set[int]]:
        """(those to stop now, those not yet settled): the session's live processes but trackers."""
        members = set(session_members(sid) or ())
        noted = known() if known is not None else {}
        members |= {pid for pid in noted if _alive(pid)}
        seen.update(members)
        trackers.update(
            pid
            for pid in members
            if noted.get(pid) == "resource-tracker" or is_resource_tracker(pid)
        )
        others = members - trackers
        unsettled: set[int] = set()
        if time.monotonic() < settle_until:
            unsettled = {
                pid for pid in others if pid != sid and pid not in noted and _blocks_sigterm(pid)
            }
        return others - unsettled, unsettled

    def note(pids: Iterable[int]) -> None:
        stopped.extend(pid for pid in pids if pid not in stopped)

    if flush:
        ask_to_flush(look()[0])  # not to one still to exec: its default would end it
    others, unsettled = look()
    others |= unsettled  # a tracker on its way holds SIGTERM blocked, and ignores it once there
    _all_at_once(others, signal.SIGTERM)
    note(others)
    deadline = time.monotonic() + grace
    while others and time.monotonic() < deadline:
        time.sleep(POLL_S)
        reap()
        others = {pid for pid in others if _alive(pid)}
    settle_until = time.monotonic() + settle
    for _ in range(400):  # a process forked between a look and a kill is found by the next look
        others, unsettled = look()
        if not others and not unsettled:
            break
        _all_at_once(others, signal.SIGKILL)
        note(others)
        if others:
            _wait_dead(others, GRACE_S)
        else:
            time.sleep(POLL_S)
        reap()
    if popen is not None:
        from subprocess import TimeoutExpired

        try:
            popen.wait(timeout=GRACE_S)
        except TimeoutExpired:
            pass
    _wait_dead(trackers, tracker_wait, reap)
    try:
        os.killpg(sid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for pid in trackers:
        _signal(pid, signal.SIGKILL)  # one that did not leave: someone outside holds its pipe
    _wait_dead(trackers | set(stopped), GRACE_S, reap)
    reap()
    if popen is not None and popen.returncode is not None:
        codes[sid] = popen.returncode
    return stopped, codes


FLUSH_SIGNAL_OFFSET = 7  # the observer's FLUSH_SIGNAL is SIGRTMIN+7 (observer/sitecustomize.py)
FLUSH_WAIT_S = 0.1  # how long the processes of a run have to write what they hold before SIGTERM


def ask_to_flush(pids: Iterable[int]) -> None:
    """The observer's flush signal to each process that listens for it: write the events you still
    hold (a blocked process's last operations), so that the run shows them before it is stopped.
    Only to those that catch it (Linux /proc: SigCgt): its default would end the others, a process
    still starting or one that is not Python, by a signal that is not the stop's (-41, not -15)."""
    number = getattr(signal, "SIGRTMIN", None)
    if number is None:
        return
    flush = number + FLUSH_SIGNAL_OFFSET
    listening = [pid for pid in pids if _status_has(pid, "SigCgt", flush, unknown=True)]
    for pid in listening:
        _signal(pid, flush)
    if listening:
        time.sleep(FLUSH_WAIT_S)


_subreaper: list[bool] = []


def become_subreaper() -> None:
    """Linux: the run's orphans (its children, once their parent is gone) become the tutor's
    children, so that the tutor can reap them and read the exit code the kernel gives each (-15:
    SIGTERM) rather than leave them to init."""
    if _subreaper or not sys.platform.startswith("linux"):
        return
    _subreaper.append(True)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _all_at_once(pids: Iterable[int], signum: int) -> None:
    """`signum` to every one of `pids` as if at one instant: each is frozen first (SIGSTOP), so
    that none runs again before all have it pending, then let go (SIGCONT) to act on it."""
    pids = list(pids)
    for pid in pids:
        _signal(pid, signal.SIGSTOP)
    for pid in pids:
        _signal(pid, signum)
    if signum != signal.SIGKILL:
        for pid in pids:
            _signal(pid, signal.SIGCONT)


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _blocks_sigterm(pid: int) -> bool:
    """The process holds SIGTERM blocked, as multiprocessing's resource tracker is born; True where
    that cannot be read, which only delays the kill (SETTLE_S)."""
    return _status_has(pid, "SigBlk", signal.SIGTERM, unknown=True)


def _status_has(pid: int, field: str, signum: int, unknown: bool = False) -> bool:
    """Whether a signal mask of /proc/PID/status (SigBlk: blocked, SigCgt: caught) holds `signum`;
    `unknown` where it cannot be read (gone, or no /proc)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    except (OSError, ValueError, IndexError):
        pass
    return unknown


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie). Without /proc: kill(pid, 0)."""
    if os.path.isdir("/proc/self"):
        fields = _stat_fields(pid)
        return fields is not None and fields[0] != "Z"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_dead(pids: Iterable[int], wait: float, reap: Callable[[], None] | None = None) -> bool:
    left = set(pids)
    deadline = time.monotonic() + wait
    while True:
        if reap is not None:
            reap()
        left = {pid for pid in left if _alive(pid)}
        if not left:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)
