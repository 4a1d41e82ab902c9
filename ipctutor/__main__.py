"""`python -m ipctutor` and the `ipctutor` command.

Under spawn and forkserver every child re-imports the main module: this file must stay cheap to
import, so the CLI is imported inside main(), never at module level, and main() alone (which no
child calls) changes how Ctrl-C is handled.
"""

import sys


def main() -> int:
    """Run the CLI. A Ctrl-C at any moment once this runs (while Typer imports, while the
    interpreter shuts down) ends it with one line and exit 130, never a traceback; SIGTERM (kill)
    and SIGHUP (a closed terminal) end it the same way, with 128 + the signal (143, 129)."""
    if sys.argv[1:] == ["--version"]:  # answered before Typer is imported: nothing heavy
        from ipctutor import __version__

        print(f"ipctutor {__version__}")
        return 0
    try:
        run_cli = import_the_cli()
        code = interrupted() if run_cli is None else run_cli()
    except KeyboardInterrupt:  # outside the CLI's own error boundary: e.g. while Typer imports
        code = interrupted()
    except Exception as exc:
        from ipctutor.errors import caused_by_ctrl_c

        # after SIGTERM or SIGHUP, an error on the way out (a closed terminal's EIO) is no news
        if not caused_by_ctrl_c(exc) and ended_by() is None:
            raise
        code = interrupted()
    leave_quietly()
    return exit_code(code)


def ended_by() -> int | None:
    """The SIGTERM or SIGHUP ending the tutor (engine/stopping.py), if it got so far as to know."""
    stopping = sys.modules.get("ipctutor.engine.stopping")
    return stopping.ended_by() if stopping is not None else None


def exit_code(code: int) -> int:
    signum = ended_by()
    return 128 + signum if signum is not None else code


def import_the_cli():
    """The CLI's entry point, imported with Ctrl-C held back: a KeyboardInterrupt raised in the
    middle of an import can land in one of importlib's weakref callbacks, where Python prints
    "Exception ignored" and drops it (the run then goes on). None if a Ctrl-C came meanwhile.
    From here on, Ctrl-C is `ctrl_c`'s: set in one step, with no moment of Python's handler between.
    `_signal` is in sys.modules from start-up, so importing it runs no importlib code.
    SIGTERM and SIGHUP are held back the same way, and from then on end the run as a Ctrl-C does
    (engine/stopping.py, imported in the hold too)."""
    import _signal

    held: list[int] = []
    ending_signals = (_signal.SIGTERM, _signal.SIGHUP)
    for signum in (_signal.SIGINT, *ending_signals):
        _signal.signal(signum, lambda signum, frame: held.append(signum))
    stopping = None
    try:
        from ipctutor.engine import stopping

        stopping.end_on_signals(handlers=False)  # its handlers once the hold is over
        from ipctutor.commands.app import run_cli
    finally:
        _signal.signal(_signal.SIGINT, ctrl_c)
        for signum in ending_signals:
            _signal.signal(signum, stopping._on_signal if stopping is not None else _signal.SIG_DFL)
    ending = [signum for signum in held if signum != _signal.SIGINT]
    if ending:
        stopping.note_ending(ending[0])
    return None if held else run_cli


def ctrl_c(signum, frame):
    """Python's own Ctrl-C (KeyboardInterrupt where the main thread is), except inside importlib,
    whose weakref callbacks would print "Exception ignored" and drop it, and the run would go on:
    there it comes again 10 ms later."""
    if frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
        # its weakref callbacks (3.11-3.12: a module lock's `cb`; 3.13: KeyedRef.remove) drop it
        import _thread
        import threading

        threading.Timer(0.01, _thread.interrupt_main).start()
        return
    raise KeyboardInterrupt


def interrupted() -> int:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this line short
    stopping = sys.modules.get("ipctutor.engine.stopping")
    if stopping is not None:
        stopping.quiet_from_now()  # and a second SIGTERM or SIGHUP too
    from ipctutor.i18n import (
        detect_language,
        interrupted_text,
        language_in_args,
        set_language,
        t,
    )

    set_language(detect_language(language_in_args(sys.argv[1:])))  # the callback may not have run
    try:
        print(
            t("program_line", line=interrupted_text("interrupted_plain", ended_by())),
            file=sys.stderr,
            flush=True,
        )
    except OSError:  # a closed terminal: nobody is there to read it
        pass
    return exit_code(130)


def leave_quietly() -> None:
    """The exit code is decided: a Ctrl-C while the interpreter shuts down (atexit handlers,
    multiprocessing's finalizers) would only print a traceback, so it is ignored from here on;
    SIGTERM and SIGHUP are only noted (they still decide the exit code)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stopping = sys.modules.get("ipctutor.engine.stopping")
    if stopping is not None:
        stopping.quiet_from_now()


def exit_from_python_m(code: int) -> None:
    """`python -m ipctutor` ends here. After a Ctrl-C, CPython (3.11, 3.12) would turn exit 130
    into death by SIGINT if the KeyboardInterrupt had struck inside an `exec` of a string (Typer's
    and dataclasses' imports do that), however it was caught: its flag for an unhandled
    Ctrl-C is set there for good, and only the `-m` path reads it. So after a Ctrl-C run what the
    interpreter's exit would (the atexit handlers: multiprocessing's finalizers), and leave with 130;
    the same after SIGTERM or SIGHUP (raised as a KeyboardInterrupt), with 143 or 129."""
    if code <= 128:
        sys.exit(code)
    import atexit
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a closed pipe: nothing left to say there
            pass
    os._exit(code)


if __name__ == "__main__":
    try:
        code = main()
    except KeyboardInterrupt:  # a Ctrl-C raised as main() begins, before its first line runs
        code = interrupted()
    exit_from_python_m(code)
