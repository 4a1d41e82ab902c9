"""Break it, then fix it: each pitfall runs its broken script and then the fix, under the observer.

Every phase is a plain script (ipctutor/engine/plain/TOPIC_PITFALL_PHASE.py, what a learner can
copy and run with python) run by watch_script: its processes, their exit codes and tracebacks are
what the observer saw, and its results are the lines it printed itself. This catalogue says which
scripts to run, how long a phase that is expected to hang may take, and what the runs showed: each
finding reads the printed lines and the observed processes, never a Python object a demo returned.
Every sentence is a message of ipctutor/i18n.py, in English and Chinese.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Callable

from ipctutor.engine.demos import PITFALL_NAMES
from ipctutor.engine.run_record import DemoRun, ProcessRow, natural_key
from ipctutor.engine.scripts import phase_path
from ipctutor.i18n import MESSAGES, language

WRONG_KEY_CHILD = 1  # connection_wrong_key_*.py: child 1 dials first, with a key of its own
FORK_WARNING = "is multi-threaded, use of fork() may lead to deadlocks in the child"


def words(key: str, **values) -> dict[str, str]:
    """Message `key` of the catalogue, filled in, in every language: a finding is shown in the
    learner's language and written to --json in it, and the two must say the same."""
    return {
        lang: text.format(
            **{
                name: value[lang] if isinstance(value, dict) else value
                for name, value in values.items()
            }
        )
        for lang, text in MESSAGES[key].items()
    }


@dataclass(frozen=True)
class Phase:
    """One run of a pitfall: the broken code, a half fix, or the fix."""

    func: str  # the phase's name: its script is plain/TOPIC_PITFALL_FUNC.py
    label: dict[str, str]  # en / zh
    watchdog: float | None = None  # a shorter watchdog where this code is expected to hang
    start_method: str | None = None  # used unless the learner names one
    prompt: bool = False  # its code typed at the >>> prompt (`python -i`): __main__ has no file


@dataclass(frozen=True)
class Pitfall:
    topic: str
    name: str
    title: dict[str, str]
    phases: tuple[Phase, ...]
    finding: Callable[[list[DemoRun]], tuple[bool, dict[str, str]]]
    size_help: dict[str, str] = field(default_factory=dict)  # what --size means here, if anything
    default_workers: int = 10

    def text(self, words: dict[str, str]) -> str:
        return words.get(language()) or words["en"]

    def script(self, phase: Phase):
        return phase_path(self.topic, self.name, phase.func)


# ---------------------------------------------------------------- what a run showed


def printed(run: DemoRun, fd: int = 1) -> list[tuple[ProcessRow, str]]:
    """Every line the run's processes printed (stdout unless fd=2), with the process that did."""
    with run.lock:
        return [
            (row, line.line) for row in run.rows.values() for line in row.printed if line.fd == fd
        ]


def lines_like(run: DemoRun, pattern: str) -> list[re.Match]:
    """The printed lines that match `pattern` from start to end, in the order they were printed."""
    found = [(row, re.fullmatch(pattern, line)) for row, line in printed(run)]
    return [match for _, match in found if match]


def said(run: DemoRun, pattern: str) -> re.Match | None:
    """The last printed line that matches `pattern`: a script's result, in its own words."""
    found = lines_like(run, pattern)
    return found[-1] if found else None


def error_of(row: ProcessRow) -> str | None:
    """`NameError: name 'q' is not defined`: a process's uncaught exception, without its module
    path and without where it happened."""
    if not row.error:
        return None
    return re.sub(r"^(?:\w+\.)+(\w+: )", r"\1", row.error)  # where it happened is row.where


def _dead_workers(run: DemoRun) -> list[ProcessRow]:
    """The workers of a run that ended by themselves with a non-zero exit code (not stopped)."""
    return [
        row
        for row in run.children
        if row.exitcode is not None and row.exitcode > 0 and row.name not in run.stopped
    ]


def _not_finished() -> tuple[bool, dict[str, str]]:
    return False, words("pitfall_not_finished")


def _ended_as(broken: DemoRun, fixed: DemoRun) -> tuple[bool, dict[str, str]]:
    return False, words(
        "pitfall_ended_as", broken=phase_outcome(broken), fixed=phase_outcome(fixed)
    )


COUNTED = {  # a noun -> its messages for one and for many
    "process": ("count_process", "count_processes"),
    "worker": ("count_worker", "count_workers"),
    "task": ("count_task", "count_tasks"),
}


def counted(n: int, noun: str) -> dict[str, str]:
    """ "1 process", "3 processes" (and in Chinese), never "process(es)"."""
    one, many = COUNTED[noun]
    return words(one) if n == 1 else words(many, n=n)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


# ---------------------------------------------------------------- the findings


TOTAL = r"total: (\d+) of (\d+), (\d+) updates lost, in ([\d.]+) s"


def race_finding(runs):
    broken, fixed = (said(run, TOTAL) for run in runs)
    if not broken or not fixed:
        return _not_finished()
    lost, expected, fixed_lost = int(broken[3]), int(broken[2]), int(fixed[3])
    if lost > 0 and fixed_lost == 0:
        return True, words(
            "pitfall_race_shown",
            workers=runs[0].workers,
            lost=lost,
            expected=expected,
            pct=_pct(lost, expected),
            fixed_lost=fixed_lost,
            fixed_s=fixed[4],
            broken_s=broken[4],
        )
    return False, words("pitfall_race_not_shown", expected=expected)


GOT_ITEMS = r"got: (\d+) items of ([\d,]+) bytes, and every child has exited"


def join_finding(runs):
    broken, fixed = runs
    got = said(fixed, GOT_ITEMS)
    if broken.outcome == "timeout" and fixed.outcome == "ok" and got:
        return True, words(
            "pitfall_join_shown",
            stopped=counted(len(broken.stopped), "process"),
            broken_s=broken.elapsed_s,
            items=int(got[1]),
            fixed_s=fixed.elapsed_s,
        )
    return False, words("pitfall_join_not_shown", outcome=phase_outcome(broken))


MESSAGES_TALLY = r"messages: (\d+) of (\d+) intact, (\d+) broken, (\d+) lost"


def shared_end_finding(runs):
    broken, fixed = (said(run, MESSAGES_TALLY) for run in runs)
    if not broken or not fixed:
        return _not_finished()
    intact, sent, bad, lost = (int(broken[i]) for i in (1, 2, 3, 4))
    shown = bad + lost > 0 and fixed[3] == "0" and fixed[4] == "0"
    found = words(
        "pitfall_shared_end",
        intact=intact,
        sent=sent,
        broken=bad,
        lost=lost,
        fixed_intact=int(fixed[1]),
        fixed_sent=int(fixed[2]),
    )
    if not shown:
        found = {
            lang: text + " " + words("pitfall_shared_end_not_shown")[lang]
            for lang, text in found.items()
        }
    return shown, found


REPORTS = r"reports cut apart: (\d+) of (\d+); lines cut in half: (\d+); whole lines: (\d+) in (\d+) stretches"


def output_finding(runs):
    broken, lock_only, fixed = (said(run, REPORTS) for run in runs)
    if not broken or not lock_only or not fixed:
        return _not_finished()
    shown = (lock_only[1] != "0" or lock_only[3] != "0") and fixed[1] == "0" and fixed[3] == "0"
    return shown, words(
        "pitfall_output",
        cut=int(broken[1]),
        reports=int(broken[2]),
        lock_cut=int(lock_only[1]),
        fixed_cut=int(fixed[1]),
        halves=int(broken[3]),
        lock_halves=int(lock_only[3]),
        fixed_halves=int(fixed[3]),
    )


def globals_finding(runs):
    broken, fixed = runs
    errors = sorted({error_of(row) for row in broken.children if error_of(row)})
    received = said(fixed, r"received: (\d+) messages")
    if broken.outcome != "ok" and errors and fixed.outcome == "ok" and received:
        return True, words(
            "pitfall_globals_shown",
            method=broken.start_method,
            errors={"en": "; ".join(errors), "zh": "；".join(errors)},
            messages=int(received[1]),
        )
    return False, words("pitfall_globals_not_shown", method=broken.start_method)


BLOCK = r"after everyone closed it: block (\S+) \(([\d,]+) bytes\) is (still there|gone)"


def _remove_if_left(name: str) -> bool:
    """Unlink a block a broken run left behind, if it is still there: True if it was."""
    from multiprocessing import shared_memory

    try:
        block = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        return False
    block.close()
    block.unlink()
    return True


def unlink_finding(runs):
    broken, fixed = (said(run, BLOCK) for run in runs)
    written = said(runs[0], r"written: \[(.*)\]")
    if not broken or not fixed or not written:
        return _not_finished()
    left, gone = broken[3] == "still there", fixed[3] == "gone"
    if _remove_if_left(broken[1]):  # the tracker did not clean up (it was stopped): the tutor does
        after = "pitfall_unlink_removed_by_tutor"
    elif "leaked shared_memory objects" in runs[0].output:
        after = "pitfall_unlink_removed_by_tracker"
    else:
        after = "pitfall_unlink_gone"
    place = words("pitfall_still_there" if left else "pitfall_gone")
    fixed_place = words("pitfall_gone" if gone else "pitfall_still_there")
    children = len([n for n in written[1].split(",") if n.strip()])
    found = words(
        "pitfall_unlink",
        children=children,
        block=broken[1],
        bytes=broken[2],
        left="{left}",
        after="{after}",
        fixed_block=fixed[1],
        fixed_left="{fixed_left}",
    )
    ending = words(after)
    found = {
        lang: text.format(left=place[lang], after=ending[lang], fixed_left=fixed_place[lang])
        for lang, text in found.items()
    }
    return left and gone, found


NUMPY_ARRAY = r"array: (\w+) of ([\d,]+) float64.*"
READ_BACK = r"parent reads back a\[:(\d+)\] = \[(.*)\]"
WROTE = (
    r"child (\d+): pid \d+, (?:got a copy|on \S+), wrote a\[\d+\] = (\S+), "
    r"in ([\d.]+) s, peak memory ([\d,]+) KiB"
)
PARENT_PEAK = r"parent: pid \d+, in ([\d.]+) s, peak memory ([\d,]+) KiB"


def _writes_seen(run: DemoRun) -> tuple[int, int] | None:
    """How many of the workers' writes the parent read back after they had all exited: each
    worker printed the value it wrote into its item, the parent printed what it then read."""
    read = said(run, READ_BACK)
    wrote = {int(m[1]): m[2] for m in lines_like(run, WROTE)}
    if not read:
        return None
    values = [value.strip() for value in read[2].split(",")]
    return sum(wrote.get(n) == value for n, value in enumerate(values)), len(values)


def numpy_copy_finding(runs):
    """Judged on what the parent read back once every worker had written and exited (a copy
    keeps a worker's write to itself); the times and peak memory are this run's figures, shown,
    never judged."""
    broken, fixed = runs
    kind, seen, fixed_seen = said(broken, NUMPY_ARRAY), _writes_seen(broken), _writes_seen(fixed)
    workers, fixed_workers = lines_like(broken, WROTE), lines_like(fixed, WROTE)
    parent, fixed_parent = said(broken, PARENT_PEAK), said(fixed, PARENT_PEAK)
    if not (kind and seen and fixed_seen and workers and fixed_workers and parent and fixed_parent):
        return (
            _ended_as(broken, fixed)
            if "failed" in (broken.outcome, fixed.outcome)
            else _not_finished()
        )

    def peak(matches: list[re.Match]) -> str:
        return f"{max(int(m[4].replace(',', '')) for m in matches):,}"

    def slowest(matches: list[re.Match]) -> float:
        return max(float(m[3]) for m in matches)

    shown = seen[0] == 0 and fixed_seen[0] == fixed_seen[1] > 0
    found = words(
        "pitfall_numpy_copy_shown" if shown else "pitfall_numpy_copy_not_shown",
        kind=kind[1],
        items=kind[2],
        workers=seen[1],
        seen=seen[0],
        fixed_seen=fixed_seen[0],
        fixed_workers=fixed_seen[1],
        peak=peak(workers),
        fixed_peak=peak(fixed_workers),
        slowest=slowest(workers),
        fixed_slowest=slowest(fixed_workers),
        parent_peak=parent[2],
        fixed_parent_peak=fixed_parent[2],
    )
    if kind[1] != "ndarray":  # NumPy is not installed: the scripts used array.array, a memoryview
        note = words("pitfall_numpy_copy_without_numpy")
        found = {lang: text + note[lang] for lang, text in found.items()}
    return shown, found


SEMAPHORE = (
    r"most inside at once: (\d+) \(room for (\d+)\); semaphore value at the end: (\w+); "
    r"failed workers: (\d+) of (\d+)"
)


def release_finding(runs):
    broken, bounded, fixed = (said(run, SEMAPHORE) for run in runs)
    if not broken or not bounded or not fixed:
        return _not_finished()
    room = int(broken[2])
    errors = sorted({error_of(row) for row in runs[1].children if error_of(row)})
    shown = bounded[4] != "0" and fixed[4] == "0" and int(fixed[1]) <= room and broken[4] == "0"
    grown = (
        words("pitfall_release_grown", value=broken[3])
        if broken[3].isdigit()
        else {"en": "", "zh": ""}
    )
    found = words(
        "pitfall_release",
        room=room,
        grown="{grown}",
        most=int(broken[1]),
        failed=counted(int(bounded[4]), "worker"),
        errors={
            "en": "; ".join(errors) or MESSAGES["pitfall_no_error"]["en"],
            "zh": "；".join(errors) or MESSAGES["pitfall_no_error"]["zh"],
        },
        fixed_most=int(fixed[1]),
    )
    return shown, {lang: text.format(grown=grown[lang]) for lang, text in found.items()}


def task_done_finding(runs):
    broken, fixed = runs
    failed = len(lines_like(broken, r"child \d+: pid \d+ task \d+ failed: .*"))
    worked = len(lines_like(broken, r"child \d+: pid \d+ task \d+ done: \d+"))
    joined = said(fixed, r"parent: join\(\) returned, all (\d+) tasks are over")
    if broken.outcome == "timeout" and fixed.outcome == "ok" and failed and joined:
        fixed_failed = len(lines_like(fixed, r"child \d+: pid \d+ task \d+ failed: .*"))
        return True, words(
            "pitfall_task_done_shown",
            handled=worked + failed,
            failed=failed,
            worked=worked,
            broken_s=broken.elapsed_s,
            stopped=len(broken.stopped),
            tasks=int(joined[1]),
            fixed_failed=fixed_failed,
            fixed_s=fixed.elapsed_s,
        )
    return False, words(
        "pitfall_task_done_not_shown", outcome=phase_outcome(broken), failed=counted(failed, "task")
    )


def kept_end_finding(runs):
    broken, fixed = runs
    got = len(lines_like(broken, r"parent: got \['hello', \d+\]"))
    children = [row for row in broken.children if row.role == "child"]
    gone = sum(row.name not in broken.stopped and row.exitcode == 0 for row in children)
    tally = said(fixed, r"messages: (\d+), EOFs: (\d+)")
    if broken.outcome == "timeout" and fixed.outcome == "ok" and tally:
        return True, words(
            "pitfall_kept_end_shown",
            got=got,
            children=len(children),
            broken_s=broken.elapsed_s,
            gone=gone,
            messages=int(tally[1]),
            eofs=int(tally[2]),
            fixed_s=fixed.elapsed_s,
        )
    return _ended_as(broken, fixed)


def wrong_key_finding(runs):
    broken, fixed = runs
    parent_error = error_of(broken.rows[broken.parent_pid]) or ""
    served = len(lines_like(broken, r"parent: served \[.*\]"))
    wrong = f"child-{WRONG_KEY_CHILD}"
    unserved = sorted(
        (
            row.name
            for row in broken.children
            if row.role == "child"
            and row.name != wrong
            and not any("sent ['hello'" in line.line for line in row.printed)
        ),
        key=natural_key,
    )
    tally = said(fixed, r"served: (\d+), refused: (\d+)")
    if (
        broken.outcome == "failed"
        and "AuthenticationError" in parent_error
        and unserved
        and fixed.outcome == "ok"
        and tally
        and tally[2] == "1"
    ):
        callers = len([row for row in broken.children if row.role == "child"])
        return True, words(
            "pitfall_wrong_key_shown",
            error=parent_error,
            wrong=wrong,
            served=served,
            callers=callers,
            unserved={"en": ", ".join(unserved), "zh": "、".join(unserved)},
            fixed_served=int(tally[1]),
            refused=int(tally[2]),
        )
    return _ended_as(broken, fixed)


FUTURES = r"futures: (\d+) returned, (\d+) BrokenProcessPool, (\d+) RuntimeError, of (\d+) \(task (\d+) the \w+ one\)"


def worker_dies_finding(runs):
    broken, fixed = (said(run, FUTURES) for run in runs)
    broken_more, fixed_more = (
        said(run, r"one more task: (accepted|BrokenProcessPool)\b.*") for run in runs
    )
    if not broken or not fixed or not broken_more or not fixed_more:
        return _not_finished()
    dead = _dead_workers(runs[0])
    shown = (
        broken[2] != "0"
        and broken_more[1] == "BrokenProcessPool"
        and fixed[3] == "1"
        and fixed[2] == "0"
        and fixed_more[1] == "accepted"
    )
    code = words("pitfall_exit_code", code=dead[0].exitcode) if dead else {"en": "", "zh": ""}
    found = words(
        "pitfall_worker_dies",
        deadly=int(broken[5]),
        code="{code}",
        broken=int(broken[2]),
        tasks=int(broken[4]),
        returned=int(broken[1]),
        fixed_returned=int(fixed[1]),
    )
    return shown, {lang: text.format(code=code[lang]) for lang, text in found.items()}


def pool_hangs_finding(runs):
    broken, fixed = runs
    dead = _dead_workers(broken)
    workers = [row for row in broken.children if row.role == "pool worker"]
    raised = said(fixed, r"starmap\(\) raised (RuntimeError: .*)")
    if broken.outcome == "timeout" and dead and raised and fixed.outcome == "ok":
        return True, words(
            "pitfall_pool_hangs_shown",
            code=dead[0].exitcode,
            processes=len(workers),
            places=broken.workers,
            broken_s=broken.elapsed_s,
            raised=raised[1],
            fixed_s=fixed.elapsed_s,
        )
    return _ended_as(broken, fixed)


def fork_threads_finding(runs):
    broken, fixed = runs
    waiting = len(lines_like(broken, r"child \d+: pid \d+ waiting for the lock"))
    got = len(lines_like(broken, r"child \d+: pid \d+ got the lock"))
    fixed_method = said(fixed, r"parent: pid \d+, start method (\w+)")
    fixed_got = said(fixed, r"got the lock: (\d+) of (\d+) children")
    python = "%d.%d" % sys.version_info[:2]  # the scripts run on the tutor's own interpreter
    warned = [line.split(") ", 1)[-1] for _, line in printed(broken, fd=2) if FORK_WARNING in line]
    if warned:
        note = words("pitfall_fork_warned", python=python, warning=warned[0].strip())
    else:
        note = words(
            "pitfall_fork_no_warning_before_312"
            if sys.version_info < (3, 12)
            else "pitfall_fork_no_warning",
            python=python,
        )
    method = fixed_method[1] if fixed_method else fixed.start_method
    shown = (
        broken.start_method == "fork"
        and broken.outcome == "timeout"
        and bool(waiting)
        and not got
        and fixed.outcome == "ok"
        and method != "fork"
        and fixed_got is not None
    )
    if shown and fixed_got:
        found = words(
            "pitfall_fork_threads_shown",
            waiting=waiting,
            stopped=counted(len(broken.stopped), "process"),
            broken_s=broken.elapsed_s,
            note="{note}",
            method=method,
            got=int(fixed_got[1]),
            fixed_s=fixed.elapsed_s,
        )
    else:
        found = words(
            "pitfall_fork_threads_not_shown",
            method=broken.start_method,
            outcome=phase_outcome(broken),
            got=got,
            waiting=waiting,
            fixed_method=method,
            fixed_outcome=phase_outcome(fixed),
            note="{note}",
        )
    return shown, {lang: text.format(note=note[lang]) for lang, text in found.items()}


def chatty_proxy_finding(runs):
    broken, fixed = runs
    if broken.outcome != "ok" or fixed.outcome != "ok":
        return _ended_as(broken, fixed)
    sent = r"child \d+: pid \d+ wrote (\d+) items in (\d+) calls?, ([\d.]+) s"
    chatty, batched = lines_like(broken, sent), lines_like(fixed, sent)
    server = said(broken, r"manager: serving a dict on ([\d.]+):(\d+)")
    stored, fixed_stored = (
        said(run, r"stored: (\d+) items, (all right|some wrong)") for run in runs
    )
    if not chatty or not batched or not server or not stored or not fixed_stored:
        return _not_finished()
    # each worker timed its own writes; they wrote at the same time, so the slowest one counts
    chatty_s, batched_s = max(float(m[3]) for m in chatty), max(float(m[3]) for m in batched)
    writes, batched_writes = sum(int(m[2]) for m in chatty), sum(int(m[2]) for m in batched)
    ratio = chatty_s / batched_s if batched_s else float("inf")
    shown = (
        writes > batched_writes
        and chatty_s > batched_s
        and stored[2] == fixed_stored[2] == "all right"
    )
    return shown, words(
        "pitfall_chatty_proxy",
        workers=len(chatty),
        writes=writes,
        host=server[1],
        port=server[2],
        chatty_s=chatty_s,
        batched_writes=batched_writes,
        items=int(fixed_stored[1]),
        batched_s=batched_s,
        ratio=ratio,
    )


RECORD = r"child-\d+ pid \d+: INFO child \d+: (?:started|done, .*)"
LOGGED = r"parent: (\d+) workers joined, each logged (\d+) records"
BARE = r"child \d+: pid \d+, root logger level WARNING, handlers: 0"


def spawn_config_finding(runs):
    """How many of the workers' records each phase wrote: a record that no handler took leaves
    no line, so the lines are counted against what the workers logged."""
    broken, fixed = runs
    logged, fixed_logged = said(broken, LOGGED), said(fixed, LOGGED)
    if broken.outcome != "ok" or fixed.outcome != "ok" or not logged or not fixed_logged:
        return _ended_as(broken, fixed)
    seen, fixed_seen = len(lines_like(broken, RECORD)), len(lines_like(fixed, RECORD))
    records, fixed_records = (int(m[1]) * int(m[2]) for m in (logged, fixed_logged))
    bare = len(lines_like(broken, BARE))  # workers that found no handler at all
    if seen < records and fixed_seen == fixed_records:
        return True, words(
            "pitfall_spawn_config_shown",
            method=broken.start_method,
            bare=bare,
            workers=int(logged[1]),
            seen=seen,
            records=records,
            fixed_seen=fixed_seen,
            fixed_records=fixed_records,
        )
    return False, words(
        "pitfall_spawn_config_not_shown",
        method=broken.start_method,
        seen=seen,
        records=records,
        fixed_seen=fixed_seen,
        fixed_records=fixed_records,
    )


EXIT_CODES = r"parent: exit codes \[([\d, -]*)\]"  # the start_methods_interactive_*.py scripts


def interactive_finding(runs):
    """Typed at the prompt, the same code as a file, and the function imported from that file at
    the prompt: how many workers of each exited with 0 (the parent's own list of exit codes), and
    what the failed ones raised (their tracebacks, as the observer saw them)."""
    told = [said(run, EXIT_CODES) for run in runs]
    if len(runs) < 3 or not all(told):
        return _not_finished()
    codes = [[int(code) for code in match[1].split(",") if code.strip()] for match in told if match]
    worked = [sum(code == 0 for code in run_codes) for run_codes in codes]
    broken = runs[0]
    errors = sorted({error_of(row) for row in broken.children if error_of(row)})
    lost = any("Can't get attribute" in error for error in errors)
    if lost and worked[0] == 0 and worked[1:] == [len(c) for c in codes[1:]]:
        return True, words(
            "pitfall_interactive_shown",
            method=broken.start_method,
            failed=len(codes[0]) - worked[0],
            workers=len(codes[0]),
            errors={"en": "; ".join(errors), "zh": "；".join(errors)},
            file_ok=worked[1],
            file_workers=len(codes[1]),
            fixed_ok=worked[2],
            fixed_workers=len(codes[2]),
        )
    if worked[0] == len(codes[0]):
        return False, words(
            "pitfall_interactive_not_shown", method=broken.start_method, workers=len(codes[0])
        )
    return _ended_as(broken, runs[2])


CANCELLED = r"parent: Ctrl-C, pool terminated, (\d+) tasks cancelled"


def ctrl_c_finding(runs):
    """Who the Ctrl-C reached: the broken run's parent raised KeyboardInterrupt and its workers
    began a traceback each ("Process ForkPoolWorker-1:" comes first), cut short or not by the
    with-block's terminate(); against the fix's one line and no worker's traceback."""
    broken, fixed = runs
    parent_error = error_of(broken.rows[broken.parent_pid]) or ""
    workers = [row for row in broken.children if row.role == "pool worker"]
    began = [row for row in workers if f"Process {row.name}:" in (ln.line for ln in row.printed)]
    whole = [row for row in workers if (error_of(row) or "").startswith("KeyboardInterrupt")]
    fixed_began = [
        row
        for row in fixed.children
        if error_of(row) or any(ln.line.startswith("Process ") for ln in row.printed)
    ]
    cancelled = said(fixed, CANCELLED)
    if parent_error.startswith("KeyboardInterrupt") and cancelled and not fixed_began:
        return True, words(
            "pitfall_ctrl_c_shown",
            workers=len(workers),
            began=len(began),
            whole=len(whole),
            code=broken.exitcode,
            fixed_workers=int(cancelled[1]),
        )
    return _ended_as(broken, fixed)


TINY = r"(.+): (\d+) items in (\d+) tasks, ([\d.]+) s, ([\d.]+) us per item"  # futures_tiny_*


def tiny_tasks_finding(runs):
    """How many tasks carried the items: one per item (executor.map and Pool.imap as they come)
    against a few chunks (chunksize, Pool.map's own), as each script counted them (a task is one
    pickle of its function). Judged on the counts only: the times are printed for the learner to
    read, and on a busy machine their order may be anything."""
    broken, fixed = ({m[1]: m for m in lines_like(run, TINY)} for run in runs)
    loop = broken.pop("for loop", None)
    fixed_loop = fixed.pop("for loop", None)
    if not loop or not fixed_loop or len(broken) != 2 or len(fixed) != 2:
        return _not_finished()
    (executor, imap), (chunked, mapped) = broken.values(), fixed.values()
    items = int(loop[2])
    shown = all(int(m[3]) == int(m[2]) == items for m in (executor, imap)) and all(
        int(m[2]) == items and int(m[3]) < items for m in (chunked, mapped)
    )
    found = words(
        "pitfall_tiny_tasks_shown" if shown else "pitfall_tiny_tasks_not_shown",
        items=items,
        tasks=int(executor[3]),
        imap_tasks=int(imap[3]),
        executor_us=executor[5],
        imap_us=imap[5],
        loop_us=loop[5],
        chunk_tasks=int(chunked[3]),
        map_tasks=int(mapped[3]),
        chunk_us=chunked[5],
        map_us=mapped[5],
    )
    return shown, found


DONE = r"done (\d+)/(\d+): task (\d+) from worker (\d+)"  # the pool_progress_*.py scripts
RELEASED_FINISHED = (
    r"parent: (\d+) of (\d+) tasks finished, (\d+) results received, releasing task \d+"
)
RELEASED_RECEIVED = (
    r"parent: (\d+) of (\d+) results received \(chunksize (\d+)\), releasing task \d+"
)


def progress_events(
    run: DemoRun,
) -> tuple[list[tuple[float, int, int]], tuple[float, int, int] | None]:
    """What the parent of a progress script printed, in order: each result it received as
    (when, how many so far, of how many), and the moment it let the held last task go, as (when,
    how many results it said it had, how many `done` lines it had printed before). Read from its
    own lines, in the order it printed them, and the times the observer saw them."""
    with run.lock:
        lines = [(ln.at, ln.line) for ln in run.rows[run.parent_pid].printed if ln.fd == 1]
    done: list[tuple[float, int, int]] = []
    released = None
    for at, line in lines:
        match = re.fullmatch(DONE, line)
        if match:
            done.append((at, int(match[1]), int(match[2])))
            continue
        match = re.fullmatch(RELEASED_FINISHED, line) or re.fullmatch(RELEASED_RECEIVED, line)
        if match and released is None:
            had = match[3] if match.re.pattern == RELEASED_FINISHED else match[1]
            released = (at, int(had), len(done))
    return done, released


def progress_finding(runs):
    """How far the bar had got when the last task was let go: map() had handed over nothing while
    every other task had finished; imap_unordered() every result but the held batch's. Both from
    the order of the parent's own lines: the held task cannot end before it is let go."""
    broken, fixed = runs
    finished = said(broken, RELEASED_FINISHED)
    received = said(fixed, RELEASED_RECEIVED)
    done, let_go = progress_events(broken)
    fixed_done, fixed_let_go = progress_events(fixed)
    if not (finished and received and let_go and fixed_let_go):
        return _ended_as(broken, fixed)
    total = int(finished[2])
    before, fixed_before = let_go[2], fixed_let_go[2]  # `done` lines printed before the release
    complete = len(done) == total and len(fixed_done) == total
    if complete and int(finished[3]) == before == 0 and fixed_before == int(received[1]) > 0:
        return True, words(
            "pitfall_progress_shown",
            finished=int(finished[1]),
            total=total,
            received=int(received[1]),
            size=int(received[3]),
        )
    if complete and fixed_before == 0:  # one batch held every task: the fix's bar jumped too
        return False, words("pitfall_progress_one_batch", total=total, size=int(received[3]))
    return _ended_as(broken, fixed)


# ---------------------------------------------------------------- the catalogue


def _phase(func: str, key: str, **options) -> Phase:
    """Phase `func`, labelled by the message pitfall_phase_KEY."""
    return Phase(func, words(key), **options)


PITFALLS: dict[tuple[str, str], Pitfall] = {
    ("value", "race"): Pitfall(
        "value",
        "race",
        words("pitfall_title_value_race"),
        (
            _phase("broken", "pitfall_phase_value_race_broken"),
            _phase("fixed", "pitfall_phase_value_race_fixed"),
        ),
        race_finding,
        words("pitfall_size_value_race"),
        default_workers=4,
    ),
    ("queue", "join-before-get"): Pitfall(
        "queue",
        "join-before-get",
        words("pitfall_title_queue_join"),
        (
            _phase("broken", "pitfall_phase_queue_join_broken", watchdog=4.0),
            _phase("fixed", "pitfall_phase_queue_join_fixed"),
        ),
        join_finding,
        words("pitfall_size_queue_join"),
        default_workers=4,
    ),
    ("pipe", "shared-end"): Pitfall(
        "pipe",
        "shared-end",
        words("pitfall_title_pipe_shared_end"),
        (
            _phase("broken", "pitfall_phase_pipe_shared_end_broken", watchdog=20.0),
            _phase("fixed", "pitfall_phase_pipe_shared_end_fixed"),
        ),
        shared_end_finding,
        words("pitfall_size_pipe_shared_end"),
    ),
    ("lock", "no-lock"): Pitfall(
        "lock",
        "no-lock",
        words("pitfall_title_lock_no_lock"),
        (
            _phase("broken", "pitfall_phase_lock_no_lock_broken"),
            _phase("lock_only", "pitfall_phase_lock_no_lock_lock_only"),
            _phase("fixed", "pitfall_phase_lock_no_lock_fixed"),
        ),
        output_finding,
    ),
    ("queue", "spawn-globals"): Pitfall(
        "queue",
        "spawn-globals",
        words("pitfall_title_queue_globals"),
        (
            _phase(
                "broken", "pitfall_phase_queue_globals_broken", watchdog=15.0, start_method="spawn"
            ),
            # the fix under spawn too: under fork the broken code would have worked as well
            _phase("fixed", "pitfall_phase_queue_globals_fixed", start_method="spawn"),
        ),
        globals_finding,
    ),
    ("shared-memory", "no-unlink"): Pitfall(
        "shared-memory",
        "no-unlink",
        words("pitfall_title_shared_memory_unlink"),
        (
            _phase("broken", "pitfall_phase_shared_memory_unlink_broken"),
            _phase("fixed", "pitfall_phase_shared_memory_unlink_fixed"),
        ),
        unlink_finding,
        words("pitfall_size_shared_memory_unlink"),
        default_workers=4,
    ),
    ("shared-memory", "numpy-copy"): Pitfall(
        "shared-memory",
        "numpy-copy",
        words("pitfall_title_shared_memory_numpy_copy"),
        (
            _phase("broken", "pitfall_phase_shared_memory_numpy_copy_broken"),
            _phase("fixed", "pitfall_phase_shared_memory_numpy_copy_fixed"),
        ),
        numpy_copy_finding,
        words("pitfall_size_shared_memory_numpy_copy"),
        default_workers=4,
    ),
    ("sync", "extra-release"): Pitfall(
        "sync",
        "extra-release",
        words("pitfall_title_sync_release"),
        (
            _phase("broken", "pitfall_phase_sync_release_broken"),
            _phase("bounded", "pitfall_phase_sync_release_bounded"),
            _phase("fixed", "pitfall_phase_sync_release_fixed"),
        ),
        release_finding,
        default_workers=4,
    ),
    ("joinablequeue", "forgotten-task-done"): Pitfall(
        "joinablequeue",
        "forgotten-task-done",
        words("pitfall_title_joinable_task_done"),
        (
            _phase("broken", "pitfall_phase_joinable_task_done_broken", watchdog=4.0),
            _phase("fixed", "pitfall_phase_joinable_task_done_fixed"),
        ),
        task_done_finding,
        words("pitfall_size_joinable_task_done"),
        default_workers=4,
    ),
    ("connection", "kept-end"): Pitfall(
        "connection",
        "kept-end",
        words("pitfall_title_connection_kept_end"),
        (
            _phase("broken", "pitfall_phase_connection_kept_end_broken", watchdog=4.0),
            _phase("fixed", "pitfall_phase_connection_kept_end_fixed"),
        ),
        kept_end_finding,
        default_workers=4,
    ),
    ("connection", "wrong-key"): Pitfall(
        "connection",
        "wrong-key",
        words("pitfall_title_connection_wrong_key"),
        (
            _phase("broken", "pitfall_phase_connection_wrong_key_broken"),
            _phase("fixed", "pitfall_phase_connection_wrong_key_fixed"),
        ),
        wrong_key_finding,
        default_workers=4,
    ),
    ("futures", "worker-dies"): Pitfall(
        "futures",
        "worker-dies",
        words("pitfall_title_futures_worker_dies"),
        (
            _phase("broken", "pitfall_phase_futures_worker_dies_broken"),
            _phase("fixed", "pitfall_phase_futures_worker_dies_fixed"),
        ),
        worker_dies_finding,
        default_workers=4,
    ),
    ("futures", "pool-hangs"): Pitfall(
        "futures",
        "pool-hangs",
        words("pitfall_title_futures_pool_hangs"),
        (
            _phase("broken", "pitfall_phase_futures_pool_hangs_broken", watchdog=4.0),
            _phase("fixed", "pitfall_phase_futures_pool_hangs_fixed"),
        ),
        pool_hangs_finding,
        default_workers=4,
    ),
    ("futures", "tiny-tasks"): Pitfall(
        "futures",
        "tiny-tasks",
        words("pitfall_title_futures_tiny_tasks"),
        (
            _phase("broken", "pitfall_phase_futures_tiny_tasks_broken"),
            _phase("fixed", "pitfall_phase_futures_tiny_tasks_fixed"),
        ),
        tiny_tasks_finding,
        words("pitfall_size_futures_tiny_tasks"),
        default_workers=4,
    ),
    ("start-methods", "fork-with-threads"): Pitfall(
        "start-methods",
        "fork-with-threads",
        words("pitfall_title_start_fork_threads"),
        (
            _phase(
                "broken",
                "pitfall_phase_start_fork_threads_broken",
                watchdog=4.0,
                start_method="fork",
            ),
            _phase(
                "fixed",
                "pitfall_phase_start_fork_threads_fixed",
                watchdog=15.0,
                start_method="spawn",
            ),
        ),
        fork_threads_finding,
        default_workers=4,
    ),
    ("cluster", "chatty-proxy"): Pitfall(
        "cluster",
        "chatty-proxy",
        words("pitfall_title_cluster_chatty_proxy"),
        (
            _phase("broken", "pitfall_phase_cluster_chatty_proxy_broken"),
            _phase("fixed", "pitfall_phase_cluster_chatty_proxy_fixed"),
        ),
        chatty_proxy_finding,
        words("pitfall_size_cluster_chatty_proxy"),
        default_workers=4,
    ),
    ("logging", "spawn-config"): Pitfall(
        "logging",
        "spawn-config",
        words("pitfall_title_logging_spawn_config"),
        (
            # both under spawn unless the learner names a method: under fork the broken code works
            _phase("broken", "pitfall_phase_logging_spawn_config_broken", start_method="spawn"),
            _phase("fixed", "pitfall_phase_logging_spawn_config_fixed", start_method="spawn"),
        ),
        spawn_config_finding,
        default_workers=4,
    ),
    ("start-methods", "interactive"): Pitfall(
        "start-methods",
        "interactive",
        words("pitfall_title_start_interactive"),
        (
            # under spawn unless the learner names a method: under fork the typed code works
            _phase(
                "broken",
                "pitfall_phase_start_interactive_broken",
                start_method="spawn",
                prompt=True,
            ),
            _phase("file", "pitfall_phase_start_interactive_file", start_method="spawn"),
            _phase(
                "fixed",
                "pitfall_phase_start_interactive_fixed",
                start_method="spawn",
                prompt=True,
            ),
        ),
        interactive_finding,
        default_workers=4,
    ),
    ("pool", "ctrl-c"): Pitfall(
        "pool",
        "ctrl-c",
        words("pitfall_title_pool_ctrl_c"),
        (
            _phase("broken", "pitfall_phase_pool_ctrl_c_broken", watchdog=20.0),
            _phase("fixed", "pitfall_phase_pool_ctrl_c_fixed", watchdog=20.0),
        ),
        ctrl_c_finding,
        default_workers=4,
    ),
    ("pool", "progress"): Pitfall(
        "pool",
        "progress",
        words("pitfall_title_pool_progress"),
        (
            _phase("broken", "pitfall_phase_pool_progress_broken", watchdog=30.0),
            _phase("fixed", "pitfall_phase_pool_progress_fixed", watchdog=30.0),
        ),
        progress_finding,
        words("pitfall_size_pool_progress"),
        default_workers=4,
    ),
}


assert {(topic, name) for topic, names in PITFALL_NAMES.items() for name in names} == set(PITFALLS)


def pitfalls_of(topic: str) -> list[Pitfall]:
    return [p for (t, _), p in PITFALLS.items() if t == topic]


def phase_arguments(pitfall: Pitfall, workers: int | None, size: int | None) -> list[str]:
    """What a phase's script is given: `--workers N`, and `--size S` where the pitfall has one."""
    args = ["--workers", str(workers or pitfall.default_workers)]
    if size is not None and pitfall.size_help:
        args += ["--size", str(size)]
    return args


# ---------------------------------------------------------------- each phase, in words


def phase_outcome(run: DemoRun) -> dict[str, str]:
    """What happened in one phase, in words (the table's outcome column): "lost 57.9% of the
    updates" where the script counts what went wrong, else how it ended."""
    if run.outcome == "timeout":
        return words("phase_hung", seconds=run.elapsed_s)
    if run.outcome == "failed":
        dead = len(_dead_workers(run))
        if dead == 1:
            return words("phase_one_failed")
        return words("phase_children_failed", n=dead) if dead else words("phase_failed")
    if run.outcome != "ok":  # interrupted: the screen says it in the learner's words
        return {"en": run.outcome, "zh": run.outcome}
    total = said(run, TOTAL)
    if total:
        lost, expected = int(total[3]), int(total[2])
        return (
            words("phase_lost_updates", pct=_pct(lost, expected))
            if lost
            else words("phase_no_update_lost")
        )
    tally = said(run, MESSAGES_TALLY)
    if tally:
        sent, bad, lost = int(tally[2]), int(tally[3]), int(tally[4])
        if bad or lost:
            return words("phase_messages_hurt", broken=bad, sent=sent, lost=lost)
        return words("phase_messages_intact", sent=sent)
    reports = said(run, REPORTS)
    if reports:
        cut, whole = int(reports[1]), int(reports[2])
        return (
            words("phase_reports_cut", cut=cut, reports=whole)
            if cut
            else words("phase_reports_whole")
        )
    return words("phase_ran")


def methods_note(pitfall: Pitfall, runs: list[DemoRun]) -> dict[str, str]:
    """Which start method the runs used: one for all (and, when the pitfall pins it, that it is
    the one where the bug shows), or where they differ (the fix is a change of start method)."""
    methods = list(dict.fromkeys(run.start_method for run in runs))
    if len(methods) > 1:
        return words("pitfall_methods_differ", methods=" → ".join(methods))
    pinned = {phase.start_method for phase in pitfall.phases} == {methods[0]}
    if pinned and len(runs) > 2:  # "both runs" would miscount
        return words("pitfall_every_run_pinned", method=methods[0])
    return words(
        "pitfall_same_method_pinned" if pinned else "pitfall_same_method", method=methods[0]
    )


def run_pitfall(
    pitfall: Pitfall,
    *,
    workers: int | None,
    delay: float,
    start_method: str | None,
    timeout: float,
    size: int | None,
    on_phase: Callable,
) -> list[DemoRun]:
    """Run every phase's script in turn under the observer, each through
    `on_phase(pitfall, phase, start)` (`start(on_change=None)` runs it); stops early only if the
    learner presses Ctrl-C. `delay` only labels the runs: no pitfall script pauses."""
    from ipctutor.engine.watch import watch_script

    runs = []
    args = phase_arguments(pitfall, workers, size)
    for phase in pitfall.phases:
        limit = min(timeout, phase.watchdog) if phase.watchdog else timeout

        def start(on_change=None, phase=phase, limit=limit):
            return watch_script(
                pitfall.script(phase),
                args,
                start_method=start_method or phase.start_method,
                timeout=limit,
                on_update=on_change,
                topic=pitfall.topic,
                workers=workers or pitfall.default_workers,
                delay=delay,
                prompt=phase.prompt,
            )

        run = on_phase(pitfall, phase, start)
        runs.append(run)
        if run.outcome == "interrupted":
            break
    return runs
