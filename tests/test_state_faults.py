"""State that never locks the learner out: progress, bench figures and the exercise folder, damaged
in the ways a disk, an editor or another ipctutor damage them. Each fault is real (real files, a
real write limit, a real read-only mount); each ends in one line and the learner goes on."""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpers import run_cli
from ipctutor.content import figures
from ipctutor.content.progress import ProgressError, ProgressStore
from ipctutor.content.workspace import WorkspaceError, hand_out, reset

EXERCISE = "pool-lambda"
EXERCISES = Path(__file__).resolve().parent.parent / "exercises"


def one_line_error(result, says: str, code: int = 2) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr


# ---------------------------------------------------------------- progress.json

DEEP = "[" * 5000 + "]" * 5000
UNREADABLE = {
    "huge integer": '{"format_version": 1, "lessons": {}, "x": ' + "9" * 5000 + "}",
    "huge version": '{"format_version": ' + "9" * 5000 + ', "lessons": {}}',
    "nested deep": '{"format_version": 1, "lessons": {"pipe": ' + DEEP + "}}",
    "nested deep at the top": DEEP,
    "a list": "[1, 2, 3]",
    "binary": "\udcff",
}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_unreadable_progress_is_kept_aside_and_the_learner_goes_on(tutor_env, name):
    home = Path(tutor_env["IPCTUTOR_HOME"])
    home.mkdir()
    text = UNREADABLE[name]
    raw = text.encode("utf-8", "surrogateescape")
    (home / "progress.json").write_bytes(raw)
    for args in (["progress"], ["list"]):
        result = run_cli(*args, env=tutor_env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    backups = list(home.glob("progress.json.damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == raw  # kept, byte for byte
    # and a demo run afterwards records progress and exits 0
    (home / "progress.json").write_bytes(raw)
    ran = run_cli("run", "pipe", "--workers", "1", "--delay", "0", "--plain", env=tutor_env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.count("\n") == 1 and "moved it aside" in ran.stderr
    assert json.loads((home / "progress.json").read_text())["lessons"]["pipe"]["demo_run"] is True


def test_a_folder_in_place_of_the_progress_file_is_moved_aside(tmp_path):
    (tmp_path / "progress.json").mkdir()
    (tmp_path / "progress.json" / "inside").write_text("mine")
    warnings = []
    store = ProgressStore(tmp_path, warn=warnings.append)
    store.mark_read("pipe")
    assert len(warnings) == 1 and "not a regular file" in warnings[0]
    aside = next(tmp_path.glob("progress.json.damaged-*"))
    assert (aside / "inside").read_text() == "mine"
    assert store.load()["lessons"]["pipe"]["read"] is True


def test_a_named_pipe_in_place_of_the_progress_file_is_moved_aside(tutor_env):
    """A read from a named pipe waits for a writer forever: every command would hang."""
    home = Path(tutor_env["IPCTUTOR_HOME"])
    home.mkdir()
    os.mkfifo(home / "progress.json")
    os.mkfifo(home / "bench.json")
    result = run_cli("progress", env=tutor_env, timeout=60)
    assert result.returncode == 0 and "not a regular file" in result.stderr, result.stderr
    assert figures.latest_figures() is None
    aside = next(home.glob("progress.json.damaged-*"))
    assert aside.is_fifo()


def test_a_named_pipe_at_the_exercise_path_is_one_line(tutor_env, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    os.mkfifo(work / f"{EXERCISE}.py")
    result = run_cli(
        "practice", "--check", EXERCISE, "--workspace", str(work), env=tutor_env, timeout=60
    )
    one_line_error(result, "is not a regular file")


@pytest.mark.parametrize(
    "newer",
    [
        {"format_version": 2, "lessons": {}},
        {"format_version": 7, "lessons": [], "reviews": {"other": "shape"}},
    ],
)
def test_progress_from_a_newer_ipctutor_is_left_untouched(tutor_env, newer):
    home = Path(tutor_env["IPCTUTOR_HOME"])
    home.mkdir()
    raw = json.dumps(newer).encode()
    (home / "progress.json").write_bytes(raw)
    result = run_cli("progress", env=tutor_env)
    one_line_error(result, "upgrade ipctutor")
    ran = run_cli("run", "pipe", "--workers", "1", "--delay", "0", "--plain", env=tutor_env)
    assert ran.returncode == 0 and "upgrade ipctutor" in ran.stderr
    zh = run_cli("progress", env=dict(tutor_env, IPCTUTOR_LANG="zh"))
    assert zh.returncode == 2 and "请升级 ipctutor" in zh.stderr
    assert (home / "progress.json").read_bytes() == raw
    assert not list(home.glob("progress.json.damaged-*"))


def test_a_damaged_file_that_cannot_be_moved_aside_is_never_written_over(tmp_path):
    """Read-only folder (a real read-only mount): the file stays, and saving is refused in one line."""
    if not can_mount_read_only():
        pytest.skip("needs root and unshare for a read-only mount")
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_text("{not json")
    script = (
        f"mount -o bind,ro {home} {home} && exec {sys.executable} -c "
        f"'from ipctutor.content.progress import *; ProgressStore(\"{home}\").load()'"
    )
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(Path.cwd())),
        check=False,
    )
    assert "nor moved aside" in result.stderr, result.stderr
    assert (home / "progress.json").read_text() == "{not json"


def test_a_damaged_file_that_cannot_be_moved_aside_raises_one_line(tmp_path, monkeypatch):
    (tmp_path / "progress.json").write_text("{not json")
    store = ProgressStore(tmp_path, warn=lambda line: None)
    monkeypatch.setattr(store, "_move_aside", lambda: None)
    with pytest.raises(ProgressError, match="nor moved aside"):
        store.mark_read("pipe")
    assert (tmp_path / "progress.json").read_text() == "{not json"


ESCAPES = ("\x1b]0;owned\x07", "\x1b[2J", "\x9b31m", "\r")  # a title, a clear, C1 CSI, a return


def test_hand_edited_ids_and_stamps_in_progress_reach_the_terminal_written_out(tutor_env):
    """progress.json is the learner's to edit: a lesson id, an exercise name or a timestamp holding
    a control character is shown with it written out (\\x1b), never sent to the terminal as is;
    `--json` escapes them too, and is still the file."""
    home = Path(tutor_env["IPCTUTOR_HOME"])
    home.mkdir()
    title, clear, csi, back = ESCAPES
    data = {
        "format_version": 1,
        "lessons": {
            f"pipe{title}": {"read": True, "read_at": f"2026-01-02T03:04{clear}"},
            f"extra{csi}\nfaked line": {"demo_run": True, "demo_run_at": f"{back}2026"},
        },
        "exercises": {f"mine{title}": {"passed": True, "passed_at": None, "checks": 1}},
    }
    (home / "progress.json").write_text(json.dumps(data), encoding="utf-8")
    shown = run_cli("progress", env=tutor_env)
    assert shown.returncode == 0, shown.stderr
    assert not any(c in shown.stdout for c in ("\x1b", "\x07", "\x9b", "\r")), repr(shown.stdout)
    assert "pipe\\x1b]0;owned\\x07" in shown.stdout and "mine\\x1b]0;owned\\x07" in shown.stdout
    assert "extra\\x9b31m\\nfaked line" in shown.stdout  # one line, its newline written out
    assert not any(line.startswith("faked line") for line in shown.stdout.splitlines())
    as_json = run_cli("progress", "--json", env=tutor_env)
    assert not any(c in as_json.stdout for c in ("\x1b", "\x07", "\x9b", "\r")), as_json.stdout
    assert json.loads(as_json.stdout)["progress"] == data


# ---------------------------------------------------------------- bench.json

GOOD_BENCH = {
    "format_version": None,
    "figures": [],
    "measured_at": "2026-12-05",
    "comparisons": {"manager_dict_write_vs_value_write": 40.0, "manager_queue_vs_queue_message": 3},
}


@pytest.mark.parametrize(
    "change",
    [
        {"comparisons": []},
        {
            "comparisons": {
                "manager_dict_write_vs_value_write": "fast",
                "manager_queue_vs_queue_message": 2,
            }
        },
        {
            "comparisons": {
                "manager_dict_write_vs_value_write": [1],
                "manager_queue_vs_queue_message": 2,
            }
        },
        {
            "comparisons": {
                "manager_dict_write_vs_value_write": True,
                "manager_queue_vs_queue_message": 2,
            }
        },
        {
            "comparisons": {
                "manager_dict_write_vs_value_write": -1,
                "manager_queue_vs_queue_message": 2,
            }
        },
        {
            "comparisons": {
                "manager_dict_write_vs_value_write": 10**400,
                "manager_queue_vs_queue_message": 2,
            }
        },
        {"measured_at": {"when": "now"}},
        {"figures": {}},
    ],
    ids=lambda change: json.dumps(change)[:40],
)
def test_bench_figures_of_another_shape_are_no_figures(tutor_env, change):
    """The Manager lesson shows "no figures yet" for a bench.json of the right version and another
    shape, instead of crashing just before its quiz (show_own_figures, as learn calls it)."""
    from rich.console import Console

    from ipctutor.engine.bench import FORMAT_VERSION
    from ipctutor.screen.learn import own_figures_lines

    home = Path(tutor_env["IPCTUTOR_HOME"])
    home.mkdir()
    good = dict(GOOD_BENCH, format_version=FORMAT_VERSION)
    (home / "bench.json").write_text(json.dumps(good))
    assert figures.latest_figures() == good
    (home / "bench.json").write_text(json.dumps(dict(good, **change)))
    assert figures.latest_figures() is None

    console = Console(file=io.StringIO(), width=100)
    drawn: list = []
    own_figures_lines(None, SimpleNamespace(rendered=drawn.append))  # type: ignore[arg-type]
    console.print(drawn[0])
    assert "bench" in console.file.getvalue()


@pytest.mark.parametrize("text", ["[" * 100000, '{"format_version": ' + "1" * 5000 + "}"])
def test_bench_figures_too_large_to_read_are_no_figures(tutor_env, text):
    home = Path(tutor_env["IPCTUTOR_HOME"])
    home.mkdir()
    (home / "bench.json").write_text(text)
    assert figures.latest_figures() is None


# ---------------------------------------------------------------- the exercise folder


def no_file_writes():
    """In the child: any write to a file fails (EFBIG), as on a full disk; SIGXFSZ would kill it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_failed_hand_out_leaves_no_empty_file(tutor_env, tmp_path):
    work = tmp_path / "work"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ipctutor",
            "practice",
            "--check",
            EXERCISE,
            "--workspace",
            str(work),
        ],
        capture_output=True,
        text=True,
        env=tutor_env,
        timeout=120,
        stdin=subprocess.DEVNULL,
        preexec_fn=no_file_writes,
        check=False,
    )
    one_line_error(result, "cannot write in the exercise folder")
    assert not (work / f"{EXERCISE}.py").exists()
    assert list(work.iterdir()) == []  # no temporary file left either
    # with the disk back, the exercise is handed out whole
    result = run_cli("practice", "--check", EXERCISE, "--workspace", str(work), env=tutor_env)
    assert "Your exercise file" in result.stdout
    assert (work / f"{EXERCISE}.py").read_bytes() == (EXERCISES / f"{EXERCISE}.py").read_bytes()


def test_hand_out_never_overwrites_and_is_whole(tmp_path):
    original = EXERCISES / f"{EXERCISE}.py"
    path, fresh = hand_out(original, tmp_path / "w")
    assert fresh and path.read_bytes() == original.read_bytes()
    path.write_text("# mine\n")
    assert hand_out(original, tmp_path / "w") == (path, False) and path.read_text() == "# mine\n"
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == [f"{EXERCISE}.py"]


def test_reset_moves_a_dangling_symlink_aside_and_never_writes_through_it(tutor_env, tmp_path):
    work, outside = tmp_path / "work", tmp_path / "outside"
    work.mkdir()
    outside.mkdir()
    (work / f"{EXERCISE}.py").symlink_to(outside / "target.py")
    result = run_cli(
        "practice", "--reset", EXERCISE, "--yes", "--workspace", str(work), env=tutor_env
    )
    assert result.returncode == 0, result.stderr
    assert list(outside.iterdir()) == []  # nothing written outside the workspace
    mine = work / f"{EXERCISE}.py"
    assert not mine.is_symlink() and mine.read_bytes() == (EXERCISES / mine.name).read_bytes()
    kept = list(work.glob(f"{EXERCISE}.yours-*.py"))
    assert len(kept) == 1 and kept[0].is_symlink()  # the learner's link, kept as it was


def test_check_of_a_dangling_symlink_is_one_line(tutor_env, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / f"{EXERCISE}.py").symlink_to(tmp_path / "nowhere.py")
    result = run_cli("practice", "--check", EXERCISE, "--workspace", str(work), env=tutor_env)
    one_line_error(result, "symlink to nothing")
    assert not (tmp_path / "nowhere.py").exists()


def test_a_workspace_that_is_a_file_is_one_line(tutor_env, tmp_path):
    work = tmp_path / "work"
    work.write_text("not a folder")
    for args in (["--check", EXERCISE], ["--reset", EXERCISE, "--yes"]):
        result = run_cli("practice", *args, "--workspace", str(work), env=tutor_env)
        one_line_error(result, "is a file, not a folder")
    zh = run_cli(
        "practice",
        "--check",
        EXERCISE,
        "--workspace",
        str(work),
        env=dict(tutor_env, IPCTUTOR_LANG="zh"),
    )
    one_line_error(zh, "是一个文件，不是目录")
    assert work.read_text() == "not a folder"


def test_an_exercise_path_that_is_a_folder_is_one_line(tutor_env, tmp_path):
    work = tmp_path / "work"
    (work / f"{EXERCISE}.py").mkdir(parents=True)
    result = run_cli("practice", "--check", EXERCISE, "--workspace", str(work), env=tutor_env)
    one_line_error(result, "is a folder, not your exercise file")


def test_workspace_errors_in_process(tmp_path):
    original = EXERCISES / f"{EXERCISE}.py"
    (tmp_path / "file").write_text("x")
    with pytest.raises(WorkspaceError, match="is a file"):
        hand_out(original, tmp_path / "file")
    with pytest.raises(WorkspaceError, match="is a file"):
        reset(original, tmp_path / "file" / "below")


def can_mount_read_only() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    return (
        subprocess.run(
            ["unshare", "--mount", "true"], capture_output=True, timeout=10, check=False
        ).returncode
        == 0
    )


def test_a_workspace_that_is_not_writable_is_one_line(tutor_env, tmp_path):
    if not can_mount_read_only():
        pytest.skip("needs root and unshare for a read-only mount")
    work = tmp_path / "work"
    work.mkdir()
    script = (
        f"mount -o bind,ro {work} {work} && exec {sys.executable} -m ipctutor practice "
        f"--check {EXERCISE} --workspace {work}"
    )
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=tutor_env,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    one_line_error(result, "cannot write in the exercise folder")
    assert "Read-only file system" in result.stderr
