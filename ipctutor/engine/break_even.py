"""From how much work per item does a worker process pay here? `ipctutor bench --break-even`.

An item here is a loop of N iterations (N on a log scale); a task is what is sent to a worker, one
item or a chunk of them. For each N the same items are computed
by a plain for loop and by four ways of sending them to worker processes: Pool.map with
chunksize=1 and with chunks (about four per worker, what Pool.map picks by itself), and
ProcessPoolExecutor.map as it comes (chunksize=1) and with the same chunks. Each way's figure is
its time per item, the best of a few rounds (the least disturbed by the rest of the machine). A
way pays from the item size where its time per item falls to the loop's and stays there: the
break-even, read off between two measured sizes on the log scale, and given both in iterations
and in milliseconds of one item run by the loop.

The pools are started before any clock runs (starting them is a cost paid once, not per task),
their workers ignore Ctrl-C (the parent stops them), and the task's function lives in this module,
so every spawned worker imports only the standard library. Stdlib only.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import platform
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

FORMAT_VERSION = 1
LOOP = "loop"
METHODS = ("loop", "pool_map_1", "pool_map_chunks", "executor_map", "executor_map_chunks")
ONE_PER_TASK = ("pool_map_1", "executor_map")  # one item per task: a pickle and a message each
CHUNKED = ("pool_map_chunks", "executor_map_chunks")
CHUNKS_PER_WORKER = 4  # what Pool.map aims at when given no chunksize


class BreakEvenInterrupted(KeyboardInterrupt):
    """Ctrl-C during a measurement, after the pools were stopped: how many workers there were."""

    def __init__(self, stopped: int):
        super().__init__(stopped)
        self.stopped = stopped


@dataclass(frozen=True)
class Plan:
    """Which item sizes, how much work per size, how many rounds; --quick does less."""

    name: str  # "full" or "quick"
    sizes: tuple[int, ...]  # loop iterations per item, on a log scale
    target_s: float  # about this much work per size for the for loop
    most_items: int  # never more items than this at one size (the smallest items)
    rounds: int  # the best of these


FULL = Plan("full", (10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000), 0.08, 2_000, 3)
QUICK = Plan("quick", (10, 100, 1_000, 10_000, 100_000), 0.04, 1_000, 2)


def usable_cpus() -> int:
    """The CPUs this process may run on: one worker each, the default."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def spin(n: int) -> int:
    """One item's work: a loop of n iterations, pure Python, no I/O."""
    total = 0
    for i in range(n):
        total += i
    return total


def ignore_ctrl_c() -> None:
    """Each worker's initializer: a Ctrl-C is the parent's to handle, not every worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def seconds_per_iteration() -> float:
    """A first guess of what one iteration of `spin` costs here, to size each measurement."""
    began = time.perf_counter()
    spin(200_000)
    return max((time.perf_counter() - began) / 200_000, 1e-9)


def items_for(size: int, per_iteration: float, plan: Plan, workers: int) -> int:
    """How many items of `size` iterations to time: about plan.target_s of loop work, at least
    enough for every worker to get CHUNKS_PER_WORKER chunks of two."""
    wanted = round(plan.target_s / (size * per_iteration))
    return max(2 * CHUNKS_PER_WORKER * workers, min(plan.most_items, wanted))


def chunksize_for(items: int, workers: int) -> int:
    return max(1, math.ceil(items / (CHUNKS_PER_WORKER * workers)))


def time_one(run: Callable[[], list], items: int, size: int) -> float:
    """Seconds per item of one way, one round; checks every answer came back."""
    began = time.perf_counter()
    results = run()
    took = time.perf_counter() - began
    if len(results) != items or results[-1] != spin(size):
        raise RuntimeError(f"wrong results for items of {size} iterations")
    return took / items


def crossing(sizes: list[int], ratios: list[float]) -> float | None:
    """The item size from which `ratios` (a way's time per item / the loop's) stay at or below 1,
    read off on log-log scales between the last size above 1 and the next; the smallest size if
    they are all at or below 1; None if the largest size is still above 1."""
    if not ratios or ratios[-1] > 1:
        return None
    first = len(ratios) - 1
    while first > 0 and ratios[first - 1] <= 1:
        first -= 1
    if first == 0:
        return float(sizes[0])
    lo, hi = first - 1, first
    r_lo, r_hi = math.log(ratios[lo]), math.log(max(ratios[hi], 1e-9))
    share = r_lo / (r_lo - r_hi) if r_lo != r_hi else 1.0
    log_n = math.log(sizes[lo]) + share * (math.log(sizes[hi]) - math.log(sizes[lo]))
    return math.exp(log_n)


def break_evens(rows: list[dict]) -> dict[str, dict | None]:
    """Each way's break-even: {"iterations": N, "ms": one such item's time in the loop}, or None."""
    sizes = [row["iterations"] for row in rows]
    found: dict[str, dict | None] = {}
    for method in METHODS[1:]:
        ratios = [row["us_per_item"][method] / row["us_per_item"][LOOP] for row in rows]
        n = crossing(sizes, ratios)
        if n is None:
            found[method] = None
            continue
        # the loop's time per iteration at the nearest measured size, times n
        near = min(rows, key=lambda row: abs(math.log(row["iterations"] / n)))
        ms = near["us_per_item"][LOOP] / near["iterations"] * n / 1000
        found[method] = {"iterations": round(n), "ms": round(ms, 3)}
    return found


def rule_of_thumb(found: dict[str, dict | None]) -> dict[str, float | None]:
    """The later break-even of each kind: one item per task, and in chunks (None: never here)."""

    def later(methods: tuple[str, ...]) -> float | None:
        figures = [found[m] for m in methods]
        if any(f is None for f in figures):
            return None
        return max(f["ms"] for f in figures if f is not None)

    return {"one_per_task_ms": later(ONE_PER_TASK), "chunked_ms": later(CHUNKED)}


def describe(plan: Plan, start_method: str | None, workers: int | None = None) -> dict:
    """What a run will be, before it is measured: the report's first fields."""
    return {
        "format_version": FORMAT_VERSION,
        "mode": "break_even",
        "plan": plan.name,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "workers": workers or usable_cpus(),
        "start_method": multiprocessing.get_context(start_method).get_start_method(),
        "rounds": plan.rounds,
    }


def run_break_even(
    plan: Plan = FULL,
    start_method: str | None = None,
    workers: int | None = None,
    on_progress: Callable[[int, int, int | None], None] | None = None,
) -> dict:
    """Measure every way at every size of `plan`; return the report (the --json object).
    `on_progress(done, total, size)` before each size is timed (size None: starting the pools)."""
    ctx = multiprocessing.get_context(start_method)
    workers = workers or usable_cpus()
    progress = on_progress or (lambda done, total, size: None)
    started = time.perf_counter()
    per_iteration = seconds_per_iteration()
    pool = executor = None
    rows: list[dict] = []
    try:
        progress(0, len(plan.sizes), None)
        pool = ctx.Pool(workers, initializer=ignore_ctrl_c)
        executor = ProcessPoolExecutor(workers, mp_context=ctx, initializer=ignore_ctrl_c)
        list(executor.map(abs, range(workers)))  # its workers start at the first task: now
        pool.map(abs, range(workers), chunksize=1)
        for done, size in enumerate(plan.sizes):
            progress(done, len(plan.sizes), size)
            items = items_for(size, per_iteration, plan, workers)
            chunk = chunksize_for(items, workers)
            work = [size] * items
            ways: dict[str, Callable[[], list]] = {
                "loop": lambda: [spin(n) for n in work],  # noqa: B023 (run in this round)
                "pool_map_1": lambda: pool.map(spin, work, chunksize=1),  # noqa: B023
                "pool_map_chunks": lambda: pool.map(spin, work, chunksize=chunk),  # noqa: B023
                "executor_map": lambda: list(executor.map(spin, work)),  # noqa: B023
                "executor_map_chunks": lambda: list(  # noqa: B023
                    executor.map(spin, work, chunksize=chunk)  # noqa: B023
                ),
            }
            best = {method: math.inf for method in ways}
            for _ in range(plan.rounds):  # each round times every way: a burst of load from
                for method, run in ways.items():  # elsewhere spoils one round, not one way
                    best[method] = min(best[method], time_one(run, items, size))
            rows.append(
                {
                    "iterations": size,
                    "items": items,
                    "chunksize": chunk,
                    "tasks": {
                        "loop": 0,
                        "pool_map_1": items,
                        "pool_map_chunks": math.ceil(items / chunk),
                        "executor_map": items,
                        "executor_map_chunks": math.ceil(items / chunk),
                    },
                    "us_per_item": {m: round(s * 1e6, 3) for m, s in best.items()},
                }
            )
    except BaseException as exc:
        stopped = stop(pool, executor, workers)
        if isinstance(exc, KeyboardInterrupt):
            raise BreakEvenInterrupted(stopped) from None
        raise
    stop(pool, executor, workers)
    found = break_evens(rows)
    return {
        **describe(plan, start_method, workers),
        "elapsed_s": round(time.perf_counter() - started, 2),
        "methods": list(METHODS),
        "sizes": rows,
        "break_even": found,
        "rule": rule_of_thumb(found),
    }


def stop(pool, executor, workers: int) -> int:
    """Stop both pools: Pool.terminate() at once; the executor after its running tasks (each a
    few milliseconds at most), the rest cancelled. Returns how many worker processes they had."""
    stopped = 0
    if pool is not None:
        pool.terminate()
        pool.join()
        stopped += workers
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)
        stopped += workers
    return stopped
