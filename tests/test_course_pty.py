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
from helpers import ENTER, LESSONS, keys_for, lesson, progress_of, shown, squeezed

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


def say(lang: str, key: str, **values) -> str:
    """Message `key` as the learner sees it in `lang`; without values, the text before its first
    blank (what is sure to be on screen whatever fills it)."""
    from ipctutor.i18n import MESSAGES

    text = MESSAGES[key][lang]
    return text.format(**values) if values else text.split("{")[0].rstrip()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_learn_queue_at_80x24_from_the_first_screen_to_the_exercise_and_the_quiz(tutor_env, lang):
    env = dict(tutor_env, IPCTUTOR_LANG=lang)
    queue = lesson("queue")
    screens = queue.screens
    more = say(lang, "pause_more_short").split(" ·")[0]  # "Enter: more", "Enter：继续"

    def through_pages(until: str, timeout: float = 60) -> None:
        """Enter on every "more" page until the pause that says `until`."""
        while child.expect_exact([until, more], timeout=timeout) == 1:
            child.send(ENTER)

    child = spawn("learn", "queue", "--workers", "10", "--delay", "0.2", env=env)
    child.expect_exact(say(lang, "lesson_n_of", n=2, of="X").split("X")[0])
    child.expect_exact(f"(1/{len(screens)})")
    child.expect_exact(say(lang, "pause_next").split(" · q")[0])  # Enter: next · b: back
    child.send("x")  # a key that does nothing: the tutor says which keys do
    child.expect_exact({"en": "nothing", "zh": "没有作用"}[lang])  # "That key does nothing ..."
    child.expect_exact(say(lang, "pause_next").split(" · ")[-1])  # redrawn only where it differs
    child.send(ENTER)
    child.expect_exact(f"(2/{len(screens)})")
    child.expect_exact("Enter")
    child.send("b")  # back a screen
    child.expect_exact(f"(1/{len(screens)})")
    child.expect_exact("Enter")
    for number in range(1, len(screens)):
        child.send(ENTER)
        child.expect_exact(f"({number + 1}/{len(screens)})")
        child.expect_exact("Enter")
    child.send(ENTER)
    through_pages(say(lang, "pause_run").split(" ·")[0])  # the code panel is taller than 24 rows
    assert say(lang, "pause_more", n=1, of="X").split("X")[0] in shown(child)
    child.send(ENTER)
    child.expect_exact(say(lang, "guess_other_order"))  # predict, then run
    child.send(ENTER)  # the first choice: in the order they started
    through_pages(say(lang, "pause_after_demo").split(" ·")[0])
    screen = squeezed(shown(child))
    in_order = say(lang, "guess_in_order")
    assert squeezed(say(lang, "your_guess", guess=in_order)) in screen
    assert squeezed(say(lang, "finished_order")) in screen
    assert squeezed(say(lang, "results_title")) in screen
    child.send(ENTER)
    child.expect_exact(say(lang, "pitfalls_title"))
    through_pages(say(lang, "pause_pitfall").split(" ·")[0])
    child.send(ENTER)  # the first pitfall screen
    first = queue.pitfall_screens[0]
    child.expect_exact(first.title.get(lang)[:15])
    run_here = say(lang, "pause_run_pitfall", name=first.name)
    through_pages(run_here)
    child.send("r")  # guess, then run it here
    child.expect_exact(say(lang, "guess_works"))
    child.send(ENTER)  # yes
    through_pages(run_here, timeout=120)
    goes_wrong = say(lang, "guess_goes_wrong")
    assert squeezed(say(lang, "your_guess", guess=goes_wrong)) in squeezed(shown(child))
    child.send(ENTER)
    for _ in queue.pitfall_screens[1:]:
        through_pages(say(lang, "pause_run_pitfall"))
        child.send(ENTER)
    child.expect_exact(say(lang, "exercise_offer"))
    through_pages(say(lang, "pause_practise"))
    child.send(ENTER)  # on to the quiz; the exercise stays offered by `ipctutor practice`
    items = __import__("ipctutor.content.quiz", fromlist=["x"]).asked_in_lesson(queue)
    total = len(items)
    for number, asked in enumerate(items, 1):
        child.expect_exact(say(lang, "question_header", n=number, of=total, lesson="X")[:-1])
        through_pages(say(lang, "your_answer").rstrip(":："))
        if number == 1:  # wrong first, then a second try
            child.send(keys_for(asked, right=False))
            child.expect_exact(say(lang, "try_again")[:5])
            through_pages(say(lang, "your_answer").rstrip(":："))
            child.send(keys_for(asked, right=True))
            child.expect_exact(say(lang, "right_second")[:6])
        else:
            child.send(keys_for(asked, right=True))
            child.expect_exact(f"✓ {say(lang, 'right')}")
        through_pages(
            say(lang, "pause_score" if number == total else "pause_next_question").split(" ·")[0]
        )
        child.send(ENTER)
    child.expect_exact(say(lang, "score", right=total - 1, of=total))
    child.expect_exact(say(lang, "lesson_done"))
    finish(child)
    assert child.exitstatus == 0
    never_scrolled(child)
    entry = progress_of(env)["lessons"]["queue"]
    assert entry["read"] and entry["demo_run"]
    assert entry["answers"][queue.quiz[0].id]["right"] is False  # the first try counts
    assert entry["quiz"]["best"]["right"] == total - 1
    assert set(entry["guesses"]) == {"demo", f"pitfall:{first.name}"}
    assert entry["guesses"]["demo"]["guess"] == in_order
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


@pytest.mark.parametrize(
    "lang, size", [("en", (24, 80)), ("zh", (24, 80)), ("en", (40, 120))], ids=str
)
def test_run_repeat_asks_a_guess_first_and_marks_it_beside_the_histogram(tutor_env, lang, size):
    """Predict, then run: the guess before K runs, the histogram explained, the guess marked ✓ or
    ✗ beside what the runs showed, and kept in progress."""
    env = dict(tutor_env, IPCTUTOR_LANG=lang)
    child = spawn("run", "pipe", "--repeat", "3", "-n", "3", env=env, size=size)
    child.expect_exact(say(lang, "guess_repeat_differ"))
    assert squeezed(say(lang, "guess_repeat")) in squeezed(shown(child))
    child.send(ENTER)  # the first choice: every run the same
    child.expect_exact(say(lang, "repeat_title", topic="pipe", k=3, method="fork")[:10])
    finish(child)
    assert child.exitstatus == 0
    screen = squeezed(shown(child))
    assert squeezed(say(lang, "repeat_explained").split("{")[0]) in screen  # what the table means
    guess = progress_of(env)["lessons"]["pipe"]["guesses"]["repeat"]
    same = say(lang, "guess_repeat_same")
    assert guess["guess"] == same
    assert guess["right"] is (guess["actual"] == same)
    mark = "✓" if guess["right"] else "✗"
    assert squeezed(f"{mark} {say(lang, 'your_guess', guess=same)}") in screen


def test_run_repeat_runs_without_a_pause_unless_asked_and_never_asks_for_json(tutor_env):
    """--repeat counts outcomes: no --delay means no pause (one run alone keeps its 1 s)."""
    import json

    from helpers import run_cli

    counted = run_cli("run", "pipe", "--repeat", "2", "-n", "2", "--json", env=tutor_env)
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout)["delay_s"] == 0
    paused = run_cli(
        "run", "pipe", "--repeat", "2", "-n", "2", "--delay", "0.1", "--json", env=tutor_env
    )
    assert json.loads(paused.stdout)["delay_s"] == 0.1
    once = run_cli("run", "pipe", "-n", "2", "--json", env=tutor_env)
    assert json.loads(once.stdout)["delay"] == 1.0


@pytest.mark.parametrize("size", [(24, 80), (40, 120)], ids=str)
def test_what_the_parent_got_is_shown_as_python_writes_it_never_split(tutor_env, size):
    """The run's results as the script would print them (['hello', 0], not JSON's ["hello",0]),
    in columns: no item broken across two lines."""
    child = spawn("run", "queue", "-n", "10", "--delay", "0", env=tutor_env, size=size)
    child.expect_exact("Done in")
    finish(child)
    screen = shown(child)
    panel = screen[screen.index("What the parent got") : screen.index("What just happened")]
    found = re.findall(r"\['hello', (\d)\]", panel)
    assert sorted(found) == [str(n) for n in range(10)], panel
    assert '["hello"' not in screen


@pytest.mark.parametrize(
    "lang, size", [("en", (24, 80)), ("zh", (24, 80)), ("en", (40, 120))], ids=str
)
def test_a_pitfalls_outcome_says_what_happened_and_which_start_method(tutor_env, lang, size):
    """Not "ok" beside the lost updates: "lost 43.3% of the updates" for the broken run, "no
    update lost" for the fix, and a line saying both ran under the same start method."""
    env = dict(tutor_env, IPCTUTOR_LANG=lang)
    child = spawn(
        "run", "value", "--pitfall", "race", "--size", "5000", "-s", "spawn", env=env, size=size
    )
    child.expect_exact(say(lang, "why_and_fix"), timeout=120)
    finish(child)
    screen = squeezed(shown(child))
    table = screen[screen.rindex(squeezed(say(lang, "outcome"))) :]
    lost = {"en": r"lost\d+\.\d%oftheupdates", "zh": r"丢失了\d+\.\d%的更新"}[lang]
    none_lost = squeezed(say(lang, "phase_no_update_lost"))
    broken = re.search(f"{lost}|{re.escape(none_lost)}", table)
    assert broken, table
    assert none_lost in table[broken.end() :]  # the fix: not one lost
    assert squeezed(say(lang, "pitfall_same_method", method="spawn")) in screen
