"""Child processes born with Ctrl-C held back, so a Ctrl-C while they start prints no traceback.

A terminal sends Ctrl-C to every process in its foreground group: the tutor, and children still
starting up (a spawned child's imports take ~0.1 s; the fork server's too), which have not yet
reached Events.child_started, where they leave Ctrl-C to the tutor. So the parent blocks SIGINT
while it starts a child: the child inherits the blocked mask (through fork and exec), and the
parent, unblocking, gets the held-back Ctrl-C as a KeyboardInterrupt at once. Standard library
only: under spawn and forkserver the child unpickles its Process, and so imports this module.
"""
import multiprocessing.context as context
import signal
import threading


class SigintHeld:
    """Hold Ctrl-C back for the duration of a `with` block, then raise it (KeyboardInterrupt).

    SIGINT is blocked in this thread, so a child born meanwhile inherits it blocked; and in the
    main thread Python's handler is swapped for one that only remembers, because a Ctrl-C the
    kernel gives to another thread (the monitor, a queue's feeder) would otherwise still raise in
    here, half-way through starting a child the parent then never knows about.
    """

    def __enter__(self):
        self.caught = []
        self.handler = None
        if threading.current_thread() is threading.main_thread():
            self.handler = signal.signal(signal.SIGINT, self.catch)
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        return self

    def catch(self, signum, frame):
        self.caught.append(True)

    def __exit__(self, *exc):
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)  # a Ctrl-C held back arrives now
        if self.handler is not None:
            signal.signal(signal.SIGINT, self.handler)  # runs the pending handler first
            if not self.caught:
                return
            if isinstance(getattr(self.handler, "__self__", None), SigintHeld):
                self.handler(signal.SIGINT, None)  # held inside a longer hold: that one raises it
            elif exc[0] is None:
                raise KeyboardInterrupt


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
    from every child it forks."""
    if start_method not in ("spawn", "forkserver"):
        return
    from multiprocessing import forkserver, resource_tracker

    with SigintHeld():
        resource_tracker.ensure_running()  # blocks SIGINT itself, and unblocks it after
        if start_method == "forkserver":
            with SigintHeld():
                forkserver.ensure_running()


BY_START_METHOD = {"fork": ForkProcess, "spawn": SpawnProcess, "forkserver": ForkServerProcess}
