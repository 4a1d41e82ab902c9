"""Ctrl-C held back while processes are born: once, at the end of the outermost hold, and a Pool
interrupted while it is being built leaves no process and no thread behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from ipctutor.engine.births import SigintHeld
from ipctutor.engine.runner import WatchedContext


def test_a_hold_inside_a_hold_leaves_the_ctrl_c_to_the_outer_one():
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with SigintHeld():
            with SigintHeld():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
            reached.append("after the inner hold")
    assert reached == ["after the inner hold"]


def test_a_hold_raises_nothing_without_a_ctrl_c_and_puts_the_handler_back():
    before = signal.getsignal(signal.SIGINT)
    with SigintHeld():
        with SigintHeld():
            pass
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_ctrl_c_while_a_pool_is_built_terminates_the_whole_pool(method):
    ctx = WatchedContext(multiprocessing.get_context(method))
    made = []

    def ctrl_c_at_the_second_worker():
        made.append(True)
        if len(made) == 2:
            os.kill(os.getpid(), signal.SIGINT)

    ctx.on_made = ctrl_c_at_the_second_worker
    with pytest.raises(KeyboardInterrupt):
        ctx.Pool(4)
    # built whole (all four workers), then terminated: no worker left, none started again
    assert len(ctx.made) == 4
    time.sleep(0.5)  # a worker-handler thread still running would have replaced them by now
    assert [p.name for p in ctx.made if p.is_alive()] == []
    assert len(ctx.made) == 4
    assert [t.name for t in threading.enumerate() if "_handle_" in t.name] == []
