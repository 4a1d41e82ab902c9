"""Does `ipctutor bench` report what a bare script would? Both measure the same things, in turn.

The bare script, `bare_bench.py` beside this file, is plain multiprocessing code with nothing of
ipctutor in it: the same counts, payload sizes and rounds (taken from ipctutor's plan), the same
order of events (one child per mechanism, started and ready, a warm-up round, then the median of
the counted rounds). Both sides keep the parent on one CPU and each measuring child on another.

Why the two sides go back to back, one mechanism at a time: on a shared virtual machine the speed
of the same code drifts between levels that last seconds (a locked Value write here: ~180 or
~340 ns, whichever level the host gives). Two whole runs of `bench` 20 s apart can land on
different levels, so even the bare script against itself misses 10% on some figures. By default,
for each mechanism in turn, `ipctutor bench --json --only M` and the bare script measuring M run
one right after the other (who goes first takes turns). A figure's ratio is the median over the
runs of ipctutor/bare, and `slower` counts the runs in which ipctutor was the slower (near half:
noise; all or none: a real bias). `--control` runs the bare script a second time in every round:
its ratio to the first is how far apart two runs of the same code land here, the noise floor.
`--whole` measures everything in one process per side, as a plain `ipctutor bench` does.

    python benchmarks/bench_vs_bare.py --quick --runs 25 --control          # about 10 min
    python benchmarks/bench_vs_bare.py --runs 21 --control                  # full plan, 35 min
    python benchmarks/bench_vs_bare.py --whole --quick --runs 9 --control   # whole runs, 3 min

Seen on a 2-core VM, Python 3.11, fork (the controls show the machine's own spread):
    full plan, 21 runs:   ipctutor/bare within 10% in 24 of 24 (0.950-1.069); control 24 of 24
    quick plan, 25 runs:  24 of 24 (0.927-1.063); control 24 of 24 (0.945-1.029)
    whole runs, quick, 9: 17 of 24 (0.763-1.297); control 16 of 24 (0.829-1.127)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = Path(__file__).resolve().parent / "bare_bench.py"
sys.path.insert(0, str(ROOT))

from ipctutor.engine import bench  # noqa: E402  (the plan only: counts, sizes and rounds)

MECHANISMS = [c.key for c in bench.CHANNELS]


def run_tutor(plan: str, start_method: str, mechanisms: list[str], home: str) -> dict[str, float]:
    """`ipctutor bench --json` itself, in a process of its own, measuring `mechanisms`."""
    args = [sys.executable, "-m", "ipctutor", "bench", "--json", "--start-method", start_method]
    if plan == "quick":
        args.append("--quick")
    if mechanisms != MECHANISMS:
        args += [arg for m in mechanisms for arg in ("--only", m)]
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=dict(os.environ, IPCTUTOR_HOME=home),
    )
    report = json.loads(done.stdout)
    return {f"{f['group']}.{f['mechanism']}": f["value"] for f in report["figures"]}


def run_bare(cfg: dict, mechanisms: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(BARE), json.dumps(dict(cfg, mechanisms=mechanisms))],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def spread(values: list[float]) -> str:
    return f"{min(values):.4g}-{max(values):.4g}"


def quartiles(values: list[float]) -> str:
    if len(values) < 4:
        return spread(values)
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"{q1:.2f}-{q3:.2f}"


def summary(name: str, ratios: dict[str, float]) -> str:
    within = sum(1 for r in ratios.values() if abs(r - 1) <= 0.10)
    values = list(ratios.values())
    return (
        f"{name}: within 10% in {within} of {len(values)} figures; median "
        f"{statistics.median(values):.3f}, range {min(values):.3f}-{max(values):.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each side (default 5)")
    parser.add_argument("--quick", action="store_true", help="use bench's --quick plan")
    parser.add_argument("--start-method", default="fork", choices=["fork", "spawn", "forkserver"])
    parser.add_argument(
        "--whole",
        action="store_true",
        help="each run measures every mechanism in one process (default: one "
        "mechanism per process, the two sides back to back)",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="also run the bare script a second time in each round and compare "
        "it with the first: how far apart two runs of the same code land here",
    )
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    args = parser.parse_args()

    plan = bench.QUICK if args.quick else bench.FULL
    cfg = {
        "start_method": args.start_method,
        "rounds": plan.rounds,
        "messages": plan.messages,
        "manager_messages": plan.manager_messages,
        "writes": plan.writes,
        "manager_writes": plan.manager_writes,
        "sizes": list(plan.sizes),
    }
    batches = [MECHANISMS] if args.whole else [[m] for m in MECHANISMS]
    arms = ["ipctutor", "bare", "bare again"] if args.control else ["ipctutor", "bare"]
    seen: dict[str, dict[str, list[float]]] = {arm: {} for arm in arms}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as home:
        for run in range(args.runs):
            for number, batch in enumerate(batches):
                turn = (run + number) % len(arms)  # who goes first takes turns
                for arm in arms[turn:] + arms[:turn]:
                    if arm == "ipctutor":
                        figures = run_tutor(plan.name, args.start_method, batch, home)
                    else:
                        figures = run_bare(cfg, batch)
                    for key, value in figures.items():
                        seen[arm].setdefault(key, []).append(value)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started

    tutor, bare, again = seen["ipctutor"], seen["bare"], seen.get("bare again")
    design = "whole runs" if args.whole else "one mechanism per process, the sides back to back"
    print(
        f"{args.runs} runs of each side ({design}); plan {plan.name}, start method "
        f"{args.start_method}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        f"{elapsed / 60:.1f} min; load average now {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        "ratio: median over the runs of ipctutor/bare (IQR: its middle half); slower: in how "
        "many runs ipctutor was the slower (near half: noise)"
    )
    control_head = "  control (IQR)" if again else ""
    print(
        f"{'figure':31} {'unit':>11} {'ipctutor (min-max)':>27} {'bare (min-max)':>27}  "
        f"{'ratio (IQR)':>17} slower{control_head}"
    )
    units = {"messages": "us/message", "writes": "ns/write"}
    groups = ["messages", "writes"] + [f"payload_{bench.size_label(size)}" for size in plan.sizes]
    paired, controls = {}, {}
    for key in sorted(
        tutor, key=lambda k: (groups.index(k.split(".")[0]), MECHANISMS.index(k.split(".")[1]))
    ):
        ratios = [t / b for t, b in zip(tutor[key], bare[key])]
        paired[key] = statistics.median(ratios)
        slower = sum(r > 1 for r in ratios)
        unit = units.get(key.split(".")[0], "ms/transfer")
        line = (
            f"{key:31} {unit:>11} "
            f"{f'{statistics.median(tutor[key]):.4g} ({spread(tutor[key])})':>27} "
            f"{f'{statistics.median(bare[key]):.4g} ({spread(bare[key])})':>27}  "
            f"{f'{paired[key]:.3f} ({quartiles(ratios)})':>17} {slower:>2}/{len(ratios):<3}"
        )
        if again:
            same = [a / b for a, b in zip(again[key], bare[key])]
            controls[key] = statistics.median(same)
            line += f"  {controls[key]:.3f} ({quartiles(same)})"
        if abs(paired[key] - 1) > 0.10:
            line += "  <- outside 10%"
        print(line)
    print(summary("ipctutor/bare", paired))
    if again:
        print(summary("control, bare again/bare", controls))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "runs": seen,
                    "ratios": paired,
                    "controls": controls,
                    "whole": args.whole,
                    "plan": plan.name,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
