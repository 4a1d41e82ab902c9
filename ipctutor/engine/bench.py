"""What each IPC mechanism costs on this machine: small messages, shared writes, large payloads.

`ipctutor bench` runs this, and the Manager lesson quotes its latest figures (content/figures.py).
Stdlib only: every measuring child imports this module, and under spawn and forkserver it pays for
each import again.

How it measures (FACTS.md, "Measured costs"): one child per mechanism, started and set up (shared
memory attached, payload built) before any clock runs; per mechanism one warm-up round that is not
counted, then several rounds back to back; the figure is the median of those rounds, and the
smallest and largest are reported beside it so that a noisy machine shows as a wide spread.
On Linux the parent keeps to one CPU and every measuring child to another (`measuring_cpus()`):
left to the scheduler, a child and the parent share a CPU in some runs and not in others, and a
stream of messages costs very different amounts in the two cases. On glibc every process involved
keeps malloc's large-buffer limits fixed (`fresh_pages_for_large_buffers()`), so that a payload
costs the same whatever was measured before it.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import signal
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from multiprocessing import resource_tracker, shared_memory
from multiprocessing.connection import Connection
from typing import Callable

from ipctutor.engine.stopping import EndingsHeld, keep_tracker_from_hangups, stop_processes

FORMAT_VERSION = 1
MiB = 1024 * 1024
STEP_TIMEOUT_S = 120.0  # one measurement (one round of one mechanism) taking longer is a failure


class BenchError(Exception):
    """A measurement went wrong: a child died, answered wrongly, or never answered."""


class BenchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a measurement, after every child was stopped: says how many there were."""

    def __init__(self, stopped: int):
        super().__init__(stopped)
        self.stopped = stopped


@dataclass(frozen=True)
class Plan:
    """How much work each measurement does; --quick does less of it."""

    name: str  # "full" or "quick"
    messages: int  # small ints per round through a pipe or a queue
    manager_messages: int  # through a Manager queue: each one is a round trip to its server
    writes: int  # shared writes per round
    manager_writes: int  # writes to a Manager dict: round trips again
    sizes: tuple[int, ...]  # the large payloads, in bytes
    rounds: int  # counted rounds of each measurement, after one warm-up round


FULL = Plan("full", 20_000, 2_000, 200_000, 2_000, (MiB, 64 * MiB), 11)
QUICK = Plan("quick", 5_000, 200, 50_000, 200, (MiB, 16 * MiB), 5)


def size_label(size: int) -> str:
    return f"{size // MiB}MiB" if size % MiB == 0 else f"{size}B"


# ---------------------------------------------------------------- the mechanisms
#
# A Channel is made in the parent and handed to its child through Process args. The child sends
# (or writes), the parent receives (or checks). Loops live inside the methods so that the timed code
# is what a plain script would write: `send = w.send; for i in range(n): send(i)`.


class Channel:
    key = ""
    label = ""
    groups: tuple[str, ...] = ()
    uses_manager = False

    def child_setup(self) -> None:
        """In the child, before it says ready: attach whatever must be attached."""

    # small messages, child -> parent
    def stream(self, n: int) -> None:
        raise NotImplementedError

    def drain(self, n: int):
        """Receive n messages; return the last, which must be n - 1."""
        raise NotImplementedError

    # shared writes, timed in the child
    def reset(self) -> None:
        """In the parent, before a round of writes."""

    def write(self, n: int) -> float:
        raise NotImplementedError

    def written(self, n: int) -> bool:
        """In the parent, after a round of n writes: does shared state show them?"""
        raise NotImplementedError

    # one large payload, child -> parent
    def send_payload(self, data: bytes, ctrl) -> None:
        raise NotImplementedError

    def recv_payload(self, ctrl) -> bytes:
        raise NotImplementedError

    def child_drop(self) -> None:
        """In the child, after a size of payload is done: let go of any copy kept elsewhere."""

    def child_close(self) -> None:
        """In the child, before it exits."""

    def close(self) -> None:
        """In the parent, after the child is gone."""


class PipeSend(Channel):
    key, label, groups = "pipe_send", "Pipe send/recv", ("messages", "payload")

    def __init__(self, ctx, manager=None, capacity=0):
        self.reader, self.writer = ctx.Pipe(duplex=False)

    def stream(self, n):
        send = self.writer.send
        for i in range(n):
            send(i)

    def drain(self, n):
        recv = self.reader.recv
        last = None
        for _ in range(n):
            last = recv()
        return last

    def send_payload(self, data, ctrl):
        self.writer.send(data)

    def recv_payload(self, ctrl):
        return self.reader.recv()


class PipeSendBytes(PipeSend):
    key, label = "pipe_send_bytes", "Pipe send_bytes/recv_bytes"

    def stream(self, n):
        send_bytes = self.writer.send_bytes
        for i in range(n):
            send_bytes(i.to_bytes(8, "little"))

    def drain(self, n):
        recv_bytes = self.reader.recv_bytes
        last = None
        for _ in range(n):
            last = int.from_bytes(recv_bytes(), "little")
        return last

    def send_payload(self, data, ctrl):
        self.writer.send_bytes(data)

    def recv_payload(self, ctrl):
        return self.reader.recv_bytes()


class QueueChannel(Channel):
    key, label, groups = "queue", "Queue", ("messages", "payload")

    def __init__(self, ctx, manager=None, capacity=0):
        self.queue = self.make_queue(ctx, manager)

    def make_queue(self, ctx, manager):
        return ctx.Queue()

    def stream(self, n):
        put = self.queue.put
        for i in range(n):
            put(i)

    def drain(self, n):
        get = self.queue.get
        last = None
        for _ in range(n):
            last = get()
        return last

    def send_payload(self, data, ctrl):
        self.queue.put(data)

    def recv_payload(self, ctrl):
        return self.queue.get()


class SimpleQueueChannel(QueueChannel):
    key, label = "simple_queue", "SimpleQueue"

    def make_queue(self, ctx, manager):
        return ctx.SimpleQueue()


class ManagerQueueChannel(QueueChannel):
    key, label, uses_manager = "manager_queue", "Manager().Queue", True

    def make_queue(self, ctx, manager):
        return manager.Queue()


class ManagerDictChannel(Channel):
    key, label, groups, uses_manager = "manager_dict", "Manager().dict", ("writes", "payload"), True

    def __init__(self, ctx, manager=None, capacity=0):
        self.dict = manager.dict()

    def reset(self):
        self.dict["n"] = -1

    def write(self, n):
        d = self.dict
        start = time.perf_counter()
        for i in range(n):
            d["n"] = i
        return time.perf_counter() - start

    def written(self, n):
        return self.dict["n"] == n - 1

    def send_payload(self, data, ctrl):
        self.dict["payload"] = data
        ctrl.send(len(data))

    def recv_payload(self, ctrl):
        ctrl.recv()
        return self.dict["payload"]

    def child_drop(self):
        self.dict.pop("payload", None)  # the manager's server process holds a copy otherwise


class RawValueChannel(Channel):
    key, label, groups = "raw_value", "RawValue (no lock)", ("writes",)

    def __init__(self, ctx, manager=None, capacity=0):
        self.value = self.make_value(ctx)

    def make_value(self, ctx):
        return ctx.RawValue("q", -1)

    def reset(self):
        self.value.value = -1

    def write(self, n):
        v = self.value
        start = time.perf_counter()
        for i in range(n):
            v.value = i
        return time.perf_counter() - start

    def written(self, n):
        return self.value.value == n - 1


class ValueChannel(RawValueChannel):
    key, label = "value", "Value (locks on each write)"

    def make_value(self, ctx):
        return ctx.Value("q", -1)


class ValueGetLockChannel(RawValueChannel):
    key, label = "value_get_lock", "Value: with get_lock(): +="

    def make_value(self, ctx):
        return ctx.Value("q", 0)

    def reset(self):
        self.value.value = 0

    def write(self, n):
        v = self.value
        lock = v.get_lock()
        start = time.perf_counter()
        for _ in range(n):
            with lock:
                v.value += 1
        return time.perf_counter() - start

    def written(self, n):
        return self.value.value == n


class SharedMemoryChannel(Channel):
    key, label, groups = "shared_memory", "shared_memory.SharedMemory", ("writes", "payload")

    def __init__(self, ctx, manager=None, capacity=0):
        self.size = max(8, capacity + (-capacity) % 8)
        self.shm = shared_memory.SharedMemory(create=True, size=self.size)
        self.shm.buf[: self.size] = bytes(self.size)  # touch every page now, not while timing

    def child_setup(self):
        # Under fork the mapping is inherited, under spawn attached by name: either way the child
        # touches every page once here, so no page fault lands inside a timed round.
        self.shm.buf[: self.size] = bytes(self.size)

    def reset(self):
        self.shm.buf[:8] = (-1).to_bytes(8, sys.byteorder, signed=True)

    def write(self, n):
        view = self.shm.buf.cast("q")  # the first 8 bytes as one C long long, like RawValue("q")
        try:
            start = time.perf_counter()
            for i in range(n):
                view[0] = i
            return time.perf_counter() - start
        finally:
            view.release()

    def written(self, n):
        return int.from_bytes(self.shm.buf[:8], sys.byteorder, signed=True) == n - 1

    def send_payload(self, data, ctrl):
        self.shm.buf[: len(data)] = data
        ctrl.send(len(data))

    def recv_payload(self, ctrl):
        n = ctrl.recv()
        return bytes(self.shm.buf[:n])  # a copy the parent owns, as every other mechanism gives

    def child_close(self):
        self.shm.close()

    def close(self):
        self.shm.close()
        self.shm.unlink()  # exactly one process unlinks: the one that created it


CHANNELS: tuple[type[Channel], ...] = (
    PipeSend,
    PipeSendBytes,
    QueueChannel,
    SimpleQueueChannel,
    ManagerQueueChannel,
    RawValueChannel,
    ValueChannel,
    ValueGetLockChannel,
    SharedMemoryChannel,
    ManagerDictChannel,
)


# ---------------------------------------------------------------- which CPU measures


def measuring_cpus() -> tuple[int, int] | None:
    """(the parent's CPU, every measuring child's CPU), or None where affinity cannot be set.

    The first two CPUs this process may use; with only one, both keep to it.
    """
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except OSError:
        return None
    return (allowed[0], allowed[1]) if len(allowed) > 1 else (allowed[0], allowed[0])


def keep_to_cpu(cpu: int | None) -> set[int] | None:
    """Keep this process on `cpu`; return the CPUs it was allowed before (None: nothing done)."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        previous = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return None
    return previous


def fresh_pages_for_large_buffers() -> None:
    """glibc: give every large buffer fresh pages, as in a new process, whatever ran before.

    glibc's malloc serves buffers from 128 KiB up with fresh pages, until the first large free:
    then it raises that limit (up to 32 MiB) and keeps or returns memory depending on the process's
    history. The same 1 MiB Queue transfer measured 0.9 or 2.5 ms for that reason alone (first-touch
    page faults cost about 2.3 ms per MiB), in a bare script as in ipctutor, depending on what each
    had measured before. Fixed at their starting values, every payload pays for its pages the same
    way. Elsewhere (macOS, musl): nothing is changed.
    """
    try:
        os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError, AttributeError):
        return
    import ctypes

    mallopt = ctypes.CDLL(None).mallopt
    mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD: glibc's default, and no longer adjusted
    mallopt(-1, 128 * 1024)  # M_TRIM_THRESHOLD: likewise


# ---------------------------------------------------------------- the child


def modules_beyond_stdlib() -> list[str]:
    """Top-level modules loaded here that are not the standard library's."""
    names = {name.split(".")[0] for name in sys.modules}
    return sorted(
        n
        for n in names
        if n not in sys.stdlib_module_names and n not in ("__main__", "__mp_main__")
    )


def child_main(channel: Channel, ctrl, cpu: int | None = None) -> None:
    """A measuring child: set up, say ready, then do one step at a time as the parent asks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it stops us itself
    keep_to_cpu(cpu)
    fresh_pages_for_large_buffers()
    parent = os.getppid()
    try:
        channel.child_setup()
        ctrl.send(("ready", os.getpid(), modules_beyond_stdlib()))
        payload = b""
        while True:
            # Under fork this child also holds the parent's end of `ctrl`, so it would never see
            # EOF if the parent died: look up now and then, and leave once orphaned.
            while not ctrl.poll(1.0):
                if os.getppid() != parent:
                    return
            step, arg = ctrl.recv()
            if step == "messages":
                channel.stream(arg)
            elif step == "writes":
                ctrl.send(channel.write(arg))
            elif step == "prepare":
                payload = b"\xa5" * arg
                ctrl.send(len(payload))
            elif step == "payload":
                channel.send_payload(payload, ctrl)
            elif step == "drop":
                payload = b""
                channel.child_drop()
            elif step == "stop":
                channel.child_close()
                ctrl.send(("stopped",))
                return
    except BaseException as exc:
        try:
            ctrl.send(("error", f"{type(exc).__name__}: {exc}"))
        finally:
            sys.exit(1)


# ---------------------------------------------------------------- the parent


@dataclass
class Worker:
    """A child and the channel it measures, seen from the parent."""

    channel: Channel
    process: multiprocessing.process.BaseProcess
    ctrl: Connection  # the parent's end of a duplex Pipe to the child
    modules: list[str]

    def answer(self):
        """The child's next reply on the control pipe; its error, or its death, as a BenchError."""
        try:
            reply = self.ctrl.recv()
        except EOFError:
            self.process.join(1)
            raise BenchError(
                f"{self.channel.label}: its child process exited "
                f"(exit code {self.process.exitcode})"
            ) from None
        if isinstance(reply, tuple) and reply and reply[0] == "error":
            raise BenchError(f"{self.channel.label}: {reply[1]}")
        return reply


def start_workers(
    ctx, channels: list[Channel], workers: list[Worker] | None = None, cpu: int | None = None
) -> list[Worker]:
    """A child per channel, kept to `cpu`; each is added to `workers` as it starts, so Ctrl-C misses none."""
    workers = [] if workers is None else workers
    for channel in channels:
        parent_end, child_end = ctx.Pipe()
        process = ctx.Process(
            target=child_main,
            args=(channel, child_end, cpu),
            name=f"bench-{channel.key}",
            daemon=True,
        )
        with ctrl_c_held():
            process.start()
            workers.append(Worker(channel, process, parent_end, []))
        child_end.close()  # so that the parent sees EOF if the child dies
    for worker in workers:
        with deadline(STEP_TIMEOUT_S, f"{worker.channel.label}: starting its child"):
            reply = worker.answer()
        worker.modules = list(reply[2])
    return workers


def stop_workers(
    workers: list[Worker], manager, polite: bool = True, channels: list[Channel] | None = None
) -> None:
    """Stop every child (asked to, or after an error or Ctrl-C terminated); free shared memory."""
    for worker in workers:
        try:
            if polite and worker.process.is_alive():
                worker.ctrl.send(("stop", None))
        except OSError:
            pass
    for worker in workers:
        if polite:
            try:
                if worker.ctrl.poll(5):
                    worker.ctrl.recv()
            except (OSError, EOFError):
                pass
            worker.process.join(5)
    # what is left (all of them after an error or Ctrl-C): stopped together, as every run is stopped
    stop_processes([worker.process for worker in workers], grace=5)
    for worker in workers:
        worker.ctrl.close()
    for channel in channels if channels is not None else [w.channel for w in workers]:
        channel.close()
    if manager is not None:
        manager.shutdown()


@contextmanager
def ctrl_c_held():
    """Hold Ctrl-C back while something that must be cleaned up is made and recorded.

    A Ctrl-C between `process.start()` and recording the process would leave a child nobody
    stops; held back, it arrives a moment later, once everything to stop is known. SIGTERM and
    SIGHUP, which end the tutor as Ctrl-C does, are held back too (stopping.EndingsHeld).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):
        yield
        return
    with EndingsHeld():
        yield


@contextmanager
def deadline(seconds: float, what: str):
    """Raise BenchError in the main thread if the block outlives `seconds` (a stuck child)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum, frame):
        raise BenchError(f"{what}: no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_messages(worker: Worker, n: int) -> float:
    """Seconds per message for a stream of n small ints from the child to the parent."""
    start = time.perf_counter()
    worker.ctrl.send(("messages", n))
    last = worker.channel.drain(n)
    elapsed = time.perf_counter() - start
    if last != n - 1:
        raise BenchError(f"{worker.channel.label}: the last message was {last!r}, not {n - 1}")
    return elapsed / n


def time_writes(worker: Worker, n: int) -> float:
    """Seconds per write for n writes to shared state, timed in the child that writes."""
    worker.channel.reset()
    worker.ctrl.send(("writes", n))
    elapsed = worker.answer()
    if not worker.channel.written(n):
        raise BenchError(f"{worker.channel.label}: the parent does not see the child's {n} writes")
    return elapsed / n


def time_payload(worker: Worker, size: int) -> float:
    """Seconds for one payload of `size` bytes to go from the child to the parent."""
    start = time.perf_counter()
    worker.ctrl.send(("payload", None))
    data = worker.channel.recv_payload(worker.ctrl)
    elapsed = time.perf_counter() - start
    if len(data) != size:
        raise BenchError(f"{worker.channel.label}: got {len(data)} bytes, not {size}")
    return elapsed


def take_rounds(
    workers: list[Worker], measure: Callable[[Worker], float], rounds: int, what: str
) -> dict[str, list[float]]:
    """Per mechanism, one warm-up round and then `rounds` counted ones, back to back.

    Back to back, not taking turns with the other mechanisms: a program that keeps using one
    mechanism finds its buffers warm, and taking turns made the parent page-fault a fresh
    receive buffer each round (1 MiB through shared memory measured 2-3x slower that way).
    """
    samples: dict[str, list[float]] = {}
    for worker in workers:
        values = []
        for _ in range(rounds + 1):
            with deadline(STEP_TIMEOUT_S, f"{worker.channel.label}: {what}"):
                values.append(measure(worker))
        samples[worker.channel.key] = values[1:]
    return samples


def figure(
    group: str, channel: Channel, samples: list[float], scale: float, unit: str, **extra
) -> dict:
    values = [s * scale for s in samples]
    median = statistics.median(values)
    return {
        "group": group,
        "mechanism": channel.key,
        "label": channel.label,
        "value": round(median, 4),
        "unit": unit,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "spread_pct": round((max(values) - min(values)) / median * 100, 1) if median else 0.0,
        "rounds": len(values),
        **extra,
    }


def add_ratios(figures: list[dict]) -> None:
    """Each figure's ratio to the fastest of its group (1.0 for the fastest)."""
    for group in {f["group"] for f in figures}:
        members = [f for f in figures if f["group"] == group]
        fastest = min(f["value"] for f in members)
        for f in members:
            f["ratio_to_fastest"] = round(f["value"] / fastest, 2) if fastest else None


def comparisons(figures: list[dict], sizes: tuple[int, ...]) -> dict[str, float]:
    """The ratios a lesson quotes: how much slower a Manager is, how much faster shared memory is."""

    def value(group, mechanism):
        return next(
            (f["value"] for f in figures if f["group"] == group and f["mechanism"] == mechanism),
            None,
        )

    pairs = {
        "manager_dict_write_vs_value_write": (
            value("writes", "manager_dict"),
            value("writes", "value"),
        ),
        "manager_dict_write_vs_value_get_lock": (
            value("writes", "manager_dict"),
            value("writes", "value_get_lock"),
        ),
        "manager_dict_write_vs_raw_value_write": (
            value("writes", "manager_dict"),
            value("writes", "raw_value"),
        ),
        "manager_queue_vs_queue_message": (
            value("messages", "manager_queue"),
            value("messages", "queue"),
        ),
    }
    for size in sizes:
        group = f"payload_{size_label(size)}"
        pairs[f"queue_vs_shared_memory_{size_label(size)}"] = (
            value(group, "queue"),
            value(group, "shared_memory"),
        )
    return {name: round(a / b, 1) for name, (a, b) in pairs.items() if a and b}


def channels_named(keys) -> tuple[type[Channel], ...]:
    """The channels whose keys are given, in the report's order; unknown keys are a ValueError."""
    wanted = set(keys)
    unknown = wanted - {c.key for c in CHANNELS}
    if unknown:
        raise ValueError(f"no such mechanism: {', '.join(sorted(unknown))}")
    return tuple(c for c in CHANNELS if c.key in wanted)


def run_bench(
    plan: Plan = FULL,
    start_method: str | None = None,
    on_progress: Callable[[str, str], None] | None = None,
    mechanisms=None,
) -> dict:
    """Measure every mechanism under `plan` (or only those whose keys `mechanisms` names);
    return the report (the --json object)."""
    ctx = multiprocessing.get_context(start_method)
    classes = CHANNELS if mechanisms is None else channels_named(mechanisms)
    progress = on_progress or (lambda step, detail: None)
    started = time.perf_counter()
    manager = None
    channels: list[Channel] = []
    workers: list[Worker] = []
    cpus = measuring_cpus()
    # Before the Manager starts, so that its server process keeps to the parent's CPU too.
    allowed_before = keep_to_cpu(cpus[0] if cpus else None)
    fresh_pages_for_large_buffers()
    try:
        progress("starting", "")
        # Started lazily by the first SharedMemory, the resource tracker would unblock Ctrl-C
        # (SIG_UNBLOCK) inside ctrl_c_held() below: start it first.
        keep_tracker_from_hangups()  # a closed terminal must not kill it before it cleans up
        resource_tracker.ensure_running()
        if any(c.uses_manager for c in classes):
            with ctrl_c_held():
                manager = ctx.Manager()
        for cls in classes:
            with ctrl_c_held():
                channels.append(cls(ctx, manager, max(plan.sizes)))  # type: ignore[call-arg]
        start_workers(ctx, channels, workers, cpus[1] if cpus else None)
        figures: list[dict] = []
        groups: list[dict] = []

        for group_id, timer, count, manager_count, scale, unit, what in (
            (
                "messages",
                time_messages,
                plan.messages,
                plan.manager_messages,
                1e6,
                "us/message",
                "small messages",
            ),
            (
                "writes",
                time_writes,
                plan.writes,
                plan.manager_writes,
                1e9,
                "ns/write",
                "shared writes",
            ),
        ):
            in_group = [w for w in workers if group_id in w.channel.groups]
            if not in_group:
                continue
            progress(group_id, "")
            counts = {
                w.channel.key: manager_count if w.channel.uses_manager else count for w in in_group
            }
            samples = take_rounds(
                in_group,
                lambda w: timer(w, counts[w.channel.key]),  # noqa: B023 (run in this round)
                plan.rounds,
                what,
            )
            groups.append(
                {
                    "id": group_id,
                    "unit": unit,
                    "count": count,
                    "manager_count": manager_count,
                    "rounds": plan.rounds,
                }
            )
            figures += [
                figure(
                    group_id,
                    w.channel,
                    samples[w.channel.key],
                    scale,
                    unit,
                    count=counts[w.channel.key],
                )
                for w in in_group
            ]

        in_group = [w for w in workers if "payload" in w.channel.groups]
        for size in plan.sizes if in_group else ():
            group = f"payload_{size_label(size)}"
            progress("payload", size_label(size))
            samples = {}
            for worker in in_group:  # one payload alive at a time: 64 MiB, not 7 x 64 MiB
                worker.ctrl.send(("prepare", size))
                with deadline(STEP_TIMEOUT_S, f"{worker.channel.label}: building the payload"):
                    worker.answer()
                samples.update(
                    take_rounds(
                        [worker],
                        partial(time_payload, size=size),
                        plan.rounds,
                        f"a {size_label(size)} payload",
                    )
                )
                worker.ctrl.send(("drop", None))
            groups.append(
                {"id": group, "unit": "ms/transfer", "size_bytes": size, "rounds": plan.rounds}
            )
            for w in in_group:
                f = figure(
                    group, w.channel, samples[w.channel.key], 1e3, "ms/transfer", size_bytes=size
                )
                f["mib_per_s"] = round(size / MiB / (f["value"] / 1e3), 1)
                figures.append(f)
        child_modules = sorted({m for w in workers for m in w.modules})
    except BaseException as exc:
        stop_workers(
            workers, manager, polite=False, channels=channels
        )  # no waiting on a stuck child
        if isinstance(exc, KeyboardInterrupt):
            raise BenchInterrupted(len(workers) + (manager is not None)) from None
        raise
    finally:
        if allowed_before is not None:
            os.sched_setaffinity(0, allowed_before)
    stop_workers(workers, manager, channels=channels)
    add_ratios(figures)
    return {
        "format_version": FORMAT_VERSION,
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "plan": plan.name,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "start_method": ctx.get_start_method(),
        "default_start_method": multiprocessing.get_context().get_start_method(),
        "parent_pid": os.getpid(),
        "cpus_used": {"parent": cpus[0], "children": cpus[1]} if cpus else None,
        "mechanisms": [c.key for c in classes],
        "complete": classes == CHANNELS,
        "child_modules_beyond_stdlib": child_modules,
        "elapsed_s": round(time.perf_counter() - started, 2),
        "groups": groups,
        "figures": figures,
        "comparisons": comparisons(figures, plan.sizes),
    }
