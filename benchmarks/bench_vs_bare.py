"""Does `ipctutor bench` report what a bare script would? Both measure the same things, alternately.

The bare script below is plain multiprocessing code with nothing of ipctutor in it: the same
counts, payload sizes and rounds (taken from ipctutor's plan), the same order of events (child
started and ready, a warm-up round, then the median of the counted rounds), one mechanism at a
time. Each run of this benchmark runs `ipctutor bench --json` and the bare script alternately,
RUNS times each (who goes first alternates too), and reports for every figure the median over the
runs of each, their spread (min-max over the runs), the ratio ipctutor / bare, and in how many of
the adjacent pairs of runs ipctutor was the slower (near half: noise; all or none: a real bias).
Both sides keep the parent on one CPU and each measuring child on another (Linux).

    python benchmarks/bench_vs_bare.py               # full plan, 5 runs each (a few minutes)
    python benchmarks/bench_vs_bare.py --quick --runs 3
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
sys.path.insert(0, str(ROOT))

from ipctutor import bench  # noqa: E402  (the plan only: counts, sizes and rounds)

BARE = r'''
"""The bare script: the same measurements as `ipctutor bench`, in plain multiprocessing code."""
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from multiprocessing import shared_memory

# Linux: the parent on the first CPU it may use, every measuring child on the second.
ALLOWED = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []
PARENT_CPU = ALLOWED[0] if ALLOWED else None
CHILD_CPU = ALLOWED[1] if len(ALLOWED) > 1 else PARENT_CPU


def pinned(target, *args):
    """Run a child's target on CHILD_CPU."""
    if CHILD_CPU is not None:
        os.sched_setaffinity(0, {CHILD_CPU})
    target(*args)


# ---- children: say ready, then do what the parent says until it says None

def send_ints(w, ctrl):
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        for i in range(n):
            w.send(i)


def send_int_bytes(w, ctrl):
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        for i in range(n):
            w.send_bytes(i.to_bytes(8, "little"))


def put_ints(q, ctrl):
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        for i in range(n):
            q.put(i)


def set_value(v, ctrl):
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        start = time.perf_counter()
        for i in range(n):
            v.value = i
        ctrl.send(time.perf_counter() - start)


def add_under_lock(v, ctrl):
    lock = v.get_lock()
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        start = time.perf_counter()
        for _ in range(n):
            with lock:
                v.value += 1
        ctrl.send(time.perf_counter() - start)


def set_dict(d, ctrl):
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        start = time.perf_counter()
        for i in range(n):
            d["n"] = i
        ctrl.send(time.perf_counter() - start)


def set_shared_memory(shm, ctrl):
    shm.buf[:] = bytes(shm.size)  # touch every page before timing
    view = shm.buf.cast("q")
    ctrl.send("ready")
    while (n := ctrl.recv()) is not None:
        start = time.perf_counter()
        for i in range(n):
            view[0] = i
        ctrl.send(time.perf_counter() - start)
    view.release()
    shm.close()


def send_payloads(how, target, ctrl):
    if how == "shm":
        target.buf[:] = bytes(target.size)
    ctrl.send("ready")
    data = b""
    while (command := ctrl.recv()) is not None:
        if command != "go":  # a size: build the payload before any clock runs
            data = b"\xa5" * command
            ctrl.send("built")
        elif how == "send":
            target.send(data)
        elif how == "send_bytes":
            target.send_bytes(data)
        elif how == "put":
            target.put(data)
        elif how == "dict":
            target["payload"] = data
            ctrl.send(len(data))
        else:
            target.buf[:len(data)] = data
            ctrl.send(len(data))
    if how == "shm":
        target.close()


# ---- the parent

def with_child(ctx, target, args, measure):
    ctrl, child_ctrl = ctx.Pipe()
    p = ctx.Process(target=pinned, args=(target, *args, child_ctrl))
    p.start()
    ctrl.recv()  # ready
    try:
        return measure(ctrl)
    finally:
        ctrl.send(None)
        p.join()


def median_after_warmup(once, rounds):
    once()
    return statistics.median(once() for _ in range(rounds))


def stream(ctx, target, child_end, recv, n, rounds):
    def measure(ctrl):
        def once():
            start = time.perf_counter()
            ctrl.send(n)
            for _ in range(n):
                recv()
            return (time.perf_counter() - start) / n
        return median_after_warmup(once, rounds)
    return with_child(ctx, target, (child_end,), measure) * 1e6


def writes(ctx, target, shared, n, rounds):
    def measure(ctrl):
        def once():
            ctrl.send(n)
            return ctrl.recv() / n
        return median_after_warmup(once, rounds)
    return with_child(ctx, target, (shared,), measure) * 1e9


def payload(ctx, how, target, receive, size, rounds):
    def measure(ctrl):
        ctrl.send(size)
        ctrl.recv()  # built
        def once():
            start = time.perf_counter()
            ctrl.send("go")
            data = receive(ctrl)
            elapsed = time.perf_counter() - start
            assert len(data) == size
            return elapsed
        return median_after_warmup(once, rounds)
    return with_child(ctx, send_payloads, (how, target), measure) * 1e3


def main():
    cfg = json.loads(sys.argv[1])
    if PARENT_CPU is not None:
        os.sched_setaffinity(0, {PARENT_CPU})  # before the Manager: its server keeps to it too
    ctx = mp.get_context(cfg["start_method"])
    rounds = cfg["rounds"]
    manager = ctx.Manager()
    out = {}

    n = cfg["messages"]
    r, w = ctx.Pipe(duplex=False)
    out["messages.pipe_send"] = stream(ctx, send_ints, w, r.recv, n, rounds)
    r, w = ctx.Pipe(duplex=False)
    out["messages.pipe_send_bytes"] = stream(
        ctx, send_int_bytes, w, lambda: int.from_bytes(r.recv_bytes(), "little"), n, rounds)
    q = ctx.Queue()
    out["messages.queue"] = stream(ctx, put_ints, q, q.get, n, rounds)
    q = ctx.SimpleQueue()
    out["messages.simple_queue"] = stream(ctx, put_ints, q, q.get, n, rounds)
    q = manager.Queue()
    out["messages.manager_queue"] = stream(ctx, put_ints, q, q.get, cfg["manager_messages"], rounds)

    n = cfg["writes"]
    out["writes.raw_value"] = writes(ctx, set_value, ctx.RawValue("q", -1), n, rounds)
    out["writes.value"] = writes(ctx, set_value, ctx.Value("q", -1), n, rounds)
    out["writes.value_get_lock"] = writes(ctx, add_under_lock, ctx.Value("q", 0), n, rounds)
    shm = shared_memory.SharedMemory(create=True, size=max(cfg["sizes"]))
    shm.buf[:] = bytes(shm.size)
    out["writes.shared_memory"] = writes(ctx, set_shared_memory, shm, n, rounds)
    out["writes.manager_dict"] = writes(ctx, set_dict, manager.dict(), cfg["manager_writes"], rounds)

    for size in cfg["sizes"]:
        group = f"payload_{size // (1024 * 1024)}MiB"
        r, w = ctx.Pipe(duplex=False)
        out[f"{group}.pipe_send"] = payload(ctx, "send", w, lambda c: r.recv(), size, rounds)
        r, w = ctx.Pipe(duplex=False)
        out[f"{group}.pipe_send_bytes"] = payload(ctx, "send_bytes", w, lambda c: r.recv_bytes(),
                                                  size, rounds)
        q = ctx.Queue()
        out[f"{group}.queue"] = payload(ctx, "put", q, lambda c: q.get(), size, rounds)
        q = ctx.SimpleQueue()
        out[f"{group}.simple_queue"] = payload(ctx, "put", q, lambda c: q.get(), size, rounds)
        mq = manager.Queue()
        out[f"{group}.manager_queue"] = payload(ctx, "put", mq, lambda c: mq.get(), size, rounds)
        out[f"{group}.shared_memory"] = payload(
            ctx, "shm", shm, lambda c: bytes(shm.buf[:c.recv()]), size, rounds)
        d = manager.dict()
        out[f"{group}.manager_dict"] = payload(
            ctx, "dict", d, lambda c: (c.recv(), d["payload"])[1], size, rounds)
    shm.close()
    shm.unlink()
    manager.shutdown()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
'''


def run_tutor(plan: str, start_method: str, home: str) -> tuple[dict[str, float], float]:
    args = [sys.executable, "-m", "ipctutor", "bench", "--json", "--start-method", start_method]
    if plan == "quick":
        args.append("--quick")
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT,
                          env=dict(os.environ, IPCTUTOR_HOME=home))
    wall = time.perf_counter() - started
    report = json.loads(done.stdout)
    return {f"{f['group']}.{f['mechanism']}": f["value"] for f in report["figures"]}, wall


def run_bare(script: Path, cfg: dict) -> tuple[dict[str, float], float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(script), json.dumps(cfg)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout), time.perf_counter() - started


def spread(values: list[float]) -> str:
    return f"{min(values):.4g}-{max(values):.4g}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each, alternating (default 5)")
    parser.add_argument("--quick", action="store_true", help="use bench's --quick plan")
    parser.add_argument("--start-method", default="fork", choices=["fork", "spawn", "forkserver"])
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    args = parser.parse_args()

    plan = bench.QUICK if args.quick else bench.FULL
    cfg = {"start_method": args.start_method, "rounds": plan.rounds, "messages": plan.messages,
           "manager_messages": plan.manager_messages, "writes": plan.writes,
           "manager_writes": plan.manager_writes, "sizes": list(plan.sizes)}
    tutor: dict[str, list[float]] = {}
    bare: dict[str, list[float]] = {}
    walls = {"ipctutor": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bare_bench.py"
        script.write_text(BARE, encoding="utf-8")
        for run in range(args.runs):
            order = ["ipctutor", "bare"] if run % 2 == 0 else ["bare", "ipctutor"]
            for who in order:
                if who == "ipctutor":
                    figures, wall = run_tutor(plan.name, args.start_method, tmp)
                    target = tutor
                else:
                    figures, wall = run_bare(script, cfg)
                    target = bare
                walls[who].append(wall)
                for key, value in figures.items():
                    target.setdefault(key, []).append(value)
            print(f"run {run + 1}/{args.runs} done ({' then '.join(order)})", file=sys.stderr, flush=True)

    print(f"{args.runs} runs each, alternating; plan {plan.name}, start method {args.start_method}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load average now "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'figure':34} {'unit':>11}  {'ipctutor median (min-max)':>30}  "
          f"{'bare median (min-max)':>30}  ratio  slower")
    units = {"messages": "us/message", "writes": "ns/write"}
    ratios = {}
    for key in tutor:
        t_med, b_med = statistics.median(tutor[key]), statistics.median(bare[key])
        ratios[key] = t_med / b_med
        unit = units.get(key.split(".")[0], "ms/transfer")
        flag = "" if abs(ratios[key] - 1) <= 0.10 else "  <- outside 10%"
        # Runs come in adjacent pairs that saw about the same machine: in how many pairs was
        # ipctutor the slower one? All or none of them hints at a real difference, not noise.
        slower = sum(t > b for t, b in zip(tutor[key], bare[key]))
        print(f"{key:34} {unit:>11}  {f'{t_med:.4g} ({spread(tutor[key])})':>30}  "
              f"{f'{b_med:.4g} ({spread(bare[key])})':>30}  {ratios[key]:.3f}  "
              f"{slower}/{len(tutor[key])}{flag}")
    within = sum(1 for r in ratios.values() if abs(r - 1) <= 0.10)
    print(f"within 10%: {within} of {len(ratios)} figures; ratio ipctutor/bare median "
          f"{statistics.median(ratios.values()):.3f}, range {min(ratios.values()):.3f}-"
          f"{max(ratios.values()):.3f}")
    print(f"whole process, seconds: ipctutor median {statistics.median(walls['ipctutor']):.1f} "
          f"({spread(walls['ipctutor'])}), bare median {statistics.median(walls['bare']):.1f} "
          f"({spread(walls['bare'])})")
    if args.json:
        Path(args.json).write_text(json.dumps({"ipctutor": tutor, "bare": bare, "walls": walls,
                                               "ratios": ratios}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
