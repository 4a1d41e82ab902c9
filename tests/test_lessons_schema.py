"""The lesson schema: located errors, the check command, and the shipped lessons."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import LESSONS, run_cli
from ipctutor.lessons import FORMAT_VERSION, check_folder, load_lessons, parse_lesson

PIPE = (LESSONS / "pipe.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "pipe.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_model_lesson_is_valid():
    lesson, problems = parse_lesson(LESSONS / "pipe.yaml")
    assert problems == [] and lesson.id == "pipe"


def test_wrong_answer_index_names_file_line_and_field(tmp_path):
    text = PIPE.replace("    answer: [0]\n    explanation:\n      en: \"Pipe() gives",
                        "    answer: [7]\n    explanation:\n      en: \"Pipe() gives")
    assert text != PIPE
    path = write(tmp_path, text)
    _, problems = parse_lesson(path)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.field == "quiz.0"
    assert "between 0 and 2" in problem.message
    assert str(problem).startswith(f"{path}:{line_of(text, 'id: pipe-returns')}: quiz.0:")


def test_unknown_field_is_located(tmp_path):
    text = PIPE.replace("order: 3\n", "order: 3\ncolour: blue\n")
    path = write(tmp_path, text)
    _, problems = parse_lesson(path)
    assert [(p.line, p.field) for p in problems] == [(line_of(text, "colour"), "colour")]


def test_only_shipped_demos(tmp_path):
    text = PIPE.replace("demo: pipe", "demo: os.system")
    _, problems = parse_lesson(write(tmp_path, text))
    assert problems[0].field == "demo" and "no demo called" in problems[0].message


def test_newer_format_is_refused(tmp_path):
    text = PIPE.replace("format_version: 1", f"format_version: {FORMAT_VERSION + 1}")
    _, problems = parse_lesson(write(tmp_path, text))
    assert "upgrade ipctutor" in problems[0].message and problems[0].line == 1


def test_yaml_is_loaded_safely(tmp_path):
    text = "!!python/object/apply:os.system ['echo pwned']\n"
    _, problems = parse_lesson(write(tmp_path, text))
    assert "not valid YAML" in problems[0].message


def test_syntax_error_has_a_line(tmp_path):
    text = PIPE.replace("title:\n  en:", "title:\n  en: [unclosed\n  xx:", 1)
    _, problems = parse_lesson(write(tmp_path, text))
    assert problems[0].line is not None and "not valid YAML" in problems[0].message


def test_missing_chinese_is_reported_by_check(tmp_path):
    text = re.sub(r'(?m)^(title:\n  en: .*\n)  zh: .*\n', r'\1', PIPE, count=1)  # drop the title's zh
    assert text != PIPE
    write(tmp_path, text)
    lessons, problems = check_folder(tmp_path)
    assert lessons  # it still loads (English is the fallback) ...
    assert any(p.field == "title" and "zh" in p.message for p in problems)  # ... but check says


def test_check_command_exit_codes(tmp_path, tutor_env):
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(LESSONS / "pipe.yaml", good)
    ok = run_cli("check", str(good), env=tutor_env)
    assert ok.returncode == 0 and "all valid" in ok.stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    write(bad, PIPE.replace("answer: [1]", "answer: [9]"))
    failed = run_cli("check", str(bad), env=tutor_env)
    assert failed.returncode == 1
    assert "pipe.yaml:" in failed.stdout and "quiz.5" in failed.stdout


def test_lessons_env_var_and_option(tmp_path, tutor_env):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = dict(tutor_env, IPCTUTOR_LESSONS=str(empty))
    proc = run_cli("check", env=env)
    assert proc.returncode == 1 and "no lesson files" in proc.stdout


def test_shipped_lessons_all_valid(tutor_env):
    proc = run_cli("check", str(LESSONS), env=tutor_env)
    assert proc.returncode == 0, proc.stdout
    assert [lesson.id for lesson in load_lessons(LESSONS)][:1]


def test_id_must_match_file_name(tmp_path):
    _, problems = parse_lesson(write(tmp_path, PIPE, name="queue.yaml"))
    assert problems[0].field == "id"
