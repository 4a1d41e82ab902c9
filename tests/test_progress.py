"""The progress file: what it records, atomic writes, damaged files, unwritable folders, two writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from helpers import run_cli
from ipctutor.content import progress
from ipctutor.content.progress import FORMAT_VERSION, ProgressError, ProgressStore, Recorder


@pytest.fixture
def store(tmp_path):
    warnings = []
    made = ProgressStore(tmp_path / "home", warn=warnings.append)
    made.warnings = warnings
    return made


def saved(store) -> dict:
    return json.loads(store.path.read_text(encoding="utf-8"))


def test_records_read_demo_and_quiz_by_lesson_id(store):
    store.mark_read("queue")
    store.mark_demo_run("queue")
    store.record_answer("queue", "queue-put", True, "s1", 3)
    store.record_answer("queue", "queue-get", False, "s1", 3)
    data = saved(store)
    assert data["format_version"] == FORMAT_VERSION
    queue = data["lessons"]["queue"]
    assert queue["read"] and queue["read_at"] and queue["demo_run"] and queue["demo_run_at"]
    assert queue["answers"]["queue-put"]["right"] is True
    assert queue["answers"]["queue-get"]["right"] is False
    last = queue["quiz"]["last"]
    assert (last["right"], last["asked"], last["of"], last["finished"]) == (1, 2, 3, False)
    assert queue["quiz"]["best"] is None  # an unfinished quiz is not a best score
    store.record_answer("queue", "queue-join", True, "s1", 3)
    store.finish_quiz("s1", ["queue"])
    quiz = saved(store)["lessons"]["queue"]["quiz"]
    assert quiz["last"]["finished"] and quiz["best"]["right"] == 2 and quiz["best"]["of"] == 3


def test_best_keeps_the_better_score_and_last_the_latest(store):
    for session, rights in (("a", [True, True]), ("b", [False, True]), ("c", [True, False])):
        for n, right in enumerate(rights):
            store.record_answer("pipe", f"q{n}", right, session, 2)
        store.finish_quiz(session, ["pipe"])
    quiz = saved(store)["lessons"]["pipe"]["quiz"]
    assert (quiz["best"]["right"], quiz["best"]["of"]) == (2, 2)
    assert (quiz["last"]["right"], quiz["last"]["session"]) == (1, "c")


def test_a_short_quiz_across_lessons_does_not_hide_a_better_full_one(store):
    for n, right in enumerate([True, True, True, False]):
        store.record_answer("queue", f"q{n}", right, "full", 4)
    store.finish_quiz("full", ["queue"])
    store.record_answer("queue", "q0", True, "mixed", 1)  # one queue question among others
    store.finish_quiz("mixed", ["queue", "pipe"])
    quiz = saved(store)["lessons"]["queue"]["quiz"]
    assert (quiz["best"]["right"], quiz["best"]["of"]) == (3, 4)
    assert (quiz["last"]["right"], quiz["last"]["of"]) == (1, 1)
    assert "pipe" not in saved(store)["lessons"]  # no answer there, no record


def test_reset_one_lesson_or_all(store):
    for lesson in ("pipe", "queue", "lock"):
        store.mark_read(lesson)
    assert store.reset(["queue", "nothing-here"]) == ["queue"]
    assert sorted(saved(store)["lessons"]) == ["lock", "pipe"]
    assert store.reset(None) == ["lock", "pipe"]
    assert saved(store)["lessons"] == {}


def test_nothing_saved_yet_reads_as_empty_and_creates_nothing(store):
    assert store.load() == {"format_version": FORMAT_VERSION, "lessons": {}}
    assert not store.folder.exists()


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"{this is not json", "not valid JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'["a list"]', "not a progress file"),
        (b'{"format_version": 1, "lessons": {"pipe": 3}}', "not a progress file"),
        # hand-edited fields the tutor reads: moved aside, not a crash in `list` or a quiz later
        (b'{"format_version": 1, "lessons": {"pipe": {"quiz": 3}}}', "not a progress file"),
        (
            b'{"format_version": 1, "lessons": {"pipe": {"quiz": {"best": {"right": 1}}}}}',
            "not a progress file",
        ),
        (b'{"format_version": 1, "lessons": {"pipe": {"answers": []}}}', "not a progress file"),
        (b'{"format_version": 1, "lessons": {"pipe": {"read": "yes"}}}', "not a progress file"),
        (
            b'{"format_version": 1, "lessons": {"pipe": {"read": true, "read_at": 5}}}',
            "not a progress file",
        ),
    ],
)
def test_a_damaged_file_is_moved_aside_with_one_warning(store, content, reason):
    store.folder.mkdir(parents=True)
    store.path.write_bytes(content)
    store.mark_read("pipe")
    assert len(store.warnings) == 1 and "\n" not in store.warnings[0]
    assert reason in store.warnings[0]
    backups = list(store.folder.glob("progress.json.damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content  # kept, not lost
    assert backups[0].name in store.warnings[0]
    assert saved(store)["lessons"]["pipe"]["read"] is True


def test_a_truncated_file_is_moved_aside(store):
    store.mark_read("pipe")
    store.mark_demo_run("queue")
    whole = store.path.read_bytes()
    store.path.write_bytes(whole[: len(whole) // 2])
    assert store.load()["lessons"] == {}
    assert len(store.warnings) == 1 and "truncated" in store.warnings[0]
    assert [p.read_bytes() for p in store.folder.glob("progress.json.damaged-*")] == [
        whole[: len(whole) // 2]
    ]


def test_a_file_from_a_newer_ipctutor_is_refused_and_left_alone(store):
    store.folder.mkdir(parents=True)
    newer = json.dumps({"format_version": FORMAT_VERSION + 1, "lessons": {}, "future": True})
    store.path.write_text(newer, encoding="utf-8")
    with pytest.raises(ProgressError, match="newer ipctutor"):
        store.mark_read("pipe")
    assert store.path.read_text(encoding="utf-8") == newer


def test_a_failed_write_leaves_the_old_file_whole(store, monkeypatch):
    store.mark_read("pipe")
    before = store.path.read_bytes()

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "replace", refuse)
    with pytest.raises(ProgressError, match="No space left on device"):
        store.mark_demo_run("pipe")
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.folder.iterdir()) == ["progress.json", "progress.lock"]


def test_a_folder_that_cannot_be_written_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = ProgressStore(blocker / "home")
    with pytest.raises(ProgressError) as caught:
        store.mark_read("pipe")
    message = str(caught.value)
    assert "IPCTUTOR_HOME" in message and str(blocker / "home") in message and "\n" not in message
    warnings = []
    recorder = Recorder(ProgressStore(blocker / "home", warn=warnings.append))
    recorder("mark_read", "pipe")
    recorder("mark_demo_run", "pipe")
    assert len(warnings) == 1 and "will not be kept" in warnings[0]  # said once, then carries on


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_one_line_error(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        with pytest.raises(ProgressError, match="cannot save progress"):
            ProgressStore(home).mark_read("pipe")
    finally:
        home.chmod(0o700)


WRITER = textwrap.dedent("""
    import sys
    from ipctutor.content.progress import ProgressStore
    store, name, n = ProgressStore(), sys.argv[1], int(sys.argv[2])
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # both writers start together
    for i in range(n):
        store.record_answer("pipe", f"{name}-{i}", True, name, n)
        store.mark_demo_run(f"lesson-{name}-{i % 5}")
""")


def test_two_tutors_writing_at_once_lose_no_update(tmp_path):
    env = dict(os.environ, IPCTUTOR_HOME=str(tmp_path / "home"))
    n = 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name, str(n)],
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        writer.stdin.close()
        assert writer.wait(timeout=120) == 0
    data = json.loads((tmp_path / "home" / "progress.json").read_text(encoding="utf-8"))
    answers = data["lessons"]["pipe"]["answers"]
    assert len(answers) == 2 * n
    assert sorted(k for k in data["lessons"] if k.startswith("lesson-")) == sorted(
        f"lesson-{w}-{i}" for w in "ab" for i in range(5)
    )
    leftovers = [p.name for p in (tmp_path / "home").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_ipctutor_home_overrides_the_user_data_folder(monkeypatch, tmp_path):
    from pathlib import Path

    from platformdirs import user_data_dir

    monkeypatch.delenv("IPCTUTOR_HOME", raising=False)
    assert ProgressStore().folder == Path(user_data_dir("ipctutor", appauthor=False))
    monkeypatch.setenv("IPCTUTOR_HOME", str(tmp_path / "elsewhere"))
    assert ProgressStore().folder == tmp_path / "elsewhere"


def test_run_records_the_demo_and_progress_shows_the_file(tutor_env, tmp_path):
    done = run_cli("run", "pipe", "--workers", "2", "--delay", "0", "--plain", env=tutor_env)
    assert done.returncode == 0, done.stderr
    shown = run_cli("progress", "--json", env=tutor_env)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["path"] == str(tmp_path / "home" / "progress.json")
    assert data["progress"]["lessons"]["pipe"]["demo_run"] is True
    text = run_cli("progress", env=tutor_env)
    assert str(tmp_path / "home" / "progress.json") in text.stdout and "demo run: ✓" in text.stdout


def test_a_failed_run_records_no_demo(tutor_env):
    failed = run_cli(
        "run", "pipe", "--workers", "2", "--delay", "0", "--fail", "1", "--plain", env=tutor_env
    )
    assert failed.returncode == 1
    assert (
        json.loads(run_cli("progress", "--json", env=tutor_env).stdout)["progress"]["lessons"] == {}
    )


def test_run_with_an_unwritable_home_still_runs_and_warns_once(tutor_env, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    env = dict(tutor_env, IPCTUTOR_HOME=str(blocker / "home"))
    done = run_cli("run", "pipe", "--workers", "2", "--delay", "0", "--json", env=env)
    assert done.returncode == 0
    json.loads(done.stdout)  # stdout stays one JSON object
    assert done.stderr.count("\n") == 1 and "cannot save progress" in done.stderr


def test_a_damaged_file_warns_in_one_line_from_the_cli(tutor_env, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_text(
        '{"format_version": 1, "lessons": {"pipe": {"re', encoding="utf-8"
    )
    shown = run_cli("progress", env=tutor_env)
    assert shown.returncode == 0
    assert shown.stderr.count("\n") == 1 and "damaged (truncated)" in shown.stderr
    assert "Traceback" not in shown.stderr
    assert len(list(home.glob("progress.json.damaged-*"))) == 1
