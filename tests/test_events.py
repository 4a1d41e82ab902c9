"""The report channel: many children share one pipe end without a lock, and nothing breaks."""
from __future__ import annotations

import multiprocessing
import pickle

import pytest

from ipctutor.demos._events import Events

REPORTS = 200


def chatter(events, n):
    for i in range(REPORTS):
        events.say("sent", ["x" * 300, n, i])  # ~350 bytes each: many writes at once


def shout(events):
    events.say("sent", "y" * 20_000)  # far above PIPE_BUF: must be shortened, not split


def read_all(events, expected):
    records = []
    while len(records) < expected and events.reader.poll(10):
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
    assert sorted((r["detail"][1], r["detail"][2]) for r in records) == \
        [(n, i) for n in range(8) for i in range(REPORTS)]
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
