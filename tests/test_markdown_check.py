"""`ipctutor check` refuses lesson text whose dunder names Markdown would eat (`__main__` shown as
a bold "main"), naming FILE:LINE: FIELD and what to do; names in code spans and code blocks pass."""

from __future__ import annotations

import shutil

from helpers import LESSONS, run_cli
from ipctutor.content.lessons import eaten_dunders


def test_eaten_dunders_finds_bare_names_only():
    text = (
        "Pool.__exit__ calls terminate(); `__main__` is fine\n```\nif __name__ == '__main__':\n```\n"
        "    __init__ in indented code\nescaped \\_\\_x\\_\\_ and __mp_main__."
    )
    assert eaten_dunders(text) == [(0, "__exit__"), (5, "__mp_main__")]


def test_check_names_the_line_the_field_and_the_fix(tmp_path, tutor_env):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    path = folder / "pipe.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(
        "        By default the pipe is *duplex*: both ends can send and receive. `Pipe(duplex=False)`"
    )
    lines[at] = "        By default the pipe (see Connection.__init__) is duplex."
    path.write_text("\n".join(lines), encoding="utf-8")
    done = run_cli("check", str(folder), env=tutor_env)
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if "Markdown" in line]
    assert problems == [
        (
            f'{path}:{at + 1}: screens.0.body.en: Markdown shows __init__ as a bold "init": '
            "write it in backticks (`__init__`) or escape the underscores (\\_\\_init\\_\\_)"
        )
    ]


def test_the_shipped_lessons_pass(tutor_env):
    done = run_cli("check", str(LESSONS), env=tutor_env)
    assert done.returncode == 0, done.stdout
