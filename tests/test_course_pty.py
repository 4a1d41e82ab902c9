"""The course as one path, in a real pseudo-terminal of 80x24 (and wide), keys pressed as a person
would: pages no taller than the terminal, b goes back, an unknown key says which keys work, a
guess before a run, a second try at a wrong answer, and a lesson left part-way resumed where it was.

"Never taller than the terminal" is checked on what the tutor wrote, by a small model of the
terminal (`Rows`): it follows the cursor through newlines and the cursor movements Rich and
prompt_toolkit use, and counts every time the terminal would have had to scroll a line away.
"""

from __future__ import annotations

import re
import unicodedata

import pexpect
import pytest

import helpers
from helpers import ENTER, LESSONS, keys_for, lesson, progress_of, shown

CSI = re.compile(r"\x1b\[([0-9;?<>=]*)([ -/]*)([@-~])")


class Rows:
    """Where the cursor is on a terminal of `height` rows and `width` columns, and how many
    lines scrolled off the top (a screen taller than the terminal makes the terminal scroll)."""

    def __init__(self, height: int, width: int):
        self.height, self.width = height, width
        self.row = self.col = 0
        self.wrap_pending = False
        self.scrolled = 0
        self.scrolled_at: list[int] = []  # offsets in the output where a scroll happened

    def _down(self, at: int) -> None:
        if self.row == self.height - 1:
            self.scrolled += 1
            self.scrolled_at.append(at)
        else:
            self.row += 1

    def feed(self, text: str) -> None:
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\x1b":
                match = CSI.match(text, i)
                if match:
                    self._csi(match.group(1), match.group(3))
                    i = match.end()
                    continue
                if text.startswith("\x1b]", i):  # an OSC string, up to BEL or ST
                    end = min(
                        (e for e in (text.find("\x07", i), text.find("\x1b\\", i)) if e >= 0),
                        default=len(text),
                    )
                    i = end + 1
                    continue
                i += 3 if i + 1 < len(text) and text[i + 1] in "()" else 2
                continue
            if ch == "\n":
                self._down(i)
                self.wrap_pending = False
            elif ch == "\r":
                self.col, self.wrap_pending = 0, False
            elif ch == "\b":
                self.col = max(self.col - 1, 0)
            elif ch >= " ":
                cells = (
                    2
                    if unicodedata.east_asian_width(ch) in "WF"
                    else (0 if unicodedata.combining(ch) else 1)
                )
                if self.wrap_pending or self.col + cells > self.width:
                    self._down(i)
                    self.col, self.wrap_pending = 0, False
                self.col += cells
                if self.col >= self.width:
                    self.col, self.wrap_pending = self.width - 1, True
            i += 1

    def _csi(self, params: str, final: str) -> None:
        numbers = (
            [int(p) if p.isdigit() else 0 for p in params.lstrip("?").split(";")] if params else []
        )
        n = numbers[0] if numbers and numbers[0] else 1
        if params.startswith("?"):
            return
        self.wrap_pending = False
        if final == "A":
            self.row = max(self.row - n, 0)
        elif final == "B":
            self.row = min(self.row + n, self.height - 1)
        elif final == "C":
            self.col = min(self.col + n, self.width - 1)
        elif final == "D":
            self.col = max(self.col - n, 0)
        elif final == "E":
            self.row, self.col = min(self.row + n, self.height - 1), 0
        elif final == "F":
            self.row, self.col = max(self.row - n, 0), 0
        elif final == "G":
            self.col = n - 1
        elif final in "Hf":
            self.row = (numbers[0] if numbers and numbers[0] else 1) - 1
            self.col = (numbers[1] if len(numbers) > 1 and numbers[1] else 1) - 1
        elif final == "d":
            self.row = n - 1


def test_rows_counts_a_scroll_and_only_then():
    rows = Rows(3, 10)
    rows.feed("a\r\nb\r\nc")
    assert rows.scrolled == 0
    rows.feed("\x1b[2J\x1b[H1\r\n2\r\n3\r\n4")
    assert rows.scrolled == 1
    rows = Rows(3, 4)
    rows.feed("\x1b[H" + "x" * 12)  # three full rows, no newline: no scroll
    assert rows.scrolled == 0
    rows.feed("y")
    assert rows.scrolled == 1
    rows = Rows(3, 10)
    rows.feed("a\r\nb\r\nc\x1b[2A\r\x1b[2Kd\r\ne\r\nf")  # a live redraw moves up first
    assert rows.scrolled == 0


def spawn(*args: str, env: dict, size: tuple[int, int] = (24, 80)) -> pexpect.spawn:
    """The tutor in a terminal of `size`, 24x80 unless told."""
    return helpers.spawn(*args, env=env, size=size)


def never_scrolled(child, size=(24, 80)) -> None:
    """Nothing scrolled off while the learner was in the tutor. What is printed after they left
    (the goodbye line, then the shell's prompt) scrolls the last page up, as any program's last
    lines do: `leave` marks where leaving began."""
    rows = Rows(*size)
    raw = child.log.getvalue()[: getattr(child, "left_at", None)]
    rows.feed(raw)
    where = [
        re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw[max(at - 300, 0) : at])[-200:]
        for at in rows.scrolled_at[:3]
    ]
    assert rows.scrolled == 0, (
        f"{rows.scrolled} line(s) scrolled off a {size} terminal, after: {where}"
    )


def enter_through_pages(child, until: str, timeout: float = 60) -> None:
    """Enter on every "more" page until the pause that says `until`."""
    while child.expect_exact([until, "Enter: more"], timeout=timeout) == 1:
        child.send(ENTER)


def finish(child) -> None:
    child.expect(pexpect.EOF, timeout=60)
    child.close()


def leave(child) -> None:
    """q, as the learner leaves; never_scrolled judges the screen up to here."""
    child.left_at = len(child.log.getvalue())
    child.send("q")


@pytest.mark.xfail(
    reason="after the merge with the observed demos this walk stops at a page of the quiz "
    "(a 'more' page where the test waits for the verdict): known, open in issue 14",
    strict=False,
)
def test_learn_queue_at_80x24_from_the_first_screen_to_the_exercise_and_the_quiz(tutor_env):
    queue = lesson("queue")
    screens = queue.screens
    child = spawn("learn", "queue", "--workers", "10", "--delay", "0.2", env=tutor_env)
    child.expect_exact("lesson 2 of")
    child.expect_exact(f"(1/{len(screens)})")
    child.expect_exact("Enter: next · b: back")
    child.send("x")  # a key that does nothing: the tutor says which keys do
    child.expect_exact("nothing")  # "That key does nothing here. Enter: next · b: back · q: leave",
    child.expect_exact("leave")  # redrawn by prompt_toolkit only where it differs
    child.send(ENTER)
    child.expect_exact(f"(2/{len(screens)})")
    child.expect_exact("Enter: next")
    child.send("b")  # back a screen
    child.expect_exact(f"(1/{len(screens)})")
    child.expect_exact("Enter: next")
    for number in range(1, len(screens)):
        child.send(ENTER)
        child.expect_exact(f"({number + 1}/{len(screens)})")
        child.expect_exact("Enter: ")
    child.send(ENTER)
    enter_through_pages(child, "Enter: run it live")  # the code panel is taller than 24 rows
    assert "Enter: more (page 1 of" in shown(child)
    child.send(ENTER)
    child.expect_exact("No: in some other order")  # predict, then run
    child.send(ENTER)  # the first choice: in the order they started
    enter_through_pages(child, "Enter: what commonly goes wrong")
    screen = " ".join(shown(child).split())  # lines wrap at 80 columns
    assert (
        "Your guess: Yes: in the order they started" in screen
        and "they finished in this order" in screen
    )
    assert "What the parent got" in screen
    child.send(ENTER)
    child.expect_exact("What commonly goes wrong")
    enter_through_pages(child, "Enter: a pitfall you can run")
    child.send(ENTER)  # the first pitfall screen
    child.expect_exact(queue.pitfall_screens[0].title.en[:30])
    enter_through_pages(child, f"r: run {queue.pitfall_screens[0].name} here")
    child.send("r")  # guess, then run it here
    child.expect_exact("No: it happens to work this time")
    child.send(ENTER)  # yes
    enter_through_pages(child, f"r: run {queue.pitfall_screens[0].name} here", timeout=120)
    assert "Your guess: Yes: it goes wrong" in " ".join(shown(child).split())
    child.send(ENTER)
    for _ in queue.pitfall_screens[1:]:
        enter_through_pages(child, "r: run")
        child.send(ENTER)
    child.expect_exact("This lesson's exercise")
    enter_through_pages(child, "p: do it now")
    child.send(ENTER)  # on to the quiz; the exercise stays offered by `ipctutor practice`
    items = __import__("ipctutor.content.quiz", fromlist=["x"]).asked_in_lesson(queue)
    total = len(items)
    for number, asked in enumerate(items, 1):
        child.expect_exact(f"Question {number} of {total}")
        enter_through_pages(child, "Your answer")
        if number == 1:  # wrong first, then a second try
            child.send(keys_for(asked, right=False))
            child.expect_exact("Try once more")
            enter_through_pages(child, "Your answer")
            child.send(keys_for(asked, right=True))
            child.expect_exact("Right, on the second try")
        else:
            child.send(keys_for(asked, right=True))
            child.expect_exact("✓ Right.")
        enter_through_pages(
            child, "Enter: your score" if number == total else "Enter: next question"
        )
        child.send(ENTER)
    child.expect_exact(f"Score: {total - 1}/{total}")
    child.expect_exact("Lesson done. Next:")
    finish(child)
    assert child.exitstatus == 0
    never_scrolled(child)
    entry = progress_of(tutor_env)["lessons"]["queue"]
    assert entry["read"] and entry["demo_run"]
    assert entry["answers"][queue.quiz[0].id]["right"] is False  # the first try counts
    assert entry["quiz"]["best"]["right"] == total - 1
    assert set(entry["guesses"]) == {"demo", f"pitfall:{queue.pitfall_screens[0].name}"}
    assert entry["guesses"]["demo"]["guess"] == "Yes: in the order they started"
    assert entry.get("at") is None  # finished: the next `learn` starts afresh


def test_quitting_at_screen_3_comes_back_at_screen_3_in_chinese(tutor_env):
    env = dict(tutor_env, IPCTUTOR_LANG="zh")
    total = len(lesson("pipe").screens)
    child = spawn("learn", "pipe", env=env)
    for number in (1, 2):
        child.expect_exact(f"({number}/{total})")
        child.expect_exact("Enter：下一页")
        child.send(ENTER)
    child.expect_exact(f"(3/{total})")
    child.expect_exact("Enter：")
    child.send("q")
    child.expect_exact("会回到这一步")
    finish(child)
    child = spawn("learn", env=env)  # no topic: where the learner stands
    child.expect_exact("从你上次离开的地方继续：第 3/")
    child.expect_exact(f"(3/{total})")
    child.expect_exact("Enter：")
    child.send("b")
    child.expect_exact(f"(2/{total})")
    child.expect_exact("Enter：")
    leave(child)
    finish(child)
    never_scrolled(child)
    assert progress_of(env)["lessons"]["pipe"]["at"] == 1


def test_a_multiple_choice_answer_shows_each_choice_ticked_right_or_wrong(tutor_env):
    from ipctutor.content.quiz import pick

    pipe = lesson("pipe")
    seed = next(s for s in range(500) if pick([pipe], 1, s)[0].question.kind == "multiple")
    asked = pick([pipe], 1, seed)[0]
    labels = asked.question.choice_labels("en")
    child = spawn(
        "quiz", "pipe", "--count", "1", "--seed", str(seed), env=tutor_env, size=(40, 120)
    )
    child.expect_exact("Your answer")
    child.send(keys_for(asked, right=False))
    child.expect_exact("Try once more")
    child.expect_exact("Your answer")
    child.send(keys_for(asked, right=False))
    child.expect_exact("The answer:")
    child.expect_exact("Enter: your score")
    screen = shown(child)
    verdict = screen[screen.rindex("The answer:") :]
    wrong_pick = next(i for i in asked.shown() if i not in asked.question.answer)
    for i in asked.shown():
        ticked = "[x]" if i == wrong_pick else "[ ]"
        mark = "✓" if (i == wrong_pick) == (i in asked.question.answer) else "✗"
        assert f"{mark} {ticked} {labels[i][:40]}" in verdict
    child.send(ENTER)
    child.expect_exact("Score: 0/1")
    finish(child)
    assert child.exitstatus == 0


def test_the_quiz_pages_at_80x24(tutor_env):
    """Every question of the longest lesson's quiz, answered at 80x24: nothing scrolls away."""

    from ipctutor.content.lessons import load_lessons
    from ipctutor.content.quiz import pick

    longest = max(
        load_lessons(LESSONS),
        key=lambda one: max(
            len(q.prompt.en) + len(q.explanation.en) + len(q.code or "") * 2 for q in one.quiz
        ),
    )
    asked = pick([longest], None, 5)
    child = spawn("quiz", longest.id, "--seed", "5", env=tutor_env)
    for number, item in enumerate(asked, 1):
        child.expect_exact(f"Question {number} of {len(asked)}")
        enter_through_pages(child, "Your answer")
        child.send(keys_for(item, right=True))
        enter_through_pages(
            child, "Enter: your score" if number == len(asked) else "Enter: next question"
        )
        child.send(ENTER)
    child.expect_exact(f"Score: {len(asked)}/{len(asked)}")
    finish(child)
    never_scrolled(child)


def test_learn_in_chinese_at_80x24_up_to_what_goes_wrong(tutor_env):
    """Wide characters take two columns each: the pages still fit, the guess and result in Chinese."""
    env = dict(tutor_env, IPCTUTOR_LANG="zh")
    child = spawn("learn", "queue", "--delay", "0.2", env=env)
    child.expect_exact("第 2/")
    while (
        child.expect_exact(
            ["Enter：实际运行", "Enter：继续", "Enter：下一页", "Enter：查看演示代码"]
        )
        > 0
    ):
        child.send(ENTER)
    child.send(ENTER)
    child.expect_exact("不会：顺序不同")  # the guess, in Chinese
    child.send("\x1b[B" + ENTER)  # the second choice
    while child.expect_exact(["Enter：常见的陷阱", "Enter：继续"]) == 1:
        child.send(ENTER)
    assert "你的猜测：不会：顺序不同" in " ".join(shown(child).split())
    child.send(ENTER)
    child.expect_exact("常见的陷阱")
    child.expect_exact("Enter：")
    leave(child)
    finish(child)
    assert child.exitstatus == 0
    never_scrolled(child)
    guess = progress_of(env)["lessons"]["queue"]["guesses"]["demo"]
    assert guess["guess"] == "不会：顺序不同"


def test_plain_learn_at_80x24_pages_the_runs_lines_too(tutor_env):
    """NO_COLOR: the demo's and the pitfall's lines, one per event, are paged after the run
    instead of scrolling past while it runs."""
    env = dict(tutor_env, NO_COLOR="1")
    child = spawn("learn", "value", "--workers", "10", "--delay", "0", env=env)
    while (
        child.expect_exact(["Enter: run it live", "Enter: more", "Enter: next", "Enter: see"]) > 0
    ):
        child.send(ENTER)
    child.send(ENTER)
    child.expect_exact("No: in some other order")
    child.send(ENTER)
    enter_through_pages(child, "Enter: what commonly goes wrong")
    assert "child-9" in shown(child) and "-- Processes" in shown(child)
    child.send(ENTER)
    enter_through_pages(child, "Enter: a pitfall you can run")
    child.send(ENTER)
    enter_through_pages(child, "r: run race here")
    child.send("r")
    child.expect_exact("No: it happens to work this time")
    child.send(ENTER)
    enter_through_pages(child, "r: run race here", timeout=120)
    assert "-- What the runs showed" in shown(child)
    leave(child)
    finish(child)
    assert child.exitstatus == 0
    never_scrolled(child)
