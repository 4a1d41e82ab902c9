"""Loaded by every Python process of a practice check (the checker puts this folder on PYTHONPATH).

It makes each process dump every thread's stack into a file of its own on SIGUSR1, so a stuck run
can be explained, and it notes how the process started (the script itself, fork, spawn, the fork
server or a child of it), so the checker can name each process and see the start method really
used. Spawned children and the fork server are fresh interpreters and load this file again;
forked children get a new dump file from the at-fork hook. Standard library only, and cheap.
"""
import faulthandler
import os
import signal
import sys

_FOLDER = os.environ.get("IPCTUTOR_PRACTICE_DIR") or ""  # set by the checker (else nothing is noted)
_kept: list = []  # the open dump file: faulthandler needs it open for as long as the process lives


def _how_started() -> str:
    argv = " ".join(getattr(sys, "orig_argv", sys.argv))
    if "multiprocessing.forkserver import main" in argv:
        return "forkserver-server"
    if "multiprocessing.resource_tracker import main" in argv:
        return "resource-tracker"
    if "--multiprocessing-fork" in argv:
        return "spawn"
    return "script"


def _note(origin: str) -> None:
    pid = os.getpid()
    for old in _kept:
        old.close()  # a forked child's copy of its parent's dump file
    _kept[:] = [open(os.path.join(_FOLDER, f"{pid}.dump"), "w")]
    faulthandler.register(signal.SIGUSR1, file=_kept[0], all_threads=True)
    with open(os.path.join(_FOLDER, f"{pid}.proc"), "w") as note:
        note.write(f"{origin} {os.getppid()}\n")
    _state[0] = origin


def _forked() -> None:
    _note("forkserver" if _state[0] in ("forkserver-server", "forkserver") else "fork")


_state = ["script"]
if _FOLDER and os.path.isdir(_FOLDER):
    _note(_how_started())
    os.register_at_fork(after_in_child=_forked)
    _method = os.environ.get("IPCTUTOR_PRACTICE_START_METHOD")
    if _method and _state[0] == "script":
        import multiprocessing

        multiprocessing.set_start_method(_method)
