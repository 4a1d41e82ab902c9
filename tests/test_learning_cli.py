"""learn, quiz, list, progress and reset as commands: errors, output, confirmation, start-up cost."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from helpers import LESSONS, ROOT, run_cli
from ipctutor.content.progress import ProgressStore
from ipctutor.i18n import MESSAGES


def home(env: dict) -> ProgressStore:
    return ProgressStore(Path(env["IPCTUTOR_HOME"]))


def one_line_error(proc, code: int = 2) -> str:
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr


@pytest.mark.parametrize("args", [["learn", "pipe"], ["quiz"], ["quiz", "pipe", "--count", "2"]])
def test_prompts_without_a_terminal_say_so_in_one_line(args, tutor_env):
    error = one_line_error(run_cli(*args, env=tutor_env))
    assert "stdin is not" in error and "terminal" in error and "ipctutor run" in error


def test_unknown_topic_is_the_same_error_as_run(tutor_env):
    expected = one_line_error(run_cli("run", "queu", env=tutor_env))
    assert "did you mean 'queue'" in expected
    for command in (["learn"], ["quiz"], ["reset", "--yes"]):
        assert one_line_error(run_cli(*command, "queu", env=tutor_env)) == expected


def test_bad_count_is_one_line(tutor_env):
    error = one_line_error(run_cli("quiz", "pipe", "--count", "0", env=tutor_env))
    assert "--count" in error


def test_list_shows_progress_and_the_next_step(tutor_env):
    store = home(tutor_env)
    store.mark_read("pipe")
    store.mark_demo_run("pipe")
    store.record_answer("pipe", "pipe-returns", True, "s", 2)
    store.record_answer("pipe", "pipe-duplex-default", False, "s", 2)
    store.finish_quiz("s", ["pipe"])
    shown = run_cli("list", env=dict(tutor_env, COLUMNS="140"))
    assert shown.returncode == 0, shown.stderr
    row = next(
        line for line in shown.stdout.splitlines() if re.search(r"\bpipe\b", line) and "✓" in line
    )
    assert row.count("✓") == 2 and row.count("1/2") == 2 and "ipctutor quiz pipe" in row
    for other in (p.stem for p in LESSONS.glob("*.yaml") if p.stem != "pipe"):
        assert f"ipctutor learn {other}" in shown.stdout  # the rest: not started yet


def test_a_narrow_terminal_never_cuts_a_lesson_id_or_a_command_short(tutor_env):
    shown = run_cli("list", env=dict(tutor_env, COLUMNS="60"))
    assert shown.returncode == 0, shown.stderr
    for lesson_id in (p.stem for p in LESSONS.glob("*.yaml")):
        assert f"ipctutor learn {lesson_id}" in shown.stdout
    assert "…" not in "".join(
        line for line in shown.stdout.splitlines() if "ipctutor learn" in line
    )


def test_progress_is_kept_by_lesson_id_when_the_course_is_reordered(tutor_env, tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    text = (LESSONS / "pipe.yaml").read_text(encoding="utf-8")
    (folder / "pipe.yaml").write_text(
        re.sub(r"(?m)^order: \d+$", "order: 42", text), encoding="utf-8"
    )
    home(tutor_env).mark_read("pipe")
    # wide enough for the order column (# 42) beside the id
    shown = run_cli("--lessons", str(folder), "list", env=dict(tutor_env, COLUMNS="140"))
    assert shown.returncode == 0, shown.stderr
    row = next(line for line in shown.stdout.splitlines() if "42" in line)
    assert "pipe" in row and "✓" in row and "ipctutor run pipe" in row


def test_progress_without_any_record(tutor_env, tmp_path):
    shown = run_cli("progress", env=tutor_env)
    assert shown.returncode == 0
    assert (
        str(tmp_path / "home" / "progress.json") in shown.stdout
        and "Nothing recorded yet" in shown.stdout
    )
    assert not (tmp_path / "home").exists()  # looking creates nothing


def test_reset_needs_yes_without_a_terminal(tutor_env):
    home(tutor_env).mark_read("pipe")
    error = one_line_error(run_cli("reset", "pipe", env=tutor_env))
    assert "--yes" in error
    assert "pipe" in home(tutor_env).load()["lessons"]
    done = run_cli("reset", "pipe", "--yes", env=tutor_env)
    assert done.returncode == 0 and "pipe" in done.stdout
    assert home(tutor_env).load()["lessons"] == {}


def test_reset_all_and_nothing_to_reset(tutor_env):
    store = home(tutor_env)
    for lesson_id in ("pipe", "queue", "an-old-lesson"):
        store.mark_read(lesson_id)
    assert run_cli("reset", "--all", "--yes", env=tutor_env).returncode == 0
    assert store.load()["lessons"] == {}
    nothing = run_cli("reset", "pipe", "--yes", env=tutor_env)
    assert nothing.returncode == 0 and "nothing to reset" in nothing.stdout
    assert "--all" in one_line_error(run_cli("reset", env=tutor_env))
    assert "--all" in one_line_error(run_cli("reset", "pipe", "--all", env=tutor_env))


@pytest.mark.parametrize("key, kept", [("n", True), ("y", False)])
def test_reset_asks_in_a_terminal(key, kept, tutor_env):
    home(tutor_env).mark_read("pipe")
    env = dict(tutor_env, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ipctutor", "reset", "pipe"],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 100),
    )
    child.expect_exact("Forget your progress in pipe?")
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert ("pipe" in home(tutor_env).load()["lessons"]) is kept


def test_chinese_list_and_errors(tutor_env):
    shown = run_cli("--lang", "zh", "list", env=tutor_env)
    assert shown.returncode == 0 and "已读" in shown.stdout and "下一步" in shown.stdout
    error = one_line_error(run_cli("--lang", "zh", "quiz", "pipe", env=tutor_env))
    assert "终端" in error


def test_help_lists_the_commands_and_start_up_stays_light(tutor_env):
    shown = run_cli("--help", env=tutor_env)
    for command in ("learn", "quiz", "review", "list", "progress", "reset"):
        assert re.search(rf"^\W*{command}\s", shown.stdout, re.M), command
    # Registering the commands imports no Rich, questionary, YAML, lessons or progress code
    probe = (
        "import sys\nfrom ipctutor.commands.app import register_commands\nregister_commands()\n"
        "heavy = {'rich', 'questionary', 'prompt_toolkit', 'yaml', 'platformdirs'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in "
        "('ipctutor.content.lessons', 'ipctutor.content.progress', 'ipctutor.content.quiz', 'ipctutor.screen.learn')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]", loaded.stdout


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_in_both_languages_with_the_same_blanks():
    for key, entry in MESSAGES.items():
        assert entry.get("en") and entry.get("zh"), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_progress_json_is_the_file(tutor_env):
    home(tutor_env).mark_demo_run("queue")
    data = json.loads(run_cli("progress", "--json", env=tutor_env).stdout)
    assert data["progress"] == json.loads(Path(data["path"]).read_text(encoding="utf-8"))


def test_a_lesson_whose_id_is_not_a_topic_is_named_by_its_id(tutor_env, tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    text = (LESSONS / "pipe.yaml").read_text(encoding="utf-8")
    (folder / "pipe-extra.yaml").write_text(
        re.sub(r"(?m)^id: pipe$", "id: pipe-extra", text), encoding="utf-8"
    )
    shown = run_cli("--lessons", str(folder), "list", env=tutor_env)
    assert "ipctutor learn pipe-extra" in shown.stdout
    for command in (["learn"], ["quiz"]):  # found: what stops them is the missing terminal
        error = one_line_error(
            run_cli("--lessons", str(folder), *command, "pipe-extra", env=tutor_env)
        )
        assert "terminal" in error
    ran = run_cli(
        "--lessons", str(folder), "run", "pipe", "-n", "1", "--delay", "0", "--plain", env=tutor_env
    )
    assert ran.returncode == 0, ran.stderr
    assert list(home(tutor_env).load()["lessons"]) == ["pipe-extra"]
    done = run_cli(
        "--lessons", str(folder), "reset", "pipe", "--yes", env=tutor_env
    )  # by its topic
    assert done.returncode == 0 and "pipe-extra" in done.stdout, done.stdout
    assert home(tutor_env).load()["lessons"] == {}


def test_run_shows_only_its_own_demos_lesson(tutor_env, tmp_path):
    """A process.yaml that teaches the pool demo is not the process demo's lesson, whatever its name."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    text = (LESSONS / "process.yaml").read_text(encoding="utf-8")
    (folder / "process.yaml").write_text(
        re.sub(r"(?m)^demo: process$", "demo: pool", text), encoding="utf-8"
    )
    words = "The parent started every child first and only then joined them"
    for topic, shown in (("process", False), ("pool", True)):
        ran = run_cli(
            "--lessons",
            str(folder),
            "run",
            topic,
            "-n",
            "1",
            "--delay",
            "0",
            "--plain",
            env=tutor_env,
        )
        assert ran.returncode == 0, ran.stderr
        assert (words in " ".join(ran.stdout.split())) is shown, (topic, ran.stdout)
