"""The lesson schema: located errors, the check command, and the shipped lessons."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers import LESSONS, run_cli
from ipctutor.content.lessons import FORMAT_VERSION, check_folder, load_lessons, parse_lesson

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
    text = PIPE.replace(
        '    answer: [0]\n    explanation:\n      en: "Pipe() gives',
        '    answer: [7]\n    explanation:\n      en: "Pipe() gives',
    )
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
    text = PIPE.replace(
        f"format_version: {FORMAT_VERSION}", f"format_version: {FORMAT_VERSION + 1}"
    )
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
    text = re.sub(
        r"(?m)^(title:\n  en: .*\n)  zh: .*\n", r"\1", PIPE, count=1
    )  # drop the title's zh
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


HINTLESS = Path(__file__).parent / "fixtures" / "hintless"


def test_check_refuses_questions_without_a_ladder_of_hints_and_says_what_to_do(tutor_env):
    """The fixture lesson: one question without hints, one with a single hint, one whose first
    hint says the answer. Each is located, named, and told what to do."""
    text = (HINTLESS / "pipe.yaml").read_text(encoding="utf-8")
    proc = run_cli("check", str(HINTLESS), env=tutor_env)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    path = HINTLESS / "pipe.yaml"
    assert lines[0].startswith(f"{path}:{line_of(text, 'id: no-hints')}: quiz.0.hints: missing: ")
    assert "add `hints:` with at least two entries" in lines[0]
    assert lines[1].startswith(f"{path}:{line_of(text, 'hints:')}: quiz.1.hints: ")
    assert "at least 2 hints, it has 1" in lines[1] and "add a nudge" in lines[1]
    assert "quiz.2.hints: the first hint gives the answer away" in lines[2] and "'42'" in lines[2]
    assert len(lines) == 3 and "Problems found: 3." in proc.stderr


def test_the_first_hint_may_not_say_the_answer_in_chinese_either(tmp_path):
    roundtrip = PIPE.index("id: pipe-predict-roundtrip")
    nudge = PIPE.index("      - en: ", PIPE.index("    hints:", roundtrip))
    zh_at = PIPE.index("zh: ", nudge)
    text = PIPE[:zh_at] + 'zh: "答案是42。"' + PIPE[PIPE.index("\n", zh_at) :]
    _, problems = parse_lesson(write(tmp_path, text))
    assert [p.field for p in problems] == ["quiz.4.hints"]
    assert "(zh: it contains '42')" in problems[0].message


def test_format_1_is_refused_with_what_to_change(tmp_path):
    """A lesson written for the old format (one hint ladder per lesson) gets one problem, on its
    format_version line, saying how to bring it up to date; not a problem per question."""
    old = PIPE.replace(f"format_version: {FORMAT_VERSION}", "format_version: 1").replace(
        "quiz:\n", 'hints:\n  - en: "A nudge"\n    zh: "提示"\nquiz:\n', 1
    )
    path = write(tmp_path, old)
    _, problems = parse_lesson(path)
    assert len(problems) == 1 and problems[0].line == 1 and problems[0].field == "format_version"
    assert "move the lesson's `hints:` into each question" in problems[0].message
    assert f"format_version: {FORMAT_VERSION}" in problems[0].message


def test_a_lesson_level_ladder_is_refused_with_where_the_hints_go(tmp_path):
    text = PIPE.replace("quiz:\n", 'hints:\n  - en: "A nudge"\n    zh: "提示"\nquiz:\n', 1)
    _, problems = parse_lesson(write(tmp_path, text))
    assert [(p.field, p.line) for p in problems] == [("hints", line_of(text, "hints:"))]
    assert "move them into each question's `hints:`" in problems[0].message


def test_an_unknown_field_says_what_to_do(tmp_path):
    _, problems = parse_lesson(
        write(tmp_path, PIPE.replace("order: 3\n", "order: 3\ncolour: blue\n"))
    )
    assert "remove `colour`, or check its spelling" in problems[0].message
