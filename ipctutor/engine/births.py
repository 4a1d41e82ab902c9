"""Child processes born with Ctrl-C held back, so a Ctrl-C while they start prints no traceback.

A terminal sends Ctrl-C to every process in its foreground group: the tutor, and children still
starting up (a spawned child's imports take ~0.1 s; the fork server's too), which have not yet
reached Events.child_started, where they leave Ctrl-C to the tutor. So the parent blocks SIGINT
while it starts a child: the child inherits the blocked mask (through fork and exec), and the
parent, unblocking, gets the held-back Ctrl-C as a KeyboardInterrupt at once. Standard library
only: under spawn and forkserver the child unpickles its Process, and so imports this module.
"""

from multiprocessing import context

from ipctutor.engine.stopping import EndingsHeld, keep_tracker_from_hangups

# Ctrl-C, and SIGTERM and SIGHUP with it (the tutor ends on them as on Ctrl-C): see stopping.py
SigintHeld = EndingsHeld


class HeldStart:
    """start() with Ctrl-C held back: a Ctrl-C that came meanwhile is raised once start() is
    complete, so the parent knows the child it must stop."""

    def start(self):
        with SigintHeld():
            super().start()


class ForkProcess(HeldStart, context.ForkProcess):
    pass


class SpawnProcess(HeldStart, context.SpawnProcess):
    pass


class ForkServerProcess(HeldStart, context.ForkServerProcess):
    pass


def start_helpers(start_method: str) -> None:
    """Start the helper processes multiprocessing would start on first use, Ctrl-C held back:
    the resource tracker (spawn, forkserver) and the fork server, which then holds Ctrl-C back
    from every child it forks. A tracker started later on (a SharedMemory made under fork) is
    kept from SIGHUP too: a closed terminal must not kill it before it cleans up."""
    keep_tracker_from_hangups()
    if start_method not in ("spawn", "forkserver"):
        return
    from multiprocessing import forkserver, resource_tracker

    with SigintHeld():
        resource_tracker.ensure_running()  # blocks SIGINT itself, and unblocks it after
        if start_method == "forkserver":
            with SigintHeld():
                forkserver.ensure_running()


BY_START_METHOD = {"fork": ForkProcess, "spawn": SpawnProcess, "forkserver": ForkServerProcess}
