"""`run --timeline` and `run --trace FILE.json`: every process's real moments on one time axis.

The drawing is checked against the run's own JSON (the same run: --json puts the timeline on
stderr), the trace file against the Trace Event Format, and the clock against causality: a
message is received after its sender said it was running, in another process.
"""

from __future__ import annotations

import json
import re

import pexpect
import pytest

from helpers import run_cli, spawn_tutor
from ipctutor.screen.textwidth import cell_width

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ROW = re.compile(r"^(?P<label>.*?) │(?P<bar>.*)│ ?(?P<tail>\S*)$")


def bars(lines: list[str]) -> dict[str, tuple[str, str, str]]:
    """The timeline's rows: name -> (label, bar, tail)."""
    rows = {}
    for line in lines:
        match = ROW.match(line)
        if match and match["label"].strip():
            rows[match["label"].split()[0]] = (match["label"], match["bar"], match["tail"])
    return rows


def column(t_s: float, times: list[float], width: int) -> int:
    """Where the timeline draws a moment t_s seconds after the start, on the axis that the run's
    moments `times` (from the JSON) make in `width` columns."""
    from ipctutor.screen.timeline import axis_from_times

    return axis_from_times(0.0, times, width).column(t_s)


def near(bar: str, at: int, glyph: str) -> bool:
    """The glyph is drawn at column `at`, or one beside it (the JSON's times are rounded)."""
    return glyph in bar[max(0, at - 1) : at + 2]


def test_pipe_timeline_shows_four_children_whose_marks_match_the_json(tutor_env):
    proc = run_cli(
        "run", "pipe", "--workers", "4", "--delay", "0.2", "--json", "--timeline", env=tutor_env
    )
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)  # stdout is the JSON alone; the drawing went to stderr
    lines = proc.stderr.splitlines()
    rows = bars(lines)
    children = [p for p in run["processes"] if p["role"] == "child"]
    assert sorted(p["name"] for p in children) == [f"child-{n}" for n in range(4)]
    assert sorted(name for name in rows if name.startswith("child-")) == [
        f"child-{n}" for n in range(4)
    ]
    times = [m["t_s"] for p in [*children, {"marks": run["parent_marks"]}] for m in p["marks"]]
    span = max(times)
    title = re.search(r"0 to (\d+) ms", proc.stderr)
    assert abs(int(title.group(1)) - span * 1000) <= 1

    for child in children:
        label, bar, tail = rows[child["name"]]
        assert str(child["pid"]) in label.split()  # the real PID, the one --json gives
        assert tail == str(child["exitcode"]) == "0"
        width = len(bar)
        marks = {m["what"]: m for m in child["marks"]}
        assert {(m["what"], m["by"]) for m in child["marks"]} == {
            ("seen", "parent"),
            ("started", "self"),
            ("running", "self"),
            ("sent", "self"),
            ("done", "self"),
            ("exited", "parent"),
        }
        n = int(child["name"].split("-")[1])
        assert marks["sent"]["detail"] == str(["hello", n])  # the observer's short repr of the data
        # the code, when the monitor could read it before the demo's join() reaped the child
        assert marks["exited"].get("detail") in (0, None)
        assert near(bar, column(marks["sent"]["t_s"], times, width), "●")
        first = min(m["t_s"] for m in child["marks"])
        last = max(m["t_s"] for m in child["marks"])
        drawn = [i for i, ch in enumerate(bar) if ch != " "]
        assert abs(drawn[0] - column(first, times, width)) <= 1  # the bar starts at its first mark
        assert abs(drawn[-1] - column(last, times, width)) <= 1  # and ends at its last
        assert bar.count("●") == 1

    _, parent_bar, _ = rows["MainProcess"]
    received = [m for m in run["parent_marks"] if m["what"] == "received"]
    assert sorted(m["detail"] for m in received) == [str(["hello", n]) for n in range(4)]
    for mark in received:
        assert near(parent_bar, column(mark["t_s"], times, len(parent_bar)), "◆")
    assert "CLOCK_MONOTONIC" in proc.stderr  # the legend says which clock


def test_a_quiet_second_is_drawn_short_and_what_happened_after_it_spread():
    """A second of sleep, then every send, receive and exit within ten milliseconds: linear, they
    would share the last two columns; squeezed, each moment has a column of its own."""
    from ipctutor.screen.timeline import QUIET_SHARE, axis_from_times

    busy = [1.0 + n / 1000 for n in range(10)]  # ten moments, a millisecond apart
    axis = axis_from_times(0.0, [0.0, 0.005, *busy], 60)
    columns = [axis.column(at) for at in busy]
    assert len(set(columns)) == 10 and columns == sorted(columns)
    assert axis.squeezed == [(0.005, 1.0)]
    assert axis.column(1.0) - axis.column(0.005) <= 60 / QUIET_SHARE + 1  # the quiet second, short
    assert abs(axis.time_at(axis.position(1.004)) - 1.004) < 1e-9  # the ruler reads it back
    even = axis_from_times(0.0, [n / 10 for n in range(11)], 60)  # nothing quiet: linear
    assert not even.knots and even.column(0.5) == 30


def test_times_are_on_one_clock_across_processes():
    """Under spawn each child is a fresh interpreter; still, its own readings and the parent's
    fall in cause-and-effect order, which they could not on unrelated clocks."""
    from ipctutor.engine.watch import run_plain_demo

    run = run_plain_demo("pipe", workers=3, delay=0, start_method="spawn", timeout=60)
    assert run.outcome == "ok"
    parent = run.rows[run.parent_pid]
    born = next(m.at for m in parent.marks if m.what == "started")
    received = {m.detail: m.at for m in parent.marks if m.what == "received"}
    for child in run.children:
        marks = {m.what: m for m in child.marks}
        n = int(child.name.split("-")[1])
        assert (
            born < marks["seen"].at < marks["started"].at
        )  # the parent started it before it began
        assert marks["started"].at < marks["running"].at < received[str(["hello", n])]
        assert marks["running"].at <= marks["sent"].at <= marks["done"].at
        assert marks["done"].at < marks["exited"].at  # the parent saw it end after it said done
        assert marks["running"].by == "self" and marks["exited"].by == "parent"
        # what the README's picture shows: a spawned child's PID exists (and is seen) while its
        # fresh interpreter is still starting, before it can say it is running
        assert marks["seen"].at < marks["running"].at
        assert child.tid == child.pid  # it ran its target in its main thread, whose TID is its PID


TRACE_PHASES = {"X", "i", "M", "s", "f"}
METADATA_NAMES = {
    "process_name",
    "process_labels",
    "process_sort_index",
    "thread_name",
    "thread_sort_index",
}


def check_trace_event_format(document: dict) -> None:
    """The structure the Trace Event Format asks of the events we write (JSON Object Format)."""
    assert isinstance(document, dict) and isinstance(document["traceEvents"], list)
    assert document.get("displayTimeUnit", "ms") in ("ms", "ns")
    for event in document["traceEvents"]:
        assert event["ph"] in TRACE_PHASES, event
        assert isinstance(event["name"], str) and event["name"]
        assert isinstance(event["pid"], int) and isinstance(event["tid"], int)
        assert isinstance(event.get("args", {}), dict)
        if event["ph"] == "M":
            assert event["name"] in METADATA_NAMES
            key = "sort_index" if event["name"].endswith("sort_index") else "name"
            assert isinstance(event["args"][key], int if key == "sort_index" else str)
            continue
        assert isinstance(event["ts"], (int, float)) and event["ts"] >= 0  # microseconds
        if event["ph"] == "X":
            assert isinstance(event["dur"], (int, float)) and event["dur"] >= 0
        elif event["ph"] == "i":
            assert event.get("s", "t") in ("g", "p", "t")
        else:  # a flow event: an id shared by its start and its end
            assert isinstance(event["id"], (int, str)) and event.get("bp", "e") == "e"


def test_trace_file_follows_the_trace_event_format_with_real_pids(tutor_env, tmp_path):
    trace = tmp_path / "run.json"
    proc = run_cli(
        "run", "pipe", "-n", "3", "--delay", "0", "--json", "--trace", str(trace), env=tutor_env
    )
    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)  # with --json, stdout stays the JSON alone
    assert f"Wrote the trace {trace}" in proc.stderr
    document = json.loads(trace.read_text())
    check_trace_event_format(document)
    events = document["traceEvents"]
    names = {e["pid"]: e["args"]["name"] for e in events if e["name"] == "process_name"}
    assert names[run["parent_pid"]] == f"MainProcess (parent, pid {run['parent_pid']})"
    for child in run["processes"]:
        pid = child["pid"]
        assert names[pid] == f"{child['name']} (pid {pid})"
        (life,) = [e for e in events if e["ph"] == "X" and e["pid"] == pid]
        instants = [e for e in events if e["ph"] == "i" and e["pid"] == pid]
        assert len(instants) == len(child["marks"])
        for event, mark in zip(instants, child["marks"]):  # same moments, in µs, in time order
            assert abs(event["ts"] - mark["t_s"] * 1e6) <= 1
            assert life["ts"] <= event["ts"] <= life["ts"] + life["dur"] + 0.001
            assert event["cat"] == mark["by"]
        sent = [e for e in instants if e["name"] == "sent"]
        assert [e["args"]["detail"] for e in sent] == [str(["hello", int(child["name"][-1])])]
        assert life["args"]["exit_code"] == 0
    # an arrow from each child's sending to the parent's receiving of the same message
    flows = {}
    for event in (e for e in events if e["ph"] in "sf"):
        flows.setdefault(event["id"], {})[event["ph"]] = event
    by_pid = {p["pid"]: p["name"] for p in run["processes"]}
    received = {
        json.dumps(m["detail"]): m["t_s"] for m in run["parent_marks"] if m["what"] == "received"
    }
    # every message, except one the parent noted receiving before its sender noted sending it
    # (each reads the clock just after its step): an arrow back in time is not drawn
    in_order = sorted(
        p["name"]
        for p in run["processes"]
        for m in p["marks"]
        if m["what"] == "sent" and m["t_s"] <= received[json.dumps(m["detail"])]
    )
    assert sorted(by_pid[f["s"]["pid"]] for f in flows.values()) == in_order
    for flow in flows.values():
        assert flow["f"]["pid"] == run["parent_pid"] and flow["s"]["ts"] <= flow["f"]["ts"]
        assert (
            flow["s"]["name"]
            == flow["f"]["name"]
            == f"message ['hello', {by_pid[flow['s']['pid']][-1]}]"
        )
    (parent_life,) = [e for e in events if e["ph"] == "X" and e["pid"] == run["parent_pid"]]
    assert abs(parent_life["dur"] / 1e6 - run["elapsed_s"]) < 0.001  # microseconds, not ms


@pytest.mark.parametrize(
    "bad, says",
    [
        ("{tmp}/no/such/folder/t.json", "cannot write into"),
        ("{tmp}/trace.txt", "must end in .json"),
        ("{tmp}", "that is a folder"),
    ],
)
def test_a_bad_trace_path_is_refused_before_anything_runs(bad, says, tutor_env, tmp_path):
    proc = run_cli(
        "run",
        "pipe",
        "-n",
        "2",
        "--delay",
        "0",
        "--plain",
        "--trace",
        bad.format(tmp=tmp_path),
        env=tutor_env,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""  # not a single process started
    (line,) = proc.stderr.strip().splitlines()
    assert says in line and "Traceback" not in proc.stderr


@pytest.mark.parametrize("mode", [["--pitfall", "race"], ["--repeat", "2"]])
def test_timeline_is_for_one_run(mode, tutor_env):
    proc = run_cli("run", "value", *mode, "--timeline", env=tutor_env)
    assert proc.returncode == 2 and proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert "--timeline and --trace show one run" in line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plain_timeline_fits_the_width_and_lines_up_in_chinese(lang, tutor_env):
    env = dict(tutor_env, COLUMNS="64", IPCTUTOR_LANG=lang)
    proc = run_cli("run", "pipe", "-n", "3", "--delay", "0.05", "--plain", "--timeline", env=env)
    assert proc.returncode == 0, proc.stderr
    timeline = proc.stdout[proc.stdout.rindex("-- ") :].splitlines()
    assert all(cell_width(line) <= 64 for line in timeline), timeline
    rows = [line for line in timeline if ROW.match(line)]
    assert len(rows) == 4  # the parent and three children
    # every bar starts at the same terminal column, a Chinese label (父进程: 2 columns a character) too
    assert len({cell_width(line[: line.index(" │")]) for line in rows}) == 1
    assert ("父进程" if lang == "zh" else "(parent)") in rows[0]


def test_timeline_drawn_in_a_real_terminal(tutor_env):
    env = dict(tutor_env)
    env.pop("COLUMNS")  # the width is the terminal's own
    child = spawn_tutor(
        "run", "pipe", "--workers", "4", "--delay", "0.2", "--timeline", env=env, width=100
    )
    child.expect("Timeline: 0 to")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    screen = ANSI.sub("", child.before)
    lines = screen.replace("\r", "").splitlines()
    inside = [re.sub(r"^│ (.*?) *│$", r"\1", line) for line in lines]  # within the panel's border
    rows = bars(inside)
    assert sorted(name for name in rows if name.startswith("child-")) == [
        f"child-{n}" for n in range(4)
    ]
    for name in (f"child-{n}" for n in range(4)):
        label, bar, tail = rows[name]
        assert "●" in bar and "━" in bar and tail == "0"
    assert "◆" in rows["MainProcess"][1]
    assert "CLOCK_MONOTONIC" in screen
    assert max(cell_width(line) for line in lines) == 100  # the panel fills the terminal, no more


def test_export_holds_the_timeline_too(tutor_env, tmp_path):
    svg = tmp_path / "run.svg"
    proc = run_cli(
        "run",
        "pipe",
        "-n",
        "2",
        "--delay",
        "0",
        "--plain",
        "--timeline",
        "--export",
        str(svg),
        env=tutor_env,
    )
    assert proc.returncode == 0, proc.stderr
    text = svg.read_text().replace("&#160;", " ")
    assert "Timeline: 0 to" in text and "●" in text and "Processes" in text
