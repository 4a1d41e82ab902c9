"""The report channel: many children share one pipe end without a lock, and nothing breaks."""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import time

import pytest

from ipctutor.engine.demos._events import Events

REPORTS = 200


def chatter(events, n):
    for i in range(REPORTS):
        events.say("sent", ["x" * 300, n, i])  # ~350 bytes each: many writes at once


def shout(events):
    events.say("sent", "y" * 20_000)  # far above PIPE_BUF: must be shortened, not split


def read_all(events, expected):
    records = []
    while len(records) < expected and events.reader.poll(
        120
    ):  # a guard only: spawned children start slowly under load
        records.append(pickle.loads(events.reader.recv_bytes()))
    return records


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_many_writers_never_interleave(method):
    ctx = multiprocessing.get_context(method)
    events = Events(ctx)
    children = [ctx.Process(target=chatter, args=(events, n)) for n in range(8)]
    for p in children:
        p.start()
    records = read_all(events, 8 * REPORTS)  # read while they write: a full pipe would block them
    for p in children:
        p.join(timeout=30)
    assert len(records) == 8 * REPORTS  # every record unpickled: none was torn
    assert sorted((r["detail"][1], r["detail"][2]) for r in records) == [
        (n, i) for n in range(8) for i in range(REPORTS)
    ]
    assert {r["pid"] for r in records} == {p.pid for p in children}


def test_a_huge_detail_is_shortened_to_one_atomic_write():
    ctx = multiprocessing.get_context("fork")
    events = Events(ctx)
    p = ctx.Process(target=shout, args=(events,))
    p.start()
    (record,) = read_all(events, 1)
    p.join(timeout=30)
    assert record["what"] == "sent" and record["detail"].endswith("…")
    assert len(pickle.dumps(record)) + 4 <= Events.PIPE_BUF


def report_once(events):
    events.say("sent", ["hello", 0])


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_report_carries_its_moment_on_the_clock_every_process_shares(method):
    """The child reads time.monotonic() itself; it falls between two readings of the parent's,
    taken before the child existed and after its report arrived, even in a fresh interpreter."""
    ctx = multiprocessing.get_context(method)
    events = Events(ctx)
    p = ctx.Process(target=report_once, args=(events,))
    before = time.monotonic()
    p.start()
    (record,) = read_all(events, 1)
    after = time.monotonic()
    p.join(timeout=30)
    assert before < record["time"] < after
    assert record["tid"] == p.pid  # reported from its main thread, whose TID is its PID
    assert len(pickle.dumps(record)) + 4 <= Events.PIPE_BUF  # still one atomic write


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="names Linux's clock")
def test_the_clock_is_clock_monotonic_which_no_clock_change_moves():
    info = time.get_clock_info("monotonic")
    assert info.implementation == "clock_gettime(CLOCK_MONOTONIC)" and not info.adjustable
