"""What watching costs, and whether it changes what is watched: the observer against bare runs,
measured in the same go.

    PYTHONPATH=. python benchmarks/bench_observer.py [--repeats 11] [--outcomes 30]

Speed (medians of alternating runs, so that a busy machine slows both sides alike):
1. `ipctutor run pipe --workers 10 --delay 0 --start-method spawn --plain` against a bare script
   that starts ten spawned children, each sending one message through a Pipe (target: 1.3x).
   Beside it, where the difference lies: the same run against the demo itself run bare (what
   `ipctutor show pipe` prints, spawn chosen in its main block), and the demo watched by
   watch_script() without the CLI around it against that bare run (the observer's own cost).
2. A 20,000-message Pipe stream (one child sends, the parent receives) watched by watch_script()
   against the same script run bare (target: 2x).

Outcomes, with and without the observer (the lessons' claims must hold under it):
3. The value race (plain/value_race_broken.py): the share of updates lost.
4. The queue demo's arrival order (4 children, no delay): how often the parent got them in order,
   and the commonest orders.
5. Join before get (plain/queue_join_before_get_broken.py, one child): the smallest item that
   deadlocks, found by bisection (a run that outlives 3 s is a deadlock).

Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipctutor.engine.scripts import PLAIN_DIR, demo_path  # noqa: E402
from ipctutor.engine.watch import observer_folder, watch_script  # noqa: E402

BARE_PIPE = textwrap.dedent("""
    import multiprocessing as mp

    def child(conn, n):
        conn.send(["hello", n])

    if __name__ == "__main__":
        ctx = mp.get_context("spawn")
        parent_end, child_end = ctx.Pipe()
        children = [ctx.Process(target=child, args=(child_end, n)) for n in range(10)]
        for p in children:
            p.start()
        print([parent_end.recv() for _ in children])
        for p in children:
            p.join()
""")

STREAM = textwrap.dedent("""
    import multiprocessing as mp
    import sys

    def sender(conn, n):
        for i in range(n):
            conn.send(i)
        conn.close()

    if __name__ == "__main__":
        n = int(sys.argv[1])
        receiver, sender_end = mp.Pipe(duplex=False)
        p = mp.Process(target=sender, args=(sender_end, n))
        p.start()
        total = sum(receiver.recv() for _ in range(n))
        p.join()
        print(total)
""")


CPU: dict[str, list[float]] = {}  # per command kind: CPU seconds of each run, its processes summed


def cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], cpu_key: str | None = None, **kwargs) -> float:
    """Wall seconds of one run. With `cpu_key`, the CPU seconds its processes used (every one the
    run reaped) are kept in CPU[cpu_key]: a figure a busy machine disturbs far less than wall time."""
    cpu_before = cpu_of_children()
    began = time.perf_counter()
    done = subprocess.run(
        command, check=False, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs
    )
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"{command} failed: {done.stderr[-500:]}")
    if cpu_key:
        CPU.setdefault(cpu_key, []).append(cpu_of_children() - cpu_before)
    return took


def ratio_line(name: str, watched: list[float], bare: list[float], target: float | None) -> str:
    """One figure: medians and their ratio, the issue's target where it sets one, the ranges."""
    w, b = statistics.median(watched), statistics.median(bare)
    aim = f"target {target}x; " if target is not None else ""
    return (
        f"{name}: watched {w * 1000:.0f} ms, bare {b * 1000:.0f} ms, ratio {w / b:.2f}x "
        f"({aim}watched {min(watched) * 1000:.0f}-{max(watched) * 1000:.0f} ms, "
        f"bare {min(bare) * 1000:.0f}-{max(bare) * 1000:.0f} ms)"
    )


def bench_run_pipe(repeats: int, folder: Path) -> str:
    bare_script = folder / "bare_pipe.py"
    bare_script.write_text(BARE_PIPE)
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), IPCTUTOR_HOME=str(folder / "home"), IPCTUTOR_LANG="en"
    )
    tutor = [
        sys.executable,
        "-m",
        "ipctutor",
        "run",
        "pipe",
        "--workers",
        "10",
        "--delay",
        "0",
        "--start-method",
        "spawn",
        "--plain",
    ]
    # where the difference lies: the demo itself (argparse, a line per child) run bare, and the
    # same demo watched without the CLI around it (the observer's own cost)
    demo = folder / "pipe_demo_spawn.py"
    demo.write_text(in_spawn(demo_path("pipe").read_text()))
    demo_args = ["--workers", "10", "--delay", "0"]
    watched, bare, demo_bare, demo_watched = [], [], [], []
    for _ in range(repeats):
        watched.append(timed(tutor, "watched", env=env, cwd=ROOT))
        bare.append(timed([sys.executable, str(bare_script)], "bare"))
        demo_bare.append(timed([sys.executable, str(demo), *demo_args]))
        began = time.perf_counter()
        run = watch_script(demo_path("pipe"), demo_args, start_method="spawn", timeout=60)
        demo_watched.append(time.perf_counter() - began)
        assert run.outcome == "ok", run.output
    return "\n".join(
        [
            ratio_line(
                "run pipe -n 10 --delay 0 -s spawn --plain vs a bare spawn script",
                watched,
                bare,
                1.3,
            ),
            ratio_line("  the same, CPU time of every process", CPU["watched"], CPU["bare"], 1.3),
            ratio_line("  the same run vs the demo itself run bare", watched, demo_bare, None),
            ratio_line(
                "  the demo watched without the CLI (watch_script) vs the demo run bare",
                demo_watched,
                demo_bare,
                None,
            ),
        ]
    )


def in_spawn(source: str) -> str:
    """A script's source with spawn chosen as its main block begins: what the observer's
    IPCTUTOR_START_METHOD does for a watched run, done by hand for a bare one."""
    guard = 'if __name__ == "__main__":\n'
    assert source.count(guard) == 1
    return source.replace(
        guard, guard + '    import multiprocessing\n    multiprocessing.set_start_method("spawn")\n'
    )


def bench_stream(repeats: int, folder: Path, messages: int = 20_000) -> str:
    script = folder / "stream.py"
    script.write_text(STREAM)
    watched, bare = [], []
    for _ in range(repeats):
        began = time.perf_counter()
        run = watch_script(script, [str(messages)], timeout=120)
        watched.append(time.perf_counter() - began)
        assert run.outcome == "ok", run.output
        counted = sum(
            op.count for row in run.rows.values() for op in row.ops if op.op == "Connection.send"
        )
        assert counted == messages, counted
        bare.append(timed([sys.executable, str(script), str(messages)]))
    return ratio_line(f"a {messages:,}-message Pipe stream, watched vs bare", watched, bare, 2.0)


def bare_run(script: Path, args: list[str], timeout: float) -> tuple[str, bool]:
    """Run a plain script bare in a session of its own; (its stdout, whether it hung)."""
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
        return out, False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return out, True


def watched_run(script: Path, args: list[str], timeout: float) -> tuple[str, bool]:
    run = watch_script(script, args, timeout=timeout)
    return run.output, run.outcome == "timeout"


LOST = re.compile(r"total: (\d+) of (\d+), (\d+) updates lost")


def race(runs: int) -> str:
    script = PLAIN_DIR / "value_race_broken.py"
    lines = []
    for name, runner in (("bare", bare_run), ("watched", watched_run)):
        lost, total, hit = 0, 0, 0
        for _ in range(runs):
            out, _ = runner(script, ["--workers", "4", "--size", "20000"], 60)
            match = LOST.search(out)
            assert match, out
            lost += int(match[3])
            total += int(match[2])
            hit += int(match[3]) > 0
        lines.append(
            f"  {name}: {100 * lost / total:.1f}% of updates lost, some lost in {hit} of {runs} runs"
        )
    return "value race (4 workers x 20,000 increments):\n" + "\n".join(lines)


GOT = re.compile(r"parent: got \['hello', (\d+)\]")


def arrival(runs: int) -> str:
    script = PLAIN_DIR / "queue_demo.py"
    lines = []
    for name, runner in (("bare", bare_run), ("watched", watched_run)):
        orders = Counter()
        for _ in range(runs):
            out, _ = runner(script, ["--workers", "4", "--delay", "0"], 60)
            orders[" ".join(GOT.findall(out))] += 1
        in_order = orders.get("0 1 2 3", 0)
        common = ", ".join(f"{key} x{n}" for key, n in orders.most_common(3))
        lines.append(
            f"  {name}: in order {in_order} of {runs}; {len(orders)} distinct orders; commonest {common}"
        )
    return "queue arrival order (4 children, --delay 0):\n" + "\n".join(lines)


def threshold(runner) -> int:
    """The smallest item (bytes) for which one child's put, joined before get, deadlocks."""
    script = PLAIN_DIR / "queue_join_before_get_broken.py"
    low, high = 1, 1 << 18  # works at low, hangs at high
    while high - low > 1:
        middle = (low + high) // 2
        _, hung = runner(script, ["--workers", "1", "--size", str(middle)], 3)
        low, high = (low, middle) if hung else (middle, high)
    return high


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=11, help="timed runs of each side")
    parser.add_argument(
        "--outcomes", type=int, default=30, help="runs of each side for the outcome figures"
    )
    parser.add_argument("--only", choices=["speed", "outcomes"], help="just one half")
    args = parser.parse_args()
    observer_folder()  # compiled once, before any timing
    with tempfile.TemporaryDirectory() as folder:
        if args.only != "outcomes":
            print(bench_run_pipe(args.repeats, Path(folder)), flush=True)
            print(bench_stream(args.repeats, Path(folder)), flush=True)
        if args.only != "speed":
            print(race(args.outcomes), flush=True)
            print(arrival(args.outcomes), flush=True)
            print(
                f"join before get deadlocks from (bytes): bare {threshold(bare_run)}, "
                f"watched {threshold(watched_run)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
