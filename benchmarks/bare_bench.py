"""The bare script: what `ipctutor bench` measures, in plain multiprocessing code, nothing of ipctutor.

`bench_vs_bare.py` runs it beside `ipctutor bench` and compares the figures. As in ipctutor: one
child per mechanism, started and ready before any clock runs, which does what the parent asks (a
stream of small messages, a run of shared writes, one large payload) until told to stop; per
figure a warm-up round, then the median of the counted rounds. The parent keeps to one CPU and the
children to another (Linux).

    python benchmarks/bare_bench.py '{"start_method": "fork", "rounds": 9, "messages": 5000,
        "manager_messages": 500, "writes": 50000, "manager_writes": 500,
        "sizes": [1048576, 16777216], "mechanisms": ["queue", "value"]}'
"""

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
GROUPS = {
    "pipe_send": ("messages", "payload"),
    "pipe_send_bytes": ("messages", "payload"),
    "queue": ("messages", "payload"),
    "simple_queue": ("messages", "payload"),
    "manager_queue": ("messages", "payload"),
    "raw_value": ("writes",),
    "value": ("writes",),
    "value_get_lock": ("writes",),
    "shared_memory": ("writes", "payload"),
    "manager_dict": ("writes", "payload"),
}


def fresh_pages_for_large_buffers():
    """glibc: every buffer from 128 KiB up gets fresh pages, whatever the process did before."""
    try:
        os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError, AttributeError):
        return
    import ctypes

    mallopt = ctypes.CDLL(None).mallopt
    mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD, fixed at glibc's default
    mallopt(-1, 128 * 1024)  # M_TRIM_THRESHOLD, likewise


# ---- the child


def send_messages(how, target, n):
    if how == "pipe_send_bytes":
        send_bytes = target.send_bytes
        for i in range(n):
            send_bytes(i.to_bytes(8, "little"))
    else:
        send = target.send if how == "pipe_send" else target.put
        for i in range(n):
            send(i)


def timed_writes(how, target, n):
    if how == "manager_dict":
        start = time.perf_counter()
        for i in range(n):
            target["n"] = i
    elif how == "shared_memory":
        view = target.buf.cast("q")
        start = time.perf_counter()
        for i in range(n):
            view[0] = i
        view.release()
    elif how == "value_get_lock":
        lock = target.get_lock()
        start = time.perf_counter()
        for _ in range(n):
            with lock:
                target.value += 1
    else:
        start = time.perf_counter()
        for i in range(n):
            target.value = i
    return time.perf_counter() - start


def send_payload(how, target, data, ctrl):
    if how == "pipe_send":
        target.send(data)
    elif how == "pipe_send_bytes":
        target.send_bytes(data)
    elif how == "shared_memory":
        target.buf[: len(data)] = data
        ctrl.send(len(data))
    elif how == "manager_dict":
        target["payload"] = data
        ctrl.send(len(data))
    else:
        target.put(data)


def child(how, target, ctrl):
    if CHILD_CPU is not None:
        os.sched_setaffinity(0, {CHILD_CPU})
    fresh_pages_for_large_buffers()
    if how == "shared_memory":
        target.buf[:] = bytes(target.size)  # touch every page before any clock runs
    ctrl.send("ready")
    data = b""
    while (command := ctrl.recv()) is not None:
        step, arg = command
        if step == "messages":
            send_messages(how, target, arg)
        elif step == "writes":
            ctrl.send(timed_writes(how, target, arg))
        elif step == "prepare":  # build the payload before any clock runs
            data = b"\xa5" * arg
            ctrl.send(len(data))
        elif step == "payload":
            send_payload(how, target, data, ctrl)
        elif step == "drop":
            data = b""
            if how == "manager_dict":
                target.pop("payload", None)
    if how == "shared_memory":
        target.close()


# ---- the parent


def make(how, ctx, manager, size):
    """What the child writes to, which the parent reads from too."""
    if how in ("pipe_send", "pipe_send_bytes"):
        return ctx.Pipe(duplex=False)  # (the parent's reading end, the child's writing end)
    if how == "queue":
        shared = ctx.Queue()
    elif how == "simple_queue":
        shared = ctx.SimpleQueue()
    elif how == "manager_queue":
        shared = manager.Queue()
    elif how == "raw_value":
        shared = ctx.RawValue("q", -1)
    elif how == "value":
        shared = ctx.Value("q", -1)
    elif how == "value_get_lock":
        shared = ctx.Value("q", 0)
    elif how == "manager_dict":
        shared = manager.dict()
    else:
        shared = shared_memory.SharedMemory(create=True, size=size)
        shared.buf[:] = bytes(size)
    return shared, shared


def median_after_warmup(once, rounds):
    once()
    return statistics.median(once() for _ in range(rounds))


def measure(how, ctx, manager, cfg):
    """Every figure of one mechanism, from one child: {"group.mechanism": value}."""
    rounds, out = cfg["rounds"], {}
    through_manager = how.startswith("manager_")
    mine, childs = make(how, ctx, manager, max(cfg["sizes"]))
    ctrl, child_ctrl = ctx.Pipe()
    p = ctx.Process(target=child, args=(how, childs, child_ctrl))
    p.start()
    ctrl.recv()  # ready

    if "messages" in GROUPS[how]:
        n = cfg["manager_messages"] if through_manager else cfg["messages"]
        if how == "pipe_send_bytes":
            recv_bytes = mine.recv_bytes
            receive = lambda: int.from_bytes(recv_bytes(), "little")  # noqa: E731
        else:
            receive = mine.recv if how == "pipe_send" else mine.get

        def stream():
            start = time.perf_counter()
            ctrl.send(("messages", n))
            for _ in range(n):
                receive()
            return (time.perf_counter() - start) / n

        out[f"messages.{how}"] = median_after_warmup(stream, rounds) * 1e6

    if "writes" in GROUPS[how]:
        n = cfg["manager_writes"] if through_manager else cfg["writes"]

        def writes():
            ctrl.send(("writes", n))
            return ctrl.recv() / n

        out[f"writes.{how}"] = median_after_warmup(writes, rounds) * 1e9

    if "payload" in GROUPS[how]:
        if how == "pipe_send":
            receive = mine.recv
        elif how == "pipe_send_bytes":
            receive = mine.recv_bytes
        elif how == "shared_memory":
            receive = lambda: bytes(mine.buf[: ctrl.recv()])  # noqa: E731
        elif how == "manager_dict":
            receive = lambda: (ctrl.recv(), mine["payload"])[1]  # noqa: E731
        else:
            receive = mine.get
        for size in cfg["sizes"]:
            ctrl.send(("prepare", size))
            ctrl.recv()  # built

            def transfer(size=size):  # called at once, in this round
                start = time.perf_counter()
                ctrl.send(("payload", None))
                data = receive()
                elapsed = time.perf_counter() - start
                assert len(data) == size
                return elapsed

            out[f"payload_{size // (1024 * 1024)}MiB.{how}"] = (
                median_after_warmup(transfer, rounds) * 1e3
            )
            ctrl.send(("drop", None))

    ctrl.send(None)
    p.join()
    if how == "shared_memory":
        mine.close()
        mine.unlink()
    return out


def main():
    cfg = json.loads(sys.argv[1])
    if PARENT_CPU is not None:
        os.sched_setaffinity(0, {PARENT_CPU})  # before the Manager: its server keeps to it too
    fresh_pages_for_large_buffers()
    ctx = mp.get_context(cfg["start_method"])
    manager = ctx.Manager() if {"manager_queue", "manager_dict"} & set(cfg["mechanisms"]) else None
    out = {}
    for how in cfg["mechanisms"]:
        out.update(measure(how, ctx, manager, cfg))
    if manager is not None:
        manager.shutdown()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
