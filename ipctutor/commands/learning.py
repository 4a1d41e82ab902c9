"""The learning commands: learn, quiz, list, progress and reset.

Imported when the CLI starts, so only typer and the standard library at module level; Rich,
questionary and the lessons load inside the commands that use them.
"""

import sys
from typing import Annotated, Optional

import typer

from ipctutor.commands.completion import complete_lesson
from ipctutor.commands.options import (DEFAULT_WORKERS, MAX_WORKERS, TOPIC_LIST, Settings, StartMethod,
                                       available_start_method, bounded, confirmed, known_topic,
                                       render_plain)
from ipctutor.errors import TutorError
from ipctutor.i18n import language, t


# ------------------------------------------------------------------ shared helpers

def all_lessons() -> list:
    """The lessons of the chosen folder in course order; a bad folder is a one-line error."""
    from ipctutor.content.lesson_texts import lessons_dir
    from ipctutor.errors import LessonError
    from ipctutor.content.lessons import load_lessons

    try:
        return load_lessons(lessons_dir(Settings.lessons))
    except LessonError as exc:
        raise TutorError(str(exc)) from None


def lesson_of(topic: str, lessons: list):
    """The lesson a learner names by its id (what `list` shows) or by its demo's topic.

    A lessons folder may hold lessons whose id is not a topic (`pipe-extra` about the pipe demo):
    `list` suggests `ipctutor learn pipe-extra`, so that must work. Anything else gets the same
    one-line error as `run` for an unknown topic.
    """
    named = topic.strip().lower()
    lesson = next((lesson for lesson in lessons if lesson.id == named), None)
    if lesson is not None:
        return lesson
    topic = known_topic(named)
    lesson = next((lesson for lesson in lessons if lesson.demo == topic), None)
    if lesson is None:
        from ipctutor.content.lesson_texts import lessons_dir

        raise TutorError(t("no_lesson", topic=topic, folder=lessons_dir(Settings.lessons)))
    return lesson


def need_terminal(command: str) -> None:
    """Prompts need a real keyboard: say so in one line (exit 2) when stdin is not a terminal."""
    if not sys.stdin.isatty():
        raise TutorError(t("needs_terminal", command=command))


def open_recorder():
    """The progress recorder; a file we cannot read or write is one warning, and we carry on."""
    from ipctutor.content.progress import ProgressError, ProgressStore, Recorder

    store = ProgressStore()
    recorder = Recorder(store)
    try:
        store.load()
    except ProgressError as exc:
        recorder.failed = True
        store.warn(t("progress_not_kept", error=str(exc)))
    return recorder


def read_progress(strict: bool):
    """(store, data). Unreadable progress: a one-line error if strict, else a warning and nothing."""
    from ipctutor.content.progress import ProgressError, ProgressStore, empty

    store = ProgressStore()
    try:
        return store, store.load()
    except ProgressError as exc:
        if strict:
            raise TutorError(str(exc)) from None
        store.warn(str(exc))
        return store, empty()


def interrupted() -> None:
    """Ctrl-C in learn or quiz: every answer was saved as it was given, so say so and exit 130."""
    print(t("interrupted_kept"), file=sys.stderr, flush=True)
    raise typer.Exit(130)


def prompt_functions(lang: str, plain: bool):
    """pause(message) and ask(question, ticked, order) for a Learner or a QuizSession, in real prompts."""
    from ipctutor.screen import prompts

    def pause(message, keys=None):
        return prompts.pause(message, plain=plain, keys=keys)

    def ask(question, ticked, order):
        return prompts.ask_answer(question, lang, plain=plain, ticked=ticked, order=order)

    return pause, ask


def next_step(lesson, entry: dict | None) -> str:
    """The command to run next for one lesson, given its progress record ("" when it is done)."""
    entry = entry or {}
    best = (entry.get("quiz") or {}).get("best")
    if not entry.get("read"):
        return f"ipctutor learn {lesson.id}"
    if not entry.get("demo_run"):
        return f"ipctutor run {lesson.demo}"
    if lesson.quiz and (not best or best["right"] < len(lesson.quiz)):  # not yet every question
        return f"ipctutor quiz {lesson.id}"
    return ""


def score_text(score: dict | None) -> str:
    """A saved score as `right/of`, or what an unfinished quiz got to; "-" for none."""
    if not score:
        return "-"
    if score.get("finished", True):
        return f"{score['right']}/{score['of']}"
    return t("score_partial", right=score["right"], asked=score["asked"], of=score["of"])


def when(stamp: str | None) -> str:
    """A saved timestamp as the learner reads it: date and time, no seconds or offset."""
    return stamp[:16].replace("T", " ") if stamp else ""


# ------------------------------------------------------------------ the commands

def learn_command(
    topic: Annotated[Optional[str], typer.Argument(
        help=TOPIC_LIST + " (default: your next lesson).",
        autocompletion=complete_lesson)] = None,
    workers: Annotated[int, typer.Option(
        "--workers", "-n", help="How many child processes the demo starts (1-256).")] = DEFAULT_WORKERS,
    start_method: Annotated[Optional[StartMethod], typer.Option(
        "--start-method", "-s", help="How the demo's children start (default: the platform's).")] = None,
    delay: Annotated[float, typer.Option(
        "--delay", help="Each child's pause in seconds (0-60).")] = 1.0,
    plain: Annotated[bool, typer.Option("--plain", help="Plain lines: no colours, no live redraws.")] = False,
) -> None:
    """Take a lesson: short screens, the demo's code, the demo live, what goes wrong, a quiz.

    Enter moves on, q leaves (your progress is kept), h shows a hint during the quiz.
    Example: ipctutor learn queue --start-method spawn
    """
    from ipctutor.screen import render
    from ipctutor.screen.learn import Learner, learn

    bounded("--workers", workers, 1, MAX_WORKERS)
    bounded("--delay", delay, 0, 60)
    method = available_start_method(start_method)
    lessons = all_lessons()
    if topic is None:
        _, data = read_progress(strict=False)
        pending = [lesson for lesson in lessons
                   if next_step(lesson, data["lessons"].get(lesson.id))]
        lesson = pending[0] if pending else lessons[0]
    else:
        lesson = lesson_of(topic, lessons)
    need_terminal("learn")
    plain = render_plain(plain)
    lang = language()
    recorder = open_recorder()
    pause, ask = prompt_functions(lang, plain)
    who = Learner(lang=lang, console=render.make_console(plain), plain=plain, pause=pause, ask=ask,
                  save=recorder, workers=workers, delay=delay, start_method=method)
    outcome = learn(lesson, who)
    if outcome == "interrupted":
        interrupted()
    if outcome == "left":
        who.console.print(t("left_lesson"), highlight=False)
    else:
        who.console.print(t("lesson_done", next=next_step_after(lesson, lessons)), highlight=False)


def next_step_after(lesson, lessons) -> str:
    """After a lesson: the next lesson in the course, or a quiz across all of them."""
    later = [other for other in lessons if other.order > lesson.order]
    return f"ipctutor learn {later[0].id}" if later else "ipctutor quiz"


def quiz_command(
    topic: Annotated[Optional[str], typer.Argument(
        help="Only this lesson's questions (default: questions from every lesson).",
        autocompletion=complete_lesson)] = None,
    count: Annotated[Optional[int], typer.Option(
        "--count", "-n", min=1, max=1000,
        help="How many questions (default: all of a lesson's, 10 across lessons).")] = None,
    seed: Annotated[Optional[int], typer.Option(
        "--seed", min=0,
        help="The same seed asks the same questions in the same order, choices in the same order.")] = None,
    plain: Annotated[bool, typer.Option("--plain", help="No colours.")] = False,
) -> None:
    """Answer questions: after each, the explanation; at the end, your score (saved).

    Arrow keys move, Enter answers, Space ticks (multiple choice), h shows a hint, q stops.
    Example: ipctutor quiz pipe --count 3 --seed 7
    """
    from ipctutor.screen import render
    from ipctutor.screen.learn import show_score
    from ipctutor.content.quiz import DEFAULT_COUNT, new_seed, pick
    from ipctutor.screen.quiz_session import QuizSession

    lessons = all_lessons()
    chosen = [lesson_of(topic, lessons)] if topic else lessons
    if not any(lesson.quiz for lesson in chosen):
        raise TutorError(t("no_questions", where=chosen[0].id if topic else "--lessons"))
    need_terminal("quiz")
    seed = new_seed() if seed is None else seed
    asked = pick(chosen, count if count is not None else (None if topic else DEFAULT_COUNT), seed)
    plain = render_plain(plain)
    lang = language()
    console = render.make_console(plain)
    recorder = open_recorder()
    _, ask = prompt_functions(lang, plain)
    console.print(t("quiz_intro", n=len(asked), seed=seed), highlight=False)
    result = QuizSession(asked, lang, console, ask, recorder).run()
    if result.outcome == "interrupted":
        interrupted()
    show_score(result, console, lang, seed=seed, topic=chosen[0].id if topic else None)


def list_command(
    plain: Annotated[bool, typer.Option("--plain", help="No colours.")] = False,
) -> None:
    """Every lesson, what you have done in it, and what to do next.

    Example: ipctutor list
    """
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from ipctutor.screen import render

    lessons = all_lessons()
    _, data = read_progress(strict=False)
    lang = language()
    console = render.make_console(render_plain(plain))
    wide = console.size.width >= 100
    commands = [next_step(lesson, data["lessons"].get(lesson.id)) for lesson in lessons]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", no_wrap=True)
    # ids and commands are typed again: never cut short; the headers in between may wrap
    table.add_column(t("col_lesson"), no_wrap=True, min_width=max(len(lesson.id) for lesson in lessons))
    if wide:
        table.add_column(t("col_title"))
    for header in (t("col_read"), t("col_demo"), t("col_best"), t("col_last")):
        table.add_column(header)
    table.add_column(t("col_next"), no_wrap=True, min_width=max(map(len, commands)))
    suggestion = None
    for lesson, command in zip(lessons, commands):
        entry = data["lessons"].get(lesson.id) or {}
        quiz = entry.get("quiz") or {}
        suggestion = suggestion or command
        cells = [str(lesson.order), f"[bold]{lesson.id}[/]"]
        if wide:
            cells.append(escape(lesson.title.get(lang)))
        cells += ["✓" if entry.get("read") else "·", "✓" if entry.get("demo_run") else "·",
                  score_text(quiz.get("best")), score_text(quiz.get("last")),
                  f"[cyan]{command}[/]" if command else f"[green]{t('next_done')}[/]"]
        table.add_row(*cells)
    console.print(table)
    console.print(t("next_overall", command=suggestion) if suggestion else t("all_done"),
                  highlight=False)


def progress_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print the progress file's data as JSON.")] = False,
) -> None:
    """Show your progress and where the file that keeps it lives.

    Example: ipctutor progress
    """
    import json

    store, data = read_progress(strict=True)
    if json_output:
        print(json.dumps({"path": str(store.path), "progress": data}, ensure_ascii=False, indent=2))
        return
    print(t("progress_file", path=store.path))
    if not data["lessons"]:
        print(t("nothing_yet"))
        return
    try:
        titles = {lesson.id: lesson.title.get(language()) for lesson in all_lessons()}
    except TutorError:
        titles = {}
    for lesson_id, entry in sorted(data["lessons"].items()):
        quiz = entry.get("quiz") or {}
        best, last = quiz.get("best"), quiz.get("last")
        print(f"{lesson_id}: {titles.get(lesson_id, t('not_a_lesson'))}")
        print(f"  {t('col_read')}: " + (f"✓ {when(entry.get('read_at'))}" if entry.get("read") else "·"))
        print(f"  {t('col_demo')}: " + (f"✓ {when(entry.get('demo_run_at'))}" if entry.get("demo_run") else "·"))
        print(f"  {t('col_best')}: {score_text(best)}" + (f"  {when(best.get('at'))}" if best else ""))
        print(f"  {t('col_last')}: {score_text(last)}" + (f"  {when(last.get('at'))}" if last else ""))


def reset_command(
    topic: Annotated[Optional[str], typer.Argument(help="The lesson whose progress to forget.",
                                                   autocompletion=complete_lesson)] = None,
    everything: Annotated[bool, typer.Option("--all", help="Forget every lesson's progress.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Forget your progress in one lesson, or in all of them (--all). Asks first unless --yes.

    Example: ipctutor reset queue
    """
    if (topic is None) == (not everything):
        raise TutorError(t("reset_what"))
    store, data = read_progress(strict=True)
    if everything:
        ids = None
        targets = sorted(data["lessons"])
    else:
        # a record whose lesson is gone can still be forgotten by its id; otherwise the lesson's id
        named = (topic or "").strip().lower()  # given: without --all a topic is
        lesson_id = named if named in data["lessons"] else lesson_of(named, all_lessons()).id
        targets = [lesson_id] if lesson_id in data["lessons"] else []
        ids = targets
    if not targets:
        print(t("reset_nothing"))
        return
    if not yes:
        question = t("reset_all_confirm", n=len(targets)) if everything else \
            t("reset_confirm", lesson=targets[0])
        if not confirmed(question, t("reset_needs_yes"), t("reset_kept")):
            return
    from ipctutor.content.progress import ProgressError

    try:
        gone = store.reset(ids)
    except ProgressError as exc:
        raise TutorError(str(exc)) from None
    print(t("reset_done", lessons=", ".join(gone) or "-"))


def register(app: typer.Typer) -> None:
    """Add learn, quiz, list, progress and reset to the CLI."""
    app.command("learn")(learn_command)
    app.command("quiz")(quiz_command)
    app.command("list")(list_command)
    app.command("progress")(progress_command)
    app.command("reset")(reset_command)
