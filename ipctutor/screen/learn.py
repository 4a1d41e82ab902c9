"""`ipctutor learn`: a lesson as a row of steps, one terminal page at a time.

The steps: the lesson's screens, the demo's code, a guess and then the demo live (its result stays
until Enter), what commonly goes wrong, each pitfall (r: guess, then run it here), the lesson's
practice exercise (p: open it here), the quiz. Enter moves on, b goes back a step, q leaves; the
step is saved as the learner reaches it, so `learn` comes back to it. A lesson counts as read once
its last screen has been shown, the demo as run once it ran without a failure.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape  # lesson text is shown as is, square brackets included

from ipctutor.i18n import t

NO_ORDER_GUESS = {
    "pool",
    "futures",
    "cluster",
}  # a pool's workers take tasks: no child-0, child-1 … to order
DEMO_TIMEOUT = 30.0  # the watchdog, on top of the children's own pause
PITFALL_DELAY = 1.0  # what `ipctutor run TOPIC --pitfall NAME` uses when no --delay is given


@dataclass
class Learner:
    """Where the lesson talks to: the language, the console, the keys and the progress file."""

    lang: str
    console: Any  # rich.console.Console
    plain: bool
    pause: Any  # (message, keys) -> prompts.NEXT | QUIT | BACK | keys' value
    ask: Any  # (question, ticked, order) -> choice indexes | prompts.HINT | prompts.QUIT
    save: Any  # progress.Recorder
    workers: int = 10  # the demo's options, as `ipctutor run` takes them
    delay: float = 1.0
    start_method: str | None = None
    choose: Any = None  # (message, labels) -> index | prompts.QUIT: a guess before a run
    exercise: Any = None  # the lesson's practice exercise (content.exercises.Exercise), if any
    practise: Any = None  # (exercise) -> None: the practice screen, in place
    start_at: int = 0  # the step to begin at (where the learner left off)
    where: str = ""  # "lesson 3 of 14", shown above the first step
    notice: str = ""  # a line above the first step shown ("2 reviews due today: ipctutor review")
    ran: dict = field(default_factory=dict)  # what a step already showed: going back shows it again


def steps_of(lesson, who: Learner) -> list[tuple[str, object]]:
    """The lesson's steps in order, each (kind, what)."""
    steps: list[tuple[str, object]] = [("screen", screen) for screen in lesson.screens]
    steps += [("code", None), ("demo", None), ("pitfalls", None)]
    steps += [("pitfall", screen) for screen in lesson.pitfall_screens]
    if who.exercise is not None and who.practise is not None:
        steps.append(("exercise", who.exercise))
    if lesson.quiz:
        steps.append(("quiz", None))
    return steps


def learn(lesson, who: Learner) -> str:
    """Walk through one lesson from `who.start_at`; returns finished, left (q) or interrupted."""
    from ipctutor.screen.pager import Pager
    from ipctutor.screen.prompts import BACK, QUIT

    pager = Pager(who.console, who.pause)
    steps = steps_of(lesson, who)
    at = min(max(who.start_at, 0), len(steps) - 1)
    notice = " ".join(
        line for line in (t("resumed", n=at + 1, of=len(steps)) if at else "", who.notice) if line
    )
    saved = at
    try:
        while at < len(steps):
            if at != saved:
                who.save("mark_at", lesson.id, at)
                saved = at
            kind, what = steps[at]
            head = header_lines(lesson, who, pager, notice) if at == 0 or notice else []
            notice = ""
            if kind == "quiz":
                outcome = run_lesson_quiz(lesson, who, pager)
                if outcome == "finished":
                    who.save("mark_at", lesson.id, None)
                return outcome
            answer = show_step(lesson, kind, what, at, steps, who, pager, head)
            if answer == "interrupted":
                return "interrupted"
            if answer == QUIT:
                return "left"
            at = max(at - 1, 0) if answer == BACK else at + 1
    except KeyboardInterrupt:
        return "interrupted"
    who.save("mark_at", lesson.id, None)
    return "finished"


def header_lines(lesson, who: Learner, pager, notice: str) -> list[str]:
    from rich.rule import Rule
    from rich.text import Text

    title = f"{escape(lesson.title.get(who.lang))}" + (
        f"  ·  {escape(who.where)}" if who.where else ""
    )
    lines = pager.rendered(
        Rule(f"[bold]{title}[/]", style="blue"), Text(lesson.summary.get(who.lang), style="italic")
    )
    return lines + (pager.rendered(Text(notice, style="dim")) if notice else [])


def next_message(lesson, steps, at: int) -> str:
    """The pause at the end of a step names what comes next."""
    following = steps[at + 1][0] if at + 1 < len(steps) else None
    if following == "quiz":
        return t("pause_quiz", n=len(lesson.quiz))
    return t(
        {
            "screen": "pause_next",
            "code": "pause_code",
            "demo": "pause_run",
            "pitfalls": "pause_after_demo",
            "pitfall": "pause_pitfall",
            "exercise": "pause_exercise",
            None: "pause_end",
        }[following]
    )


def show_step(lesson, kind: str, what, at: int, steps, who: Learner, pager, head: list[str]) -> str:
    from rich.markdown import Markdown
    from rich.panel import Panel

    from ipctutor.screen.prompts import RUN

    lang = who.lang
    message = next_message(lesson, steps, at)
    if kind == "screen":
        screens = lesson.screens
        number = screens.index(what) + 1
        lines = head + pager.rendered(
            Panel(
                Markdown(what.body.get(lang)),
                border_style="blue",
                title=f"{escape(what.title.get(lang))}  ({number}/{len(screens)})",
            )
        )
        if number == len(screens):
            who.save("mark_read", lesson.id)
        return pager.show(lines, message)
    if kind == "code":
        return pager.show(head + code_lines(lesson, who, pager), message)
    if kind == "demo":
        return demo_step(lesson, who, pager, head, message)
    if kind == "pitfalls":
        lines = head + pager.rendered(
            Panel(
                Markdown(lesson.pitfalls.get(lang)),
                title=t("pitfalls_title"),
                border_style="yellow",
            )
        )
        if lesson.demo == "manager":
            lines += own_figures_lines(who, pager)
        return pager.show(lines, message)
    if kind == "pitfall":
        lines = head + pitfall_screen_lines(lesson, what, who, pager)
        result: list[str] = []
        while True:
            answer = pager.show(
                lines + result,
                f"{t('pause_run_pitfall', name=what.name)} · {message}",
                {"r": RUN},
                from_line=len(lines) if result else 0,
            )
            if answer != RUN:
                return answer
            outcome = run_pitfall_here(lesson, what, who, pager)
            if outcome is None:
                continue  # q at the guess: back to the screen
            result = outcome
    if kind == "exercise":
        return exercise_step(what, who, pager, head, message)
    raise ValueError(kind)


def code_lines(lesson, who: Learner, pager) -> list[str]:
    """The demo's own source, highlighted: what the learner reads is what runs next."""
    from rich.panel import Panel
    from rich.syntax import Syntax

    from ipctutor.engine.scripts import demo_path, demo_source, shown_name

    source = demo_source(lesson.demo).rstrip("\n")  # the file `ipctutor show` prints, line for line
    return pager.rendered(
        Panel(
            Syntax(source, "python", line_numbers=True, theme="ansi_dark", word_wrap=True),
            title=t("code_title", file=shown_name(demo_path(lesson.demo))),
            subtitle=t("code_subtitle", topic=lesson.demo),
            border_style="blue",
        )
    )


# ------------------------------------------------------------------ predict, then run


def finishing_order(run) -> list[str]:
    """The children (child-N) in the order they did their last step, by their own clock readings."""
    last = []
    for row in run.children:
        own = [mark.at for mark in row.marks if mark.by == "self"]
        if row.name.startswith("child-") and own:
            last.append((max(own), row.name))
    return [name for _, name in sorted(last)]


def in_start_order(names: list[str]) -> bool:
    return names == sorted(
        names, key=lambda name: int(name.split("-")[-1]) if name.split("-")[-1].isdigit() else 0
    )


def guess(who: Learner, question: str, labels: list[str]):
    """The learner's guess (an index into labels), or None when they pressed q."""
    from ipctutor.screen.prompts import QUIT

    if who.choose is None:
        return None
    answer = who.choose(question, labels)
    return None if answer == QUIT else answer


def guess_line(labels: list[str], guessed: int, actual: int, what_happened: str) -> str:
    right = guessed == actual
    mark = "[bold green]✓[/]" if right else "[bold red]✗[/]"
    return (
        f"{mark} {escape(t('your_guess', guess=labels[guessed]))}  ·  "
        f"{escape(t('what_happened_was', actual=what_happened))}"
    )


def demo_step(lesson, who: Learner, pager, head: list[str], message: str) -> str:
    """Guess the order, run the demo live, then its result (paged) until Enter; r runs it again."""
    from ipctutor.screen.prompts import RUN

    if "demo" in who.ran:  # back to this step: the result again, not a new run
        lines = who.ran["demo"]
    else:
        if head:
            pager.clear()
            pager.write(head)
        lines = run_demo_here(lesson, who, pager)
        if lines is None:
            return "interrupted"
        who.ran["demo"] = lines
    while True:
        answer = pager.show(lines, f"{t('pause_run_again')} · {message}", {"r": RUN})
        if answer != RUN:
            return answer
        lines = run_demo_here(lesson, who, pager)
        if lines is None:
            return "interrupted"
        who.ran["demo"] = lines


def run_demo_here(lesson, who: Learner, pager) -> list[str] | None:
    """A guess (when the demo has children that report), the live run, then the result's lines."""
    from functools import partial

    from ipctutor.engine.watch import run_plain_demo as run_demo
    from ipctutor.screen import render
    from ipctutor.screen.prompts import keys_ignored

    labels = [t("guess_in_order"), t("guess_other_order")]
    guessed = None
    if lesson.demo not in NO_ORDER_GUESS and who.workers > 1:
        pager.clear()  # the guess on a page of its own: after a full page it would scroll
        guessed = guess(who, t("guess_demo_order", n=who.workers), labels)
    timeout = DEMO_TIMEOUT + who.delay
    options: dict[str, Any] = {
        "workers": who.workers,
        "delay": who.delay,
        "start_method": who.start_method,
        "timeout": timeout,
        "fail": None,
    }
    pager.clear()
    after_run = lesson.after_run.get(who.lang)
    if (
        who.plain
    ):  # a line per event would scroll away while it runs: kept, then paged with the rest
        events = io.StringIO()
        printer = render.PlainPrinter(stream=events)
        print(t("demo_running", topic=lesson.demo), flush=True)
        with keys_ignored():
            result = run_demo(lesson.demo, on_change=printer, **options)
        if result.outcome != "interrupted":
            printer.final(result, after_run, timeout)  # into the same lines, after the events
            lines = events.getvalue().rstrip("\n").split("\n")
    else:
        result = render.watch_live(who.console, partial(run_demo, lesson.demo, **options))
        if result.outcome != "interrupted":
            lines = pager.lines(
                lambda: render.final_panels(result, who.console, after_run, timeout)
            )
    if result.outcome == "interrupted":
        return None
    if result.outcome == "ok":
        who.save("mark_demo_run", lesson.id)
    order = finishing_order(result)
    if guessed is not None and len(order) > 1:
        actual = 0 if in_start_order(order) else 1
        numbers = [name.split("-")[-1] for name in order]
        shown = ", ".join(numbers[:16]) + (", …" if len(numbers) > 16 else "")
        who.save(
            "record_guess", lesson.id, "demo", labels[guessed], labels[actual], guessed == actual
        )
        lines = (
            pager.rendered(guess_line(labels, guessed, actual, t("finished_order", order=shown)))
            + lines
        )
    return lines


def pitfall_screen_lines(lesson, screen, who: Learner, pager) -> list[str]:
    """A pitfall the learner can break and fix for real, with the command that does it."""
    from rich.markdown import Markdown
    from rich.panel import Panel

    command = f"ipctutor run {lesson.demo} --pitfall {screen.name}"
    return pager.rendered(
        Panel(
            Markdown(screen.body.get(who.lang)),
            title=escape(screen.title.get(who.lang)),
            subtitle=escape(t("try_pitfall_here", command=command)),
            border_style="magenta",
        )
    )


def run_pitfall_here(lesson, screen, who: Learner, pager) -> list[str] | None:
    """A guess, then what `ipctutor run TOPIC --pitfall NAME` shows (its own workers, delay and
    watchdog), as lines to page through. None when the learner pressed q at the guess."""
    from ipctutor.engine.pitfalls import PITFALLS, run_pitfall
    from ipctutor.screen.pitfall_view import phase_runner, show_pitfall_result
    from ipctutor.screen.prompts import keys_ignored

    pitfall = PITFALLS[(lesson.demo, screen.name)]
    labels = [t("guess_goes_wrong"), t("guess_works")]
    pager.clear()
    guessed = guess(who, t("guess_pitfall", title=pitfall.text(pitfall.title)), labels)
    if guessed is None and who.choose is not None:
        return None
    inner = phase_runner(who.console, who.plain, json_output=False)

    events = io.StringIO()

    def on_phase(pitfall, phase, start):
        pager.clear()  # each phase's live panel on a screen of its own; the table after repeats them
        if not who.plain:
            return inner(pitfall, phase, start)
        topic = t("labelled", label=pitfall.topic, value=pitfall.text(phase.label))
        print(t("demo_running", topic=topic), flush=True)
        with contextlib.redirect_stdout(events):  # plain lines are paged after the runs
            return inner(pitfall, phase, start)

    with keys_ignored():
        runs = run_pitfall(
            pitfall,
            workers=None,
            delay=PITFALL_DELAY,
            start_method=None,
            timeout=DEMO_TIMEOUT,
            size=None,
            on_phase=on_phase,
        )
    if runs[-1].outcome == "interrupted":
        raise KeyboardInterrupt  # the runner has stopped and reaped every child
    shown, finding = pitfall.finding(runs)
    lines = events.getvalue().rstrip("\n").split("\n") if events.getvalue() else []
    lines += pager.lines(
        lambda: show_pitfall_result(
            who.console, who.plain, pitfall, runs, pitfall.text(finding), None
        )
    )
    if guessed is not None:
        actual = 0 if shown else 1
        who.save(
            "record_guess",
            lesson.id,
            f"pitfall:{screen.name}",
            labels[guessed],
            labels[actual],
            guessed == actual,
        )
        lines = pager.rendered(guess_line(labels, guessed, actual, labels[actual])) + lines
    return lines + pager.rendered(f"[dim]{t('pitfall_back')}[/]")


def exercise_step(exercise, who: Learner, pager, head: list[str], message: str) -> str:
    """The lesson's practice exercise, offered in place: p opens the practice screen."""
    from rich.panel import Panel

    from ipctutor.screen.prompts import PRACTISE

    text = t("exercise_offer", title=exercise.title.get(who.lang), name=exercise.name)
    lines = head + pager.rendered(
        Panel(escape(text), title=t("exercise_title"), border_style="green")
    )
    while True:
        answer = pager.show(lines, f"{t('pause_practise')} · {message}", {"p": PRACTISE})
        if answer != PRACTISE:
            return answer
        pager.clear()
        who.practise(exercise)


def own_figures_lines(who: Learner, pager) -> list[str]:
    """ "Slower than shared memory", in the learner's own numbers from `ipctutor bench`."""
    from rich.panel import Panel

    from ipctutor.content.figures import latest_figures

    report = latest_figures()
    ratios = (report or {}).get("comparisons", {})
    write, queue = (
        ratios.get("manager_dict_write_vs_value_write"),
        ratios.get("manager_queue_vs_queue_message"),
    )
    if write and queue:
        text = t(
            "own_figures",
            write=f"{write:g}",
            queue=f"{queue:g}",
            when=(report or {}).get("measured_at", "?"),
        )
    else:
        text = t("no_own_figures")
    return pager.rendered(Panel(text, title=t("own_figures_title"), border_style="green"))


# ------------------------------------------------------------------ the quiz


def run_lesson_quiz(lesson, who: Learner, pager=None) -> str:
    """The lesson's questions in the lesson's order (each question's choices in its own fixed
    shuffled order), then the score."""
    from ipctutor.content.quiz import asked_in_lesson
    from ipctutor.screen.quiz_session import QuizSession

    session = QuizSession(
        asked_in_lesson(lesson), who.lang, who.console, who.ask, who.save, pager=pager
    )
    result = session.run()
    show_score(result, who.console, who.lang)
    return result.outcome


def show_score(
    result, console, lang: str, seed: int | None = None, topic: str | None = None
) -> None:
    """The score at the end (per lesson too when the quiz spanned several), or what was kept."""
    asked = result.asked
    answered = len(result.right)
    if result.outcome == "finished":
        console.print()
        console.print(f"[bold]{t('score', right=result.score, of=len(asked))}[/]")
        lessons: dict[str, list] = {}
        for item, right in zip(asked, result.right):
            got = lessons.setdefault(item.lesson.id, [item.lesson.title.get(lang), 0, 0])
            got[1] += int(right)
            got[2] += 1
        if len(lessons) > 1:
            for title, right, of in lessons.values():
                console.print(
                    "  " + t("labelled", label=escape(title), value=f"{right}/{of}"),
                    highlight=False,
                )
    elif result.outcome == "left" and answered:
        console.print(t("quiz_left", answered=answered, of=len(asked)))
    elif result.outcome == "left":  # "stopped after 0 of 8" reads like a count of failures
        console.print(t("quiz_left_unanswered", of=len(asked)))
    if seed is not None and result.outcome == "finished":
        again = f"ipctutor quiz {topic + ' ' if topic else ''}--count {len(asked)} --seed {seed}"
        console.print(f"[dim]{escape(t('same_again', command=again))}[/]")
