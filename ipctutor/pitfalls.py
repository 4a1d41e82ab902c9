"""Break it, then fix it: each pitfall runs the broken code and then the fix, under the watchdog.

The code lives in stdlib-only modules (ipctutor/demos/pitfall_*.py); this catalogue says which
phases to run, how long a phase that is expected to hang may take, and what the runs showed.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from ipctutor.demos import PITFALL_NAMES
from ipctutor.i18n import language
from ipctutor.runner import DemoRun, run_demo


@dataclass(frozen=True)
class Phase:
    """One run of a pitfall: the broken code, a half fix, or the fix."""

    func: str  # the function in the pitfall's module
    label: dict[str, str]  # en / zh
    watchdog: float | None = None  # a shorter watchdog where this code is expected to hang
    start_method: str | None = None  # used unless the learner names one


@dataclass(frozen=True)
class Pitfall:
    topic: str
    name: str
    module: str
    title: dict[str, str]
    phases: tuple[Phase, ...]
    finding: Callable[[list[DemoRun]], tuple[bool, dict[str, str]]]
    size_help: dict[str, str] = field(default_factory=dict)  # what --size means here, if anything
    default_workers: int = 10

    def text(self, words: dict[str, str]) -> str:
        return words.get(language()) or words["en"]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def race_finding(runs):
    broken, fixed = (run.results or {} for run in runs)
    if not broken or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    lost, expected = broken["lost"], broken["expected"]
    shown = lost > 0 and fixed["lost"] == 0
    if shown:
        return True, {
            "en": f"Without the lock {lost:,} of {expected:,} updates were lost ({_pct(lost, expected)}); "
                  f"with get_lock() {fixed['lost']:,} were lost, in {fixed['seconds']} s instead of "
                  f"{broken['seconds']} s.",
            "zh": f"不加锁时 {expected:,} 次更新丢失了 {lost:,} 次（{_pct(lost, expected)}）；"
                  f"用 get_lock() 加锁后丢失 {fixed['lost']:,} 次，耗时 {fixed['seconds']} 秒"
                  f"（不加锁 {broken['seconds']} 秒）。"}
    return False, {
        "en": f"This time no update was lost without the lock ({expected:,} done): a race depends on "
              f"timing. Run it again, or with more --workers or a larger --size.",
        "zh": f"这次不加锁也没有丢失更新（共 {expected:,} 次）：竞态条件取决于时序。"
              f"再运行一次，或加大 --workers、--size 试试。"}


def join_finding(runs):
    broken, fixed = runs
    if broken.outcome == "timeout" and fixed.outcome == "ok":
        return True, {
            "en": f"Joining first: stuck until the watchdog stopped {len(broken.stopped)} process(es) "
                  f"after {broken.elapsed_s:.1f} s. Getting first: all {len(fixed.results)} items "
                  f"arrived and every child exited, in {fixed.elapsed_s:.2f} s.",
            "zh": f"先 join：一直卡住，{broken.elapsed_s:.1f} 秒后看门狗终止了 {len(broken.stopped)} 个进程。"
                  f"先 get：{len(fixed.results)} 个数据全部收到，子进程全部退出，用时 {fixed.elapsed_s:.2f} 秒。"}
    return False, {
        "en": f"Joining first ended as '{broken.outcome}' this time: items this small fit in the pipe. "
              f"Try a larger --size (above 65,515 bytes a single item never fits).",
        "zh": f"这次先 join 的结果是 '{broken.outcome}'：数据足够小，能放进管道缓冲区。"
              f"试试更大的 --size（单个数据超过 65,515 字节就一定放不下）。"}


def shared_end_finding(runs):
    broken, fixed = (run.results or {} for run in runs)
    if not broken or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    bad = broken["broken"] + broken["lost"]
    shown = bad > 0 and fixed["broken"] == 0 and fixed["lost"] == 0
    words = {
        "en": f"One Pipe end: {broken['intact']} of {broken['sent']} messages arrived intact, "
              f"{broken['broken']} arrived broken, and {broken['lost']} could never be read (once "
              f"the bytes mixed, a garbled length swallowed the rest). Queue: {fixed['intact']} of "
              f"{fixed['sent']} intact.",
        "zh": f"共用 Pipe 的一端：{broken['sent']} 条消息中完好到达 {broken['intact']} 条，损坏 "
              f"{broken['broken']} 条，另有 {broken['lost']} 条根本读不出来（字节一旦交错，"
              f"错乱的长度字段会吞掉后面的数据）。Queue：{fixed['sent']} 条中完好 {fixed['intact']} 条。"}
    if not shown:
        words["en"] += " Nothing broke this time: try a larger --size (above 16,384 bytes) or more --workers."
        words["zh"] += " 这次没有出错：试试更大的 --size（超过 16,384 字节）或更多 --workers。"
    return shown, words


def output_finding(runs):
    broken, lock_only, fixed = (run.results or {} for run in runs)
    if not broken or not lock_only or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    shown = (lock_only["reports_cut_apart"] or lock_only["broken_lines"]) and \
        not (fixed["reports_cut_apart"] or fixed["broken_lines"])
    words = {
        "en": f"Reports cut apart by other children's lines: no lock {broken['reports_cut_apart']} "
              f"of {broken['reports']}; lock without flush {lock_only['reports_cut_apart']}; "
              f"lock and flush {fixed['reports_cut_apart']}. Lines cut in half: "
              f"{broken['broken_lines']}, {lock_only['broken_lines']}, {fixed['broken_lines']}.",
        "zh": f"被其他子进程的输出切断的报告数：不加锁 {broken['reports_cut_apart']}/"
              f"{broken['reports']}；加锁但不 flush {lock_only['reports_cut_apart']}；"
              f"加锁并 flush {fixed['reports_cut_apart']}。被切成两半的行数：{broken['broken_lines']}、"
              f"{lock_only['broken_lines']}、{fixed['broken_lines']}。"}
    return bool(shown), words


def globals_finding(runs):
    broken, fixed = runs
    errors = sorted({row.error.split(" (")[0] for row in broken.children if row.error})
    if broken.outcome != "ok" and errors and fixed.outcome == "ok":
        return True, {
            "en": f"Using the global under {broken.start_method}: every child failed with "
                  f"{'; '.join(errors)}. Passed in args: all {len(fixed.results)} messages arrived.",
            "zh": f"在 {broken.start_method} 下使用全局变量：每个子进程都以 {';'.join(errors)} 失败。"
                  f"通过 args 传入：{len(fixed.results)} 条消息全部收到。"}
    return False, {
        "en": f"Under {broken.start_method} the global worked: a forked child is a copy of the parent, "
              f"globals included. Run it with --start-method spawn (the default on macOS and Windows, "
              f"and forkserver on Linux from Python 3.14).",
        "zh": f"在 {broken.start_method} 下全局变量能用：fork 出来的子进程是父进程的副本，全局变量也一起复制了。"
              f"用 --start-method spawn 再试（macOS 和 Windows 默认是 spawn，Linux 从 Python 3.14 起默认是 forkserver）。"}


PITFALLS: dict[tuple[str, str], Pitfall] = {
    ("value", "race"): Pitfall(
        "value", "race", "pitfall_value_race",
        {"en": "Lost updates: += on a shared Value without the lock", "zh": "更新丢失：不加锁对共享 Value 做 +="},
        (Phase("broken", {"en": "without the lock", "zh": "不加锁"}),
         Phase("fixed", {"en": "with get_lock()", "zh": "使用 get_lock()"})),
        race_finding,
        {"en": "increments per worker (default 20,000)", "zh": "每个进程的递增次数（默认 20,000）"},
        default_workers=4),
    ("queue", "join-before-get"): Pitfall(
        "queue", "join-before-get", "pitfall_queue_join",
        {"en": "Deadlock: join() before get() with big items", "zh": "死锁：数据较大时先 join() 再 get()"},
        (Phase("broken", {"en": "join, then get", "zh": "先 join 再 get"}, watchdog=4.0),
         Phase("fixed", {"en": "get, then join", "zh": "先 get 再 join"})),
        join_finding,
        {"en": "bytes per item (default 100,000)", "zh": "每个数据的字节数（默认 100,000）"},
        default_workers=4),
    ("pipe", "shared-end"): Pitfall(
        "pipe", "shared-end", "pitfall_pipe_shared",
        {"en": "Corruption: many writers on one end of a Pipe", "zh": "数据损坏：多个进程写同一个 Pipe 端"},
        (Phase("broken", {"en": "one Pipe end", "zh": "共用一个 Pipe 端"}, watchdog=20.0),
         Phase("fixed", {"en": "a Queue", "zh": "改用 Queue"})),
        shared_end_finding,
        {"en": "bytes per message (default 65,536)", "zh": "每条消息的字节数（默认 65,536）"}),
    ("lock", "no-lock"): Pitfall(
        "lock", "no-lock", "pitfall_lock_output",
        {"en": "Interleaved output: no lock, lock without flush, lock and flush",
         "zh": "输出交错：不加锁、加锁不 flush、加锁并 flush"},
        (Phase("broken", {"en": "no lock", "zh": "不加锁"}),
         Phase("lock_only", {"en": "lock, no flush", "zh": "加锁但不 flush"}),
         Phase("fixed", {"en": "lock and flush", "zh": "加锁并 flush"})),
        output_finding),
    ("queue", "spawn-globals"): Pitfall(
        "queue", "spawn-globals", "pitfall_queue_globals",
        {"en": "NameError: a global made by the parent, used in a spawned child",
         "zh": "NameError：子进程使用父进程里创建的全局变量"},
        (Phase("broken", {"en": "Queue used as a global", "zh": "把 Queue 当全局变量用"},
               watchdog=15.0, start_method="spawn"),
         Phase("fixed", {"en": "Queue passed in args", "zh": "通过 args 传入 Queue"})),
        globals_finding),
}


assert {(topic, name) for topic, names in PITFALL_NAMES.items() for name in names} == set(PITFALLS)


def pitfalls_of(topic: str) -> list[Pitfall]:
    return [p for (t, _), p in PITFALLS.items() if t == topic]


def run_pitfall(pitfall: Pitfall, *, workers: int | None, delay: float, start_method: str | None,
                timeout: float, size: int | None, on_phase: Callable) -> list[DemoRun]:
    """Run every phase in turn, each through `on_phase(pitfall, phase, start)`; stops early
    only if the learner presses Ctrl-C."""
    module = importlib.import_module(f"ipctutor.demos.{pitfall.module}")
    runs = []
    for phase in pitfall.phases:
        options = dict(workers=workers or pitfall.default_workers, delay=delay,
                       start_method=start_method or phase.start_method,
                       timeout=min(timeout, phase.watchdog) if phase.watchdog else timeout)
        target = partial(getattr(module, phase.func), size=size)
        run = on_phase(pitfall, phase, lambda **kw: run_demo(
            pitfall.topic, target=target, **options, **kw))
        runs.append(run)
        if run.outcome == "interrupted":
            break
    return runs

