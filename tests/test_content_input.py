"""Input that is content: a lessons or exercises folder is text from someone else. Control
characters in it are refused (never passed to the terminal), an `expect:` is bounded, a YAML integer
of more than 4,300 digits is a located problem, and a closed stdin or stdout is one line or works."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import LESSONS, ROOT, run_cli
from ipctutor.engine.practice_check import evaluate

EXERCISES = ROOT / "exercises"
ESCAPES = {
    "title change": r"\e]0;owned\a",
    "clipboard write": r"\e]52;c;cm0gLXJmIH4=\a",
    "C1 CSI": r"\u009b2J",
    "carriage return": r"safe\rrm -rf",
}


def one_line_error(result, says: str, code: int = 2) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr


def no_escape_reaches_the_terminal(result) -> None:
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x9b" not in stream and "\r" not in stream


def lessons_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    text = (folder / "pipe.yaml").read_text()
    assert old in text
    (folder / "pipe.yaml").write_text(text.replace(old, new, 1))
    return folder


def exercises_with(tmp_path: Path, old: str, new: str, file: str = "manifest.yaml") -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(EXERCISES, folder)
    text = (folder / file).read_text()
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1))
    return folder


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize("escape", list(ESCAPES.values()), ids=list(ESCAPES))
def test_a_lesson_with_an_escape_sequence_is_refused(tutor_env, tmp_path, escape):
    folder = lessons_with(tmp_path, 'en: "Pipe: two connected ends"', f'en: "Pipe{escape}"')
    checked = run_cli("check", str(folder), env=tutor_env)
    assert checked.returncode == 1
    assert f"{folder / 'pipe.yaml'}:6: title.en: holds the control character U+" in checked.stdout
    no_escape_reaches_the_terminal(checked)
    for args in (
        ["list"],
        ["learn", "pipe"],
        ["run", "pipe", "--plain", "--workers", "1", "--delay", "0"],
        ["quiz", "pipe"],
    ):
        result = run_cli("--lessons", str(folder), *args, env=tutor_env)
        one_line_error(result, "holds the control character U+")
        no_escape_reaches_the_terminal(result)


def test_an_escape_in_a_run_text_is_refused(tutor_env, tmp_path):
    """`run` reads its after-run text without the schema: it must refuse it all the same."""
    folder = lessons_with(
        tmp_path,
        "  claims: [pipe-demo, pipe-two-writes]\n  en: |\n",
        '  claims: [pipe-demo, pipe-two-writes]\n  en: "\\e]0;owned\\a"\n  rest: |\n',
    )
    result = run_cli(
        "--lessons",
        str(folder),
        "run",
        "pipe",
        "--plain",
        "--workers",
        "1",
        "--delay",
        "0",
        env=tutor_env,
    )
    one_line_error(result, "after_run.en: holds the control character U+001B")
    no_escape_reaches_the_terminal(result)


def test_a_raw_control_character_is_one_line(tutor_env, tmp_path):
    """YAML itself refuses a raw control character: its multi-line complaint becomes one line."""
    folder = lessons_with(
        tmp_path,
        "    Every child wrote one small message",
        "    \x1b]0;owned\x07Every child wrote one small message",
    )
    for args in (["list"], ["run", "pipe", "--plain", "--workers", "1", "--delay", "0"]):
        result = run_cli("--lessons", str(folder), *args, env=tutor_env)
        one_line_error(result, "control characters are not allowed")
        no_escape_reaches_the_terminal(result)


def test_a_manifest_with_an_escape_sequence_is_refused(tutor_env, tmp_path):
    folder = exercises_with(
        tmp_path, 'title: {en: "args that is not a tuple"', r'title: {en: "args\e]0;owned\a"'
    )
    checked = run_cli("check", "--exercises", str(folder), env=tutor_env)
    assert (
        checked.returncode == 1
        and "exercises.0.title.en: holds the control character U+001B" in checked.stdout
    ), checked.stdout
    no_escape_reaches_the_terminal(checked)
    listed = run_cli("practice", "--list", "--exercises", str(folder), env=tutor_env)
    one_line_error(listed, "control character U+001B")
    no_escape_reaches_the_terminal(listed)


def test_an_exercise_script_with_an_escape_is_refused(tutor_env, tmp_path):
    folder = exercises_with(
        tmp_path, "import", "print('\x1b]0;owned\x07')\nimport", file="process-args-tuple.py"
    )
    checked = run_cli("check", "--exercises", str(folder), env=tutor_env)
    assert checked.returncode == 1
    original = (EXERCISES / "process-args-tuple.py").read_text()
    line = original[: original.index("import")].count("\n") + 1
    assert f"process-args-tuple.py:{line}: holds the control character U+001B" in checked.stdout, (
        checked.stdout
    )
    listed = run_cli("practice", "--list", "--exercises", str(folder), env=tutor_env)
    one_line_error(listed, "control character U+001B")


def test_a_file_name_with_an_escape_is_shown_escaped(tutor_env, tmp_path):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    (folder / "pipe.yaml").rename(folder / "pi\x1b]0;owned\x07pe.yaml")
    checked = run_cli("check", str(folder), env=tutor_env)
    assert checked.returncode == 1 and "pi\\x1b]0;owned\\x07pe.yaml" in checked.stdout, (
        checked.stdout
    )
    no_escape_reaches_the_terminal(checked)
    listed = run_cli("--lessons", str(folder), "list", env=tutor_env)
    one_line_error(listed, "pi\\x1b]0;owned\\x07pe.yaml")
    no_escape_reaches_the_terminal(listed)


def test_a_named_pipe_in_a_content_folder_is_a_problem_not_a_hang(tutor_env, tmp_path):
    import os

    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    (lessons / "pipe.yaml").unlink()
    os.mkfifo(lessons / "pipe.yaml")
    exercises = tmp_path / "exercises"
    shutil.copytree(EXERCISES, exercises)
    (exercises / "manifest.yaml").unlink()
    os.mkfifo(exercises / "manifest.yaml")
    checked = run_cli(
        "check", str(lessons), "--exercises", str(exercises), env=tutor_env, timeout=60
    )
    assert checked.returncode == 1 and checked.stdout.count("not a regular file") == 2, (
        checked.stdout
    )
    for args in (
        ["--lessons", str(lessons), "list"],
        ["--lessons", str(lessons), "run", "pipe"],
        ["practice", "--list", "--exercises", str(exercises)],
    ):
        one_line_error(run_cli(*args, env=tutor_env, timeout=60), "not a regular file")


def test_the_shipped_content_has_no_control_characters(tutor_env):
    result = run_cli("check", str(LESSONS), "--exercises", str(EXERCISES), env=tutor_env)
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- bounded `expect:`


@pytest.mark.parametrize(
    "expect, says",
    [
        ("9**9**9**9", "larger than 4096 bits"),
        ("count ** 100000", "larger than 4096 bits"),
        ("count * " * 2000 + "1", "more than 1000 characters"),
        ("count // 0", "division by zero"),
        ("count +", "not an expression"),
    ],
)
def test_an_unbounded_expect_is_refused_not_computed(tutor_env, tmp_path, expect, says):
    folder = exercises_with(tmp_path, 'expect: "count"}', f'expect: "{expect}"}}')
    checked = run_cli("check", "--exercises", str(folder), env=tutor_env, timeout=60)
    assert checked.returncode == 1 and says in checked.stdout, checked.stdout
    listed = run_cli("practice", "--list", "--exercises", str(folder), env=tutor_env, timeout=60)
    one_line_error(listed, says)


def test_expect_is_refused_at_the_top_of_its_range(tutor_env, tmp_path):
    """Valid at the lowest args, too large at the highest: refused when checked, not at run time."""
    folder = exercises_with(tmp_path, "args: {count: [3, 6]}", "args: {count: [1, 100000]}")
    folder_text = (
        (folder / "manifest.yaml")
        .read_text()
        .replace('expect: "count"}', 'expect: "3 ** count"}', 1)
    )
    (folder / "manifest.yaml").write_text(folder_text)
    checked = run_cli("check", "--exercises", str(folder), env=tutor_env, timeout=60)
    assert checked.returncode == 1 and "larger than 4096 bits" in checked.stdout, checked.stdout


def test_evaluate_still_computes_what_manifests_need():
    assert evaluate("workers * times", {"workers": 3, "times": 20000}) == 60000
    assert evaluate("2 ** 10 - (n // 2) % 3", {"n": 9}) == 1024 - 1
    assert evaluate("-n", {"n": 4}) == -4
    for bad in ("9**9**9**9", "2 ** -1", "n / 2", "__import__('os')", "(" * 500 + "1" + ")" * 500):
        with pytest.raises(ValueError):
            evaluate(bad, {"n": 4})


# ---------------------------------------------------------------- YAML integers of over 4,300 digits


def test_a_huge_integer_in_a_lesson_is_a_located_problem(tutor_env, tmp_path):
    folder = lessons_with(tmp_path, "order: 3", "order: " + "9" * 5000)
    checked = run_cli("check", str(folder), env=tutor_env)
    assert checked.returncode == 1
    assert f"{folder / 'pipe.yaml'}:4: a number of more than 4,300 digits" in checked.stdout, (
        checked.stdout
    )
    for args in (["list"], ["run", "pipe", "--plain", "--workers", "1", "--delay", "0"]):
        one_line_error(
            run_cli("--lessons", str(folder), *args, env=tutor_env), "more than 4,300 digits"
        )


def test_a_huge_integer_in_a_manifest_is_a_located_problem(tutor_env, tmp_path):
    folder = exercises_with(tmp_path, "runs: 1", "runs: " + "1" * 5000)
    text = (folder / "manifest.yaml").read_text(encoding="utf-8")
    line = text[: text.index("runs: " + "1" * 5000)].count("\n") + 1  # where the number is
    checked = run_cli("check", "--exercises", str(folder), env=tutor_env)
    assert (
        checked.returncode == 1
        and f"manifest.yaml:{line}: a number of more than 4,300 digits" in checked.stdout
    ), checked.stdout
    one_line_error(
        run_cli("practice", "--list", "--exercises", str(folder), env=tutor_env),
        "more than 4,300 digits",
    )


# ---------------------------------------------------------------- closed stdin and stdout

COMMANDS = {
    "learn": ["learn"],
    "quiz": ["quiz"],
    "reset": ["reset", "--all"],
    "practice": ["practice"],
    "list": ["list"],
    "show": ["show", "pipe"],
    "progress": ["progress"],
    "run": ["run", "pipe", "--workers", "1", "--delay", "0"],
}


@pytest.mark.parametrize("closed", ["<&-", ">&-", "<&- >&-"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_closed_stdin_or_stdout_is_one_line_or_works(tutor_env, tmp_path, name, closed):
    argv = " ".join([sys.executable, "-m", "ipctutor", *COMMANDS[name]])
    result = subprocess.run(
        ["sh", "-c", f"exec {argv} {closed}"],
        capture_output=True,
        text=True,
        env=dict(tutor_env, PYTHONPATH=str(ROOT)),
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    if result.returncode == 0:
        assert result.stderr == "" or name == "run", result.stderr
    else:
        one_line_error(result, "ipctutor: error:")


@pytest.mark.parametrize("name", ["list", "progress", "show"])
def test_an_ascii_only_terminal_gets_question_marks_not_an_error(tutor_env, name):
    env = dict(tutor_env, PYTHONIOENCODING="ascii", IPCTUTOR_LANG="zh")
    result = run_cli(*COMMANDS[name], env=env)
    assert result.returncode == 0, result.stderr
    # show prints the plain script as it is (ASCII): nothing to replace there
    assert ("?" in result.stdout or name == "show") and "Error" not in result.stderr
