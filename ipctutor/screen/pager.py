"""One terminal at a time: what the learner reads is cut into pages no taller than the terminal.

Every page starts on a cleared screen and ends with a one-line pause, so nothing scrolls away
unread, at 80x24 too: a 33-line code panel, a ten-child result, a long explanation become two or
three pages, Enter for the next, b for the one before.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable

from ipctutor.i18n import t
from ipctutor.screen.prompts import BACK, NEXT, QUIT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colours and styles take no room on screen
MIN_HEIGHT = 8  # a terminal smaller than this still gets pages of a few lines


class Pager:
    """Draws into lines at the console's width, then shows them page by page."""

    def __init__(self, console, pause: Callable):
        self.console, self.pause = console, pause

    @property
    def page_height(self) -> int:
        """Lines of text a page holds: the terminal's height less the pause line."""
        return max(self.console.size.height, MIN_HEIGHT) - 1

    def clear(self) -> None:
        """A fresh screen. Plain output (NO_COLOR, --plain) in a terminal is cleared too: that is
        no colour and no redraw; output that is not a terminal (a log, a pipe) is left alone."""
        if self.console.is_terminal:
            self.console.clear()
            return
        try:
            tty = self.console.file.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        if tty:
            self.console.file.write("\x1b[H\x1b[2J")
            self.console.file.flush()

    def lines(self, draw: Callable[[], None]) -> list[str]:
        """What `draw()` prints (to the console or with print()), as lines at the console's width."""
        printed = io.StringIO()
        with self.console.capture() as capture, contextlib.redirect_stdout(printed):
            draw()
        text = capture.get() + printed.getvalue()
        return text.rstrip("\n").split("\n") if text.strip() else []

    def rendered(self, *renderables) -> list[str]:
        """Rich renderables (or strings, printed without markup guesses) as lines."""

        def draw():
            for item in renderables:
                self.console.print(item, highlight=False)

        return self.lines(draw)

    def write(self, lines: list[str]) -> None:
        if lines:
            self.console.file.write("\n".join(lines) + "\n")
        self.console.file.flush()

    def rows(self, line: str) -> int:
        """How many terminal rows a line takes: a plain line wider than the terminal wraps."""
        from rich.cells import cell_len

        width = max(self.console.size.width, 1)
        return max(1, -(-cell_len(ANSI.sub("", line)) // width))

    def pages(self, lines: list[str], break_at: int = 0) -> list[list[str]]:
        """The lines cut into pages of at most `page_height` terminal rows each; line `break_at`
        (if not 0) starts a page of its own."""
        pages: list[list[str]] = [[]]
        used = 0
        for number, line in enumerate(lines):
            rows = self.rows(line)
            if pages[-1] and (used + rows > self.page_height or (break_at and number == break_at)):
                pages.append([])
                used = 0
            pages[-1].append(line)
            used += rows
        return pages

    def show(
        self, lines: list[str], message: str, keys: dict | None = None, from_line: int = 0
    ) -> str:
        """Page through `lines`; the last page ends with `message` and `keys` (key -> result).

        Returns NEXT, BACK (b on the first page), QUIT, or what one of `keys` returns. Pages
        before the last say how many there are and take Enter (more) and b (the page before).
        Line `from_line` (if not 0) starts a page, and that page is the first shown: a result
        added below a text starts on a page of its own.
        """
        pages, first = self.pages(lines, from_line), 0
        at = 0
        for number, page in enumerate(pages):  # the page that holds line `from_line`
            if first <= from_line:
                at = number
            first += len(page)
        while True:
            self.clear()
            self.write(pages[at])
            last = at == len(pages) - 1
            if last:
                answer = self.pause(message, {"b": BACK, **(keys or {})})
            else:
                answer = self.pause(t("pause_more", n=at + 1, of=len(pages)), {"b": BACK})
            if answer == BACK:
                if at == 0:
                    return BACK
                at -= 1
            elif answer == NEXT and not last:
                at += 1
            elif answer == QUIT or last:
                return answer


class Cropped:
    """A renderable cut to the terminal's height less one, "…" on its last line when cut: Rich's
    Live draws its last frame uncut when it stops, then a newline, which would scroll a tall panel
    (ten children at 80x24) and leave its top behind."""

    def __init__(self, renderable):
        self.renderable = renderable

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        lines = console.render_lines(self.renderable, options, pad=False)
        height = max(console.size.height, MIN_HEIGHT) - 1  # Live ends with a newline
        if len(lines) > height:
            lines = lines[: height - 1] + [[Segment("…", console.get_style("dim"))]]
        for number, line in enumerate(lines):
            yield from line
            if number < len(lines) - 1:
                yield Segment.line()
