"""Where each process of a stuck run is stuck: faulthandler's stack dumps read back as one line each.

faulthandler writes, for every thread, `Thread 0x... (most recent call first):` (or `Current
thread ...`) and then lines `  File "path", line N in func`, innermost first. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ipctutor.i18n import t

THREAD = re.compile(r"^(Current thread|Thread) 0x[0-9a-f]+")
FRAME = re.compile(r'^\s+File "(.*)", line (\d+) in (.+)$')

WRITES = {"_send", "_send_bytes", "send_bytes", "send", "write", "flush"}
READS = {"_recv", "_recv_bytes", "recv_bytes", "recv", "read", "readinto", "get"}


@dataclass(frozen=True)
class Frame:
    path: str
    line: int
    func: str


def looks_whole(text: str) -> bool:
    """A dump with a thread's header and at least one whole line under it. faulthandler writes a
    dump piece by piece from the signal handler; a reader that comes while it writes may see the
    header alone. The caller also waits until the text stops growing."""
    return "most recent call first" in text and "\n  " in text and text.endswith("\n")


def parse_dump(text: str) -> list[list[Frame]]:
    """The threads of one dump, each a list of frames, innermost first; the current thread first."""
    threads: list[list[Frame]] = []
    current_first: list[Frame] | None = None
    for raw in text.splitlines():
        head = THREAD.match(raw)
        if head:
            threads.append([])
            if head.group(1) == "Current thread":
                current_first = threads[-1]
            continue
        frame = FRAME.match(raw)
        if frame and threads:
            threads[-1].append(Frame(frame.group(1), int(frame.group(2)), frame.group(3)))
    if current_first is not None:
        threads.remove(current_first)
        threads.insert(0, current_first)
    return [thread for thread in threads if thread]


def thread_line(frames: list[Frame], learner_path: str, source: Sequence[str] = ()) -> str:
    """What one thread is doing, in the learner's words: the call it waits in and the line of theirs."""
    funcs = [f.func for f in frames]
    if "_feed" in funcs:
        if WRITES & set(funcs[: funcs.index("_feed")]):
            return t("stack_feeder_writes")
        return t("stack_feeder_waits")
    if "_finalize_join" in funcs or "_exit_function" in funcs:
        return t("stack_exiting_feeder") if "_finalize_join" in funcs else t("stack_exiting")
    mine = next((i for i, f in enumerate(frames) if same_file(f.path, learner_path)), None)
    if mine is None:
        return t("stack_waits_in", func=frames[0].func)
    line = frames[mine].line
    code = source[line - 1].strip() if 0 < line <= len(source) else "?"
    if (
        mine == 0
    ):  # waiting in something written in C (Lock.acquire, time.sleep): the line says what
        return t("stack_at_line", line=line, code=code)
    return t("stack_waits_at", func=frames[mine - 1].func, line=line, code=code)


def same_file(path: str, learner_path: str) -> bool:
    """A spawned child may see the script under a relative name: compare the file names."""
    return path == learner_path or path.rsplit("/", 1)[-1] == learner_path.rsplit("/", 1)[-1]


def process_line(threads: list[list[Frame]], learner_path: str, source: Sequence[str] = ()) -> str:
    """One line for a process: its main thread, then any feeder thread blocked writing to a pipe
    nobody reads. A feeder waiting for items is idle, not what holds the process: naming it beside
    "waits for its feeder to flush" would contradict it (the flush waits on a feeder that writes,
    one of the process's other queues may have an idle one)."""
    if not threads:
        return t("stack_no_dump")
    parts = [thread_line(threads[0], learner_path, source)]
    writes = t("stack_feeder_writes")
    for thread in threads[1:]:
        if any(f.func == "_feed" for f in thread):
            line = thread_line(thread, learner_path, source)
            if line == writes and line not in parts:
                parts.append(line)
    return t("stack_and").join(parts)
