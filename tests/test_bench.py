"""`ipctutor bench`: every mechanism measured for real, one JSON object, exports, one-line errors.

No timing assertions: the figures depend on the machine and its load. What is checked is that every
mechanism got a positive figure with its unit, that the output keeps its contracts, and that a
measuring child that breaks is reported rather than waited on forever.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import processes_left_with, processes_with, run_cli
from ipctutor.content import figures
from ipctutor.engine import bench
from ipctutor.screen import bench_view

HEAVY = {"rich", "typer", "questionary", "yaml", "pydantic", "platformdirs", "prompt_toolkit"}


def expected_groups(report: dict) -> dict[str, set[str]]:
    """Which mechanisms each group of the report must hold, from the channels bench knows."""
    wanted = {}
    for group in report["groups"]:
        kind = "payload" if group["id"].startswith("payload_") else group["id"]
        wanted[group["id"]] = {c.key for c in bench.CHANNELS if kind in c.groups}
    return wanted


def check_report(report: dict, start_method: str) -> None:
    assert report["format_version"] == bench.FORMAT_VERSION
    assert report["plan"] == "quick"
    assert report["start_method"] == start_method
    assert [g["id"] for g in report["groups"]] == [
        "messages",
        "writes",
        "payload_1MiB",
        "payload_16MiB",
    ]
    units = {"messages": "us/message", "writes": "ns/write"}
    for group_id, mechanisms in expected_groups(report).items():
        figures = [f for f in report["figures"] if f["group"] == group_id]
        assert {f["mechanism"] for f in figures} == mechanisms
        for f in figures:
            assert f["value"] > 0 and f["min"] > 0 and f["min"] <= f["value"] <= f["max"], f
            assert f["unit"] == units.get(group_id, "ms/transfer"), f
            assert f["rounds"] == bench.QUICK.rounds
            assert f["ratio_to_fastest"] >= 1.0
            if group_id.startswith("payload_"):
                assert f["mib_per_s"] > 0 and f["size_bytes"] in bench.QUICK.sizes
        assert min(f["ratio_to_fastest"] for f in figures) == 1.0
    assert {
        "manager_dict_write_vs_value_write",
        "manager_queue_vs_queue_message",
        "queue_vs_shared_memory_1MiB",
        "queue_vs_shared_memory_16MiB",
    } <= set(report["comparisons"])
    assert all(v > 0 for v in report["comparisons"].values())
    assert report["elapsed_s"] > 0
    if hasattr(os, "sched_setaffinity"):
        assert set(report["cpus_used"].values()) <= os.sched_getaffinity(0)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])  # forkserver: the plain run below
def test_quick_json_measures_every_mechanism(start_method, tutor_env, tmp_path):
    if start_method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{start_method} is not available here")
    args = ["bench", "--quick", "--json", "--start-method", start_method]
    svg = tmp_path / "bench.svg"
    if start_method == "fork":
        args += ["--export", str(svg)]
    result = run_cli(*args, env=tutor_env, timeout=180)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # the JSON object is all of stdout
    assert result.stdout.strip().count("\n") == 0
    check_report(report, start_method)

    # the learner's latest figures are kept where progress lives, for the Manager lesson
    saved = Path(tutor_env["IPCTUTOR_HOME"]) / "bench.json"
    assert report["saved_to"] == str(saved)
    latest = figures.latest_figures()
    assert latest is not None and latest["figures"] == report["figures"]
    assert latest["comparisons"]["manager_dict_write_vs_value_write"] > 0

    if start_method != "fork":  # under fork a child inherits the parent's modules as they are
        assert "ipctutor" in report["child_modules_beyond_stdlib"]
        assert not HEAVY & set(report["child_modules_beyond_stdlib"]), report[
            "child_modules_beyond_stdlib"
        ]
    if start_method == "fork":
        text = svg.read_text(encoding="utf-8")
        assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
        assert "Manager().dict" in text and "SharedMemory" in text
        assert f"Wrote {svg}" in result.stderr


def test_only_measures_what_it_names_and_keeps_the_last_full_run(tutor_env):
    figures.save_figures(
        {"format_version": bench.FORMAT_VERSION, "figures": [{"value": 7}], "comparisons": {}}
    )
    result = run_cli(
        "bench",
        "--quick",
        "--json",
        "--only",
        "value",
        "--only",
        "manager_dict",
        env=tutor_env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["mechanisms"] == ["value", "manager_dict"] and report["complete"] is False
    assert {(f["group"], f["mechanism"]) for f in report["figures"]} == {
        ("writes", "value"),
        ("writes", "manager_dict"),
        ("payload_1MiB", "manager_dict"),
        ("payload_16MiB", "manager_dict"),
    }
    assert [g["id"] for g in report["groups"]] == ["writes", "payload_1MiB", "payload_16MiB"]
    assert all(f["value"] > 0 for f in report["figures"])
    assert report["comparisons"] == {
        "manager_dict_write_vs_value_write": pytest.approx(
            report["figures"][1]["value"] / report["figures"][0]["value"], rel=0.02
        )
    }
    # a partial run is not the learner's latest figures: the Manager lesson keeps the full one
    assert report["saved_to"] is None
    assert figures.latest_figures()["figures"] == [{"value": 7}]

    plain = run_cli(
        "bench", "--quick", "--plain", "--only", "raw_value", env=tutor_env, timeout=120
    )
    assert plain.returncode == 0, plain.stderr
    assert "RawValue" in plain.stdout and "Queue" not in plain.stdout
    assert "Only part measured (--only): not kept as your latest figures." in plain.stdout


def test_only_choices_are_the_channels():
    from ipctutor.commands.bench import Mechanism

    assert [m.value for m in Mechanism] == [c.key for c in bench.CHANNELS]
    assert bench.channels_named(["shared_memory", "pipe_send"]) == (
        bench.PipeSend,
        bench.SharedMemoryChannel,
    )
    with pytest.raises(ValueError, match="no such mechanism: lock"):
        bench.channels_named(["lock", "value"])


def test_plain_chinese_and_html_export_under_forkserver(tutor_env, tmp_path):
    """A full plain run in Chinese, exported to HTML; the report it kept holds what --json gives."""
    html = tmp_path / "bench.html"
    env = dict(tutor_env, IPCTUTOR_LANG="zh")
    result = run_cli(
        "bench",
        "--quick",
        "--plain",
        "--start-method",
        "forkserver",
        "--export",
        str(html),
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # plain: no colour codes
    assert "这说明了什么" in out and "测量用时" in out and "快速模式" in out
    for mechanism in ("Pipe send_bytes/recv_bytes", "SimpleQueue", "Manager().Queue", "RawValue"):
        assert mechanism in out
    page = html.read_text(encoding="utf-8")
    assert "<html" in page.lower() and "Manager().dict" in page and "这说明了什么" in page
    kept = figures.latest_figures()  # the same report --json prints, kept for the Manager lesson
    check_report(kept, "forkserver")
    assert "ipctutor" in kept["child_modules_beyond_stdlib"]
    assert not HEAVY & set(kept["child_modules_beyond_stdlib"]), kept["child_modules_beyond_stdlib"]


@pytest.mark.parametrize(
    "args, words",
    [
        (["--export", "figures.png"], "unknown suffix '.png'; use .svg or .html"),
        (["--export", "no/such/folder/figures.svg"], "does not exist"),
        (["--start-method", "thread"], "'thread' is not one of"),
        (["--quick", "--rounds", "3"], "No such option"),
        (["--only", "lock"], "'lock' is not one of 'pipe_send'"),
    ],
)
def test_bad_options_are_one_line(args, words, tutor_env, tmp_path):
    result = run_cli("bench", *args, env=tutor_env, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (
        Path(tutor_env["IPCTUTOR_HOME"]) / "bench.json"
    ).exists()  # refused before measuring


def test_latest_figures_none_missing_or_damaged(tutor_env):
    assert figures.latest_figures() is None
    path = figures.figures_path()
    path.parent.mkdir(parents=True)
    for damaged in (
        "",
        '{"format_version": 1, "figu',
        "[1, 2]",
        json.dumps({"format_version": 99, "figures": []}),
    ):
        path.write_text(damaged, encoding="utf-8")
        assert figures.latest_figures() is None


def test_save_is_atomic_and_replaces(tutor_env):
    first = {"format_version": bench.FORMAT_VERSION, "figures": [{"value": 1}], "comparisons": {}}
    second = dict(first, figures=[{"value": 2}])
    figures.save_figures(first)
    figures.save_figures(second)
    assert figures.latest_figures()["figures"] == [{"value": 2}]
    assert os.listdir(figures.figures_path().parent) == ["bench.json"]  # no temporary file left


def test_unwritable_home_is_a_warning(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IPCTUTOR_HOME", str(blocker / "home"))
    assert bench_view.save({"format_version": 1, "figures": []}) is None
    err = capsys.readouterr().err
    assert err.startswith("ipctutor: could not save the figures to") and err.count("\n") == 1


class BrokenWrites(bench.RawValueChannel):
    """A channel whose child raises mid-measurement."""

    key, label = "broken", "Broken"

    def write(self, n):
        raise ValueError("boom")


def test_a_failing_child_is_reported_not_waited_for():
    # spawn, not fork: forking pytest's multi-threaded process warns on 3.12+; the child finds
    # BrokenWrites by importing this module, as it would any demo's
    ctx = multiprocessing.get_context("spawn")
    workers = bench.start_workers(ctx, [BrokenWrites(ctx)])
    try:
        with pytest.raises(bench.BenchError, match="Broken: ValueError: boom"):
            bench.time_writes(workers[0], 10)
    finally:
        bench.stop_workers(workers, None)
    assert workers[0].process.exitcode is not None  # reaped, not left behind


class AffinityProbe(bench.Channel):
    """Answers a round of writes with the one CPU its child may run on (-1 if not just one)."""

    key, label, groups = "probe", "Probe", ("writes",)

    def __init__(self, ctx):
        pass

    def write(self, n):
        allowed = os.sched_getaffinity(0)
        return float(min(allowed)) if len(allowed) == 1 else -1.0


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux-only")
def test_children_keep_to_their_cpu_and_the_parent_gets_its_cpus_back():
    allowed = os.sched_getaffinity(0)
    parent_cpu, child_cpu = bench.measuring_cpus()
    assert {parent_cpu, child_cpu} <= allowed
    before = bench.keep_to_cpu(parent_cpu)
    try:
        assert before == allowed and os.sched_getaffinity(0) == {parent_cpu}
    finally:
        os.sched_setaffinity(0, before)
    ctx = multiprocessing.get_context("spawn")
    workers = bench.start_workers(ctx, [AffinityProbe(ctx)], cpu=child_cpu)
    try:
        workers[0].ctrl.send(("writes", 1))
        assert workers[0].answer() == float(child_cpu)
    finally:
        bench.stop_workers(workers, None)


def test_words_and_numbers():
    assert bench_view.human_time(2.9e-6) == "2.90 µs"
    assert bench_view.human_time(23e-9) == "23.0 ns"
    assert bench_view.human_time(0.0443) == "44.3 ms"
    assert bench_view.round_ratio(251.34) == 251 and bench_view.round_ratio(2.24) == 2.2
    assert bench_view.bar_length(1.0, 500.0, 40, log=True) == 1
    assert bench_view.bar_length(500.0, 500.0, 40, log=True) == pytest.approx(40)
    assert bench_view.bar_length(2.0, 4.0, 40, log=False) == 20


def test_spread_text_shares_a_unit():
    figure = {"unit": "us/message", "min": 8.63, "max": 11.2}
    assert bench_view.spread_text(figure) == "8.63–11.2 µs"
    figure = {"unit": "ms/transfer", "min": 0.813, "max": 2.26}
    assert bench_view.spread_text(figure) == "813 µs–2.26 ms"


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_ctrl_c_stops_every_child(tutor_env):
    marker = tutor_env["IPCTUTOR_HOME"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipctutor", "bench", "--quick", "--plain"],
        env=tutor_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        for line in proc.stdout:  # wait until the children are measuring
            if line.startswith("Timing small messages"):
                break
        assert len(processes_with(marker)) > 5  # the parent, its children and the manager
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert (
        err.strip()
        == f"ipctutor: Interrupted: stopped and reaped every child ({len(bench.CHANNELS) + 1})."
    )
    assert processes_left_with(marker) == []


PAGES_PROBE = r"""
import ctypes, sys
from ipctutor.engine import bench

class Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Mallinfo2
if sys.argv[1] == "fixed":
    bench.fresh_pages_for_large_buffers()
big = bytearray(4 * 1024 * 1024)
del big  # glibc left alone now raises its limit: a later 1 MiB buffer comes from the heap
before = libc.mallinfo2().hblks
one = bytearray(1024 * 1024)
print("fresh" if libc.mallinfo2().hblks > before else "reused")
"""


def test_payloads_get_fresh_pages_whatever_ran_before():
    """The reason bench's payload figures no longer depend on what was measured before them."""
    try:
        os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError, AttributeError):
        pytest.skip("glibc only")
    seen = {
        how: subprocess.run(
            [sys.executable, "-c", PAGES_PROBE, how], capture_output=True, text=True, check=True
        ).stdout.strip()
        for how in ("default", "fixed")
    }
    # Left alone, glibc usually serves the 1 MiB buffer from memory the 4 MiB one gave back
    # ("reused"), but that depends on what the interpreter allocated while starting (once seen
    # "fresh" on 3.12 in CI); with the limits fixed it is fresh pages every time.
    assert seen["default"] in ("reused", "fresh") and seen["fixed"] == "fresh", seen
