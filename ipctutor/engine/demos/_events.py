"""How a demo's processes tell what they did: to the tutor's live panel, or as printed lines.

Stdlib only: every child process imports this module, and under spawn and forkserver a child pays
for every import again. `ipctutor show` pastes this file into the standalone script it prints.
"""

import functools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time


class Events:
    """A report channel from every process of a demo back to whoever runs it.

    Made with a multiprocessing context, the reports travel through a one-way pipe to the tutor,
    which draws them in a panel. Many children share its writing end without a lock: each report
    is one write of at most PIPE_BUF bytes, which the system writes whole (the very rule the Pipe
    lesson teaches). Made without a context, as in a standalone script, each report is printed.
    """

    PIPE_BUF = 4096  # POSIX: writes up to this size into a pipe are never interleaved

    def __init__(self, ctx=None, fail=None):
        self.fail = fail  # the number of a child told to raise, to show what a crash looks like
        self.reader = self._writer = None
        if ctx is not None:
            self.reader, self._writer = ctx.Pipe(duplex=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["reader"] = None  # children only write; the reading end stays with the parent
        return state

    @property
    def to_tutor(self):
        """True when the tutor is watching; False in a standalone script, which just prints."""
        return self._writer is not None

    def say(self, what, detail=None):
        """Report one step of this process: `what` is a state word, `detail` any small value."""
        record = {
            "name": multiprocessing.current_process().name,
            "pid": os.getpid(),
            "ppid": os.getppid(),
            "what": what,
            "detail": detail,
            # Measured here, at the moment of the step. time.monotonic() is CLOCK_MONOTONIC on
            # Linux: one system-wide clock that every process reads alike and no clock change
            # moves, so the tutor can put every process's steps on one time axis.
            "time": time.monotonic(),
            "tid": threading.get_native_id(),
        }
        if not self.to_tutor:
            extra = "" if detail is None else f" {detail!r}"
            line = (
                f"{record['name']:>10}  pid={record['pid']}  ppid={record['ppid']}  {what}{extra}"
            )
            sys.stdout.write(
                line + "\n"
            )  # one write per line: lines from many processes stay whole
            sys.stdout.flush()
            return
        data = pickle.dumps(record)
        if len(data) + 4 > self.PIPE_BUF:  # too long to arrive whole: send a shortened detail
            record["detail"] = repr(detail)[:200] + "…"
            data = pickle.dumps(record)
        self._writer.send_bytes(data)  # header and bytes in one write

    def child_started(self):
        """Called first thing in a child: say hello, and leave Ctrl-C to the tutor."""
        if self.to_tutor:
            # The terminal sends Ctrl-C to every process in the foreground group. The tutor
            # stops its children itself, so they ignore it rather than print tracebacks.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.say("running")
        if self.fail is not None and multiprocessing.current_process().name == f"child-{self.fail}":
            raise RuntimeError(f"child-{self.fail} was told to fail (--fail {self.fail})")


def describe(exc):
    """`NameError: name 'q' is not defined (demo.py:12, child())`: the error and where it was
    (in no language: the learner may read Chinese)."""
    frames = exc.__traceback__ and __import__("traceback").extract_tb(exc.__traceback__)
    where = (
        f" ({os.path.basename(frames[-1].filename)}:{frames[-1].lineno}, {frames[-1].name}())"
        if frames
        else ""
    )
    return f"{type(exc).__name__}: {exc}{where}"


def child_process(func):
    """Wrap a child's target so that it reports running, done or failed (type and message)."""

    @functools.wraps(func)
    def reported(*args, **kwargs):
        events = next(a for a in (*args, *kwargs.values()) if isinstance(a, Events))
        try:
            events.child_started()
            result = func(*args, **kwargs)
        except BaseException as exc:
            events.say("failed", describe(exc))
            if not events.to_tutor:
                raise  # a plain script: Python prints the traceback as usual
            sys.exit(1)  # the tutor shows the error; a traceback would tear through its panel
        events.say("done")
        return result

    return reported


def standalone(run, description):
    """Run a demo as a plain script: `python demo.py --workers 4 --start-method spawn`."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workers", type=int, default=10, help="how many child processes")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument(
        "--start-method",
        choices=["fork", "spawn", "forkserver"],
        help="how children are started (default: the platform's)",
    )
    args = parser.parse_args()
    ctx = multiprocessing.get_context(args.start_method)
    print(f"parent pid={os.getpid()}  start method={ctx.get_start_method()}", flush=True)
    results = run(ctx, args.workers, args.delay, Events())
    print("parent got:", flush=True)
    for item in results if isinstance(results, list) else results.items():
        print("   ", item, flush=True)
