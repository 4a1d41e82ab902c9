"""`ipctutor learn`: a lesson's screens, the demo's code, the demo live, what went on, the quiz.

Each step waits for Enter; `q` leaves and keeps what was saved (a lesson counts as read once its
last screen has been shown, the demo as run once it ran without a failure).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.markup import escape  # lesson text is shown as is, square brackets included

from ipctutor.i18n import t

if TYPE_CHECKING:  # types only
    from rich.console import Console

    from ipctutor.content.progress import Recorder

DEMO_TIMEOUT = 30.0  # the watchdog, on top of the children's own pause
PITFALL_DELAY = 1.0  # what `ipctutor run TOPIC --pitfall NAME` uses when no --delay is given


@dataclass
class Learner:
    """Where the lesson talks to: the language, the console, the keys and the progress file."""

    lang: str
    console: Console
    plain: bool
    pause: Callable[..., str]  # (message, extra keys) -> prompts.NEXT | prompts.QUIT | a key's word
    ask: Callable[..., Any]  # (question, ticked, order) -> choice indexes | prompts.HINT | prompts.QUIT
    save: Recorder
    workers: int = 10  # the demo's options, as `ipctutor run` takes them
    delay: float = 1.0
    start_method: str | None = None


def learn(lesson, who: Learner) -> str:
    """Walk through one lesson; returns finished, left (q) or interrupted (Ctrl-C)."""
    from rich.markdown import Markdown
    from rich.panel import Panel

    from ipctutor.screen.prompts import QUIT

    console, lang = who.console, who.lang
    try:
        console.print()
        console.rule(f"[bold]{escape(lesson.title.get(lang))}[/]", style="blue")
        console.print(escape(lesson.summary.get(lang)), style="italic", highlight=False)
        screens = lesson.screens
        for number, screen in enumerate(screens, 1):
            console.print(Panel(Markdown(screen.body.get(lang)), border_style="blue",
                                title=f"{escape(screen.title.get(lang))}  ({number}/{len(screens)})"))
            if number == len(screens):
                who.save("mark_read", lesson.id)
            if who.pause(t("pause_next" if number < len(screens) else "pause_code")) == QUIT:
                return "left"

        show_code(lesson, who)
        if who.pause(t("pause_run")) == QUIT:
            return "left"

        outcome = show_demo(lesson, who)
        if outcome == "interrupted":
            return "interrupted"
        if outcome == "ok":
            who.save("mark_demo_run", lesson.id)
        console.print(Panel(Markdown(lesson.pitfalls.get(lang)), title=t("pitfalls_title"),
                            border_style="yellow"))
        shown = None  # the pitfall screen last shown: the next pause offers to run it (r)
        for screen in lesson.pitfall_screens:
            if pause_or_run(t("pause_pitfall"), lesson, shown, who) == QUIT:
                return "left"
            show_pitfall_screen(lesson, screen, who)
            shown = screen
        if lesson.demo == "manager":
            show_own_figures(who)
        if not lesson.quiz:
            return "finished"
        if pause_or_run(t("pause_quiz", n=len(lesson.quiz)), lesson, shown, who) == QUIT:
            return "left"
    except KeyboardInterrupt:
        return "interrupted"
    return run_lesson_quiz(lesson, who)


def show_pitfall_screen(lesson, screen, who: Learner) -> None:
    """A pitfall the learner can break and fix for real, with the command that does it."""
    from rich.markdown import Markdown
    from rich.panel import Panel

    command = f"ipctutor run {lesson.demo} --pitfall {screen.name}"
    who.console.print(Panel(Markdown(screen.body.get(who.lang)), title=escape(screen.title.get(who.lang)),
                            subtitle=escape(t("try_pitfall_here", command=command)), border_style="magenta"))


def pause_or_run(message: str, lesson, screen, who: Learner) -> str:
    """The pause after a pitfall screen: r runs that pitfall right here, as many times as asked;
    then Enter goes on (NEXT) or q leaves (QUIT)."""
    from ipctutor.screen.prompts import RUN

    if screen is None:
        return who.pause(message)
    while True:
        answer = who.pause(f"{t('pause_run_pitfall', name=screen.name)} · {message}", {"r": RUN})
        if answer != RUN:
            return answer
        run_pitfall_here(lesson, screen, who)


def run_pitfall_here(lesson, screen, who: Learner) -> None:
    """What `ipctutor run TOPIC --pitfall NAME` shows (its own workers, delay and watchdog), then
    back to the lesson. The screen's text has just been read, so it is not printed again."""
    from ipctutor.engine.pitfalls import PITFALLS, run_pitfall
    from ipctutor.screen.pitfall_view import phase_runner, show_pitfall_result
    from ipctutor.screen.prompts import keys_ignored

    pitfall = PITFALLS[(lesson.demo, screen.name)]
    with keys_ignored():
        runs = run_pitfall(pitfall, workers=None, delay=PITFALL_DELAY, start_method=None,
                           timeout=DEMO_TIMEOUT, size=None,
                           on_phase=phase_runner(who.console, who.plain, json_output=False))
    if runs[-1].outcome == "interrupted":
        raise KeyboardInterrupt  # the runner has stopped and reaped every child
    _, finding = pitfall.finding(runs)
    show_pitfall_result(who.console, who.plain, pitfall, runs, pitfall.text(finding), None)
    who.console.print(t("pitfall_back"), style="dim", highlight=False)


def show_own_figures(who: Learner) -> None:
    """"Slower than shared memory", in the learner's own numbers from `ipctutor bench`."""
    from rich.panel import Panel

    from ipctutor.content.figures import latest_figures

    report = latest_figures()
    ratios = (report or {}).get("comparisons", {})
    write, queue = ratios.get("manager_dict_write_vs_value_write"), ratios.get("manager_queue_vs_queue_message")
    if write and queue:
        text = t("own_figures", write=f"{write:g}", queue=f"{queue:g}",
                 when=(report or {}).get("measured_at", "?"))
    else:
        text = t("no_own_figures")
    who.console.print(Panel(text, title=t("own_figures_title"), border_style="green"))


def show_code(lesson, who: Learner) -> None:
    """The demo's own source, highlighted: what the learner reads is what runs next."""
    from rich.panel import Panel
    from rich.syntax import Syntax

    from ipctutor.engine.demos import DEMOS
    from ipctutor.engine.scripts import demo_source

    source = demo_source(lesson.demo).rstrip("\n")
    who.console.print(Panel(Syntax(source, "python", line_numbers=True, theme="ansi_dark",
                                   word_wrap=True),
                            title=t("code_title", file=f"ipctutor/engine/demos/{DEMOS[lesson.demo]}.py"),
                            subtitle=t("code_subtitle", topic=lesson.demo), border_style="blue"))


def show_demo(lesson, who: Learner) -> str:
    """Run the lesson's demo as `ipctutor run` does: live panel, or plain lines. Returns its outcome."""
    from ipctutor.screen import render
    from ipctutor.screen.render import run_live
    from ipctutor.screen.prompts import keys_ignored
    from ipctutor.engine.runner import run_demo

    timeout = DEMO_TIMEOUT + who.delay
    options: dict[str, Any] = dict(workers=who.workers, delay=who.delay,
                                   start_method=who.start_method, timeout=timeout, fail=None)
    after_run = lesson.after_run.get(who.lang)
    if not who.plain:
        return run_live(lesson.demo, options, after_run).outcome  # it quiets the keys itself
    printer = render.PlainPrinter()
    with keys_ignored():
        result = run_demo(lesson.demo, on_change=printer, **options)
    if result.outcome != "interrupted":
        printer.final(result, after_run, timeout)
    return result.outcome


def run_lesson_quiz(lesson, who: Learner) -> str:
    """The lesson's questions in the lesson's order (each question's choices in its own fixed
    shuffled order), then the score."""
    from ipctutor.content.quiz import asked_in_lesson
    from ipctutor.screen.quiz_session import QuizSession

    session = QuizSession(asked_in_lesson(lesson), who.lang, who.console, who.ask, who.save)
    result = session.run()
    show_score(result, who.console, who.lang)
    return result.outcome


def show_score(result, console, lang: str, seed: int | None = None, topic: str | None = None) -> None:
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
                console.print(f"  {escape(title)}: {right}/{of}", highlight=False)
    elif result.outcome == "left":
        console.print(t("quiz_left", answered=answered, of=len(asked)))
    if seed is not None and result.outcome == "finished":
        again = f"ipctutor quiz {topic + ' ' if topic else ''}--count {len(asked)} --seed {seed}"
        console.print(f"[dim]{escape(t('same_again', command=again))}[/]")

