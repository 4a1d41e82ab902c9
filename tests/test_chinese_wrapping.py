"""Chinese lines break between characters (Rich breaks only at spaces), never before closing
punctuation, and a short Latin stretch (inline code, a number and its unit) stays whole."""

from __future__ import annotations

import io
import itertools

import pytest

from ipctutor.screen.textwidth import (
    NO_LINE_START,
    cell_width,
    divide_line_cjk,
    units,
    wrap_chinese_in_rich,
)

SENTENCE = (
    "每个子进程都向同一个 Pipe 的同一端写了一条小消息，父进程从另一端按到达顺序读出（不是子进程启动的"
    "顺序）。单条消息超过约 64 KiB 时，它们的数据就可能交错；用 `multiprocessing.Queue` 代替。"
)


def lines_of(text: str, width: int) -> list[str]:
    breaks = divide_line_cjk(text, width)
    return [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)])]


@pytest.mark.parametrize("width", range(12, 61, 3))
def test_lines_fit_fill_and_keep_together(width):
    lines = lines_of(SENTENCE, width)
    assert "".join(lines) == SENTENCE
    for line, after in itertools.pairwise(lines):
        assert cell_width(line.rstrip()) <= width, line
        assert after[0] not in NO_LINE_START, (line, after)  # no line begins with ，。）
        first = units(after, width)[0][1]  # what could not join this line
        assert cell_width(line) + cell_width(first) > width, (line, after)  # it was full
    assert not any(line.rstrip().endswith("64") for line in lines[:-1]), lines  # 64 KiB stays whole


def test_a_name_wider_than_the_line_keeps_its_letters_together():
    lines = lines_of("ProcessPoolExecutor：Future，以及能察觉工作进程死掉的进程池", 20)
    assert lines[0] == "ProcessPoolExecutor"


def test_rich_fills_chinese_lines_to_the_border():
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.panel import Panel

    wrap_chinese_in_rich()
    console = Console(file=io.StringIO(), width=50, force_terminal=False, color_system=None)
    console.print(Panel(Markdown(SENTENCE)))
    inner = [line[2:-2] for line in console.file.getvalue().splitlines()[1:-1]]
    assert len(inner) >= 3
    for line in inner[:-1]:
        assert cell_width(line.rstrip()) >= 50 - 4 - 4, inner  # not ending far from the border
    text = "".join(line.strip() for line in inner)
    assert "64 KiB" in "\n".join(inner) and "multiprocessing.Queue" in text


def test_english_lines_wrap_as_rich_wraps_them():
    import rich.text

    wrap_chinese_in_rich()
    english = (
        "Every child wrote one small message to the same end of one Pipe; the parent read them."
    )
    assert rich.text.divide_line(english, 30) == rich.text.divide_line.__wrapped__(english, 30)


@pytest.mark.parametrize("width", range(24, 40))
def test_a_path_is_not_cut_at_its_dot(width):
    text = "你的练习文件所在的目录（也可用 IPCTUTOR_WORKSPACE；默认 ./ipctutor-exercises）。"
    assert any(
        line.startswith("./ipctutor-exercises") or " ./ipctutor-exercises" in line
        for line in lines_of(text, width)
    )
