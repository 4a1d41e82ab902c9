"""`run TOPIC --trace FILE.json`: the run as a Chrome trace-event file, which Perfetto opens.

The JSON Object Format of the Trace Event Format: {"traceEvents": [...]} with, per process, its
real PID, "M" metadata events naming it (process_name "child-0 (pid 1234)", process_sort_index),
one "X" complete event for its life, an "i" instant event for each mark, and an arrow (flow
events "s" and "f") from each message's sending to its receiving. ts and dur are
microseconds since the parent called the demo's run(), on the one clock every process read
(time.monotonic, CLOCK_MONOTONIC). Who measured each mark is in its args.
"""

from __future__ import annotations

import os
from pathlib import Path

from ipctutor.engine.run_record import DemoRun, Mark, ProcessRow
from ipctutor.i18n import t
from ipctutor.screen.render import sorted_rows


class TraceError(Exception):
    """A --trace file that cannot be written; the message is one line for the learner."""


def check_trace(path: Path) -> None:
    """Refuse, before anything runs, a --trace file that could not be written in the end."""
    if path.expanduser().is_dir():
        raise TraceError(t("trace_is_folder", file=path))
    if path.suffix.lower() != ".json":
        raise TraceError(t("trace_suffix", file=path))
    folder = path.expanduser().resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise TraceError(t("trace_folder", file=path, folder=folder))


def microseconds(run: DemoRun, at: float) -> float:
    return round((at - run.started_at) * 1e6, 3)


def who_measured(row: ProcessRow, mark: Mark) -> str:
    return (
        f"{row.name} itself" if mark.by == "self" else "the parent's monitor thread, from outside"
    )


def mark_name(mark: Mark) -> str:
    if mark.by == "parent":
        return {"seen": "PID first seen by the parent", "exited": "exit seen by the parent"}.get(
            mark.what, mark.what
        )
    return mark.what


def life_event(run: DemoRun, row: ProcessRow, pid: int | None, tid: int | None) -> dict | None:
    """One "X" event from the process's first mark to its last, saying who measured each end."""
    marks = sorted(row.marks, key=lambda m: m.at)
    if not marks:
        return None
    first, last = marks[0], marks[-1]
    name = "the demo's run()" if row.role == "parent" else f"{row.name} alive"
    args = {
        "begins": f"{mark_name(first)} (measured by {who_measured(row, first)})",
        "ends": f"{mark_name(last)} (measured by {who_measured(row, last)})",
        "role": row.role,
        "ppid": row.ppid,
        "state": row.state,
    }
    if row.exitcode is not None:
        args["exit_code"] = row.exitcode
    if row.error:
        args["error"] = row.error
    return {
        "name": name,
        "cat": row.role,
        "ph": "X",
        "pid": pid,
        "tid": tid,
        "ts": microseconds(run, first.at),
        "dur": round((last.at - first.at) * 1e6, 3),
        "args": args,
    }


SENDING = ("sent", "put")


def message_flows(
    run: DemoRun, tracks: dict[int | None, tuple[int | None, int | None]]
) -> list[dict]:
    """An arrow (flow events "s" then "f") from each message's sending to its receiving: a
    "received" mark paired with the earliest unpaired "sent" or "put" of the same value in
    another process that was reported before it."""
    import json

    def value(mark: Mark) -> str:  # the observer's short repr as it is; a demo's report as JSON
        return (
            mark.detail
            if isinstance(mark.detail, str)
            else json.dumps(mark.detail, sort_keys=True, default=repr)
        )

    sendings = sorted(
        (
            (m.at, row.pid, m)
            for row in run.rows.values()
            for m in row.marks
            if m.by == "self" and m.what in SENDING
        ),
        key=lambda item: item[0],
    )
    paired: set[int] = set()
    flows: list[dict] = []
    receivings = sorted(
        (
            (m.at, row.pid, m)
            for row in run.rows.values()
            for m in row.marks
            if m.by == "self" and m.what == "received"
        ),
        key=lambda item: item[0],
    )
    for at, receiver, received in receivings:
        for index, (sent_at, sender, sent) in enumerate(sendings):
            if (
                index in paired
                or sender == receiver
                or sent_at > at
                or value(sent) != value(received)
            ):
                continue
            paired.add(index)
            flow_id = len(flows) // 2 + 1
            name = f"message {value(sent)}"
            flows.append(
                {
                    "name": name,
                    "cat": "message",
                    "ph": "s",
                    "id": flow_id,
                    "pid": sender,
                    "tid": tracks[sender][1],
                    "ts": microseconds(run, sent_at),
                }
            )
            flows.append(
                {
                    "name": name,
                    "cat": "message",
                    "ph": "f",
                    "bp": "e",
                    "id": flow_id,
                    "pid": receiver,
                    "tid": tracks[receiver][1],
                    "ts": microseconds(run, at),
                }
            )
            break
    return flows


def trace_document(run: DemoRun) -> dict:
    """The whole run in the Trace Event Format's JSON Object Format."""
    events: list[dict] = []
    with run.lock:
        tracks: dict[int | None, tuple[int | None, int | None]] = {}  # pid -> (pid, tid)
        for index, row in enumerate(sorted_rows(run)):
            pid = row.pid
            tid = (
                row.tid or pid
            )  # a process that never reported: its main thread, whose TID is its PID
            tracks[pid] = (pid, tid)
            label = f"{row.name} ({'parent, ' if row.role == 'parent' else ''}pid {pid})"
            events.append(
                {"name": "process_name", "ph": "M", "pid": pid, "tid": tid, "args": {"name": label}}
            )
            events.append(
                {
                    "name": "process_sort_index",
                    "ph": "M",
                    "pid": pid,
                    "tid": tid,
                    "args": {"sort_index": index},
                }
            )
            events.append(
                {
                    "name": "thread_name",
                    "ph": "M",
                    "pid": pid,
                    "tid": tid,
                    "args": {"name": "main thread"},
                }
            )
            life = life_event(run, row, pid, tid)
            if life:
                events.append(life)
            for mark in sorted(row.marks, key=lambda m: m.at):
                args = {"measured_by": who_measured(row, mark)}
                if mark.detail is not None:
                    args["exit_code" if mark.what == "exited" else "detail"] = mark.detail
                events.append(
                    {
                        "name": mark_name(mark),
                        "cat": mark.by,
                        "ph": "i",
                        "s": "t",
                        "pid": pid,
                        "tid": tid,
                        "ts": microseconds(run, mark.at),
                        "args": args,
                    }
                )
        events.extend(message_flows(run, tracks))
    return {
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "tool": "ipctutor",
            "topic": run.topic,
            "start_method": run.start_method,
            "parent_pid": run.parent_pid,
            "outcome": run.outcome,
            "clock": "time.monotonic() (CLOCK_MONOTONIC), microseconds since the "
            "parent called the demo's run()",
        },
    }


def write_trace(path: Path, run: DemoRun) -> None:
    """Write the trace atomically; TraceError (one line) if it cannot be written."""
    from ipctutor.content.jsonfile import write_json

    try:
        write_json(path.expanduser(), trace_document(run), default=repr)
    except OSError as exc:
        raise TraceError(t("trace_failed", file=path, error=exc.strerror or exc)) from None
