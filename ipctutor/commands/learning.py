"""The learning commands: learn, quiz, list, progress and reset.

Imported when the CLI starts, so only typer and the standard library at module level; Rich,
questionary and the lessons load inside the commands that use them.
"""

import sys
from typing import Annotated, Optional

import typer

from ipctutor.commands.completion import complete_lesson
from ipctutor.commands.options import (
    DEFAULT_WORKERS,
    MAX_WORKERS,
    Settings,
    StartMethod,
    available_start_method,
    bounded,
    confirmed,
    known_topic,
    render_plain,
    topic_list,
)
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
    from ipctutor.engine.stopping import ended_by
    from ipctutor.i18n import interrupted_text

    print(interrupted_text("interrupted_kept", ended_by()), file=sys.stderr, flush=True)
    raise typer.Exit(130)


def prompt_functions(lang: str, plain: bool):
    """pause(message) and ask(question, ticked, order) for a Learner or a QuizSession, in real prompts."""
    from ipctutor.screen import prompts

    def pause(message, keys=None):
        return prompts.pause(message, plain=plain, keys=keys)

    def ask(question, ticked, order):
        return prompts.ask_answer(question, lang, plain=plain, ticked=ticked, order=order)

    return pause, ask


def chooser(plain: bool):
    """choose(message, labels) for a guess before a run, in a real prompt."""
    from ipctutor.screen import prompts

    return lambda message, labels: prompts.choose(message, labels, plain=plain)


def lesson_exercise(lesson, data: dict):
    """The practice exercise that goes with a lesson: the first of its topic not yet passed (else
    the first); None when there is none or the exercises cannot be read."""
    from ipctutor.content.exercises import load_course
    from ipctutor.errors import LessonError

    try:
        course = load_course(None)
    except (LessonError, OSError):
        return None, None
    mine = [e for e in course.exercises if e.topic == lesson.demo]
    passed = {name for name, e in data.get("exercises", {}).items() if e.get("passed")}
    chosen = next((e for e in mine if e.name not in passed), mine[0] if mine else None)
    return course, chosen


def practise_here(course):
    """The practice screen for one exercise, in place: what `ipctutor practice NAME` shows."""

    def practise(exercise) -> None:
        from ipctutor.commands.practice import (
            checker,
            failed_so_far,
            rerun_prefix,
            saver,
            solution_needed,
        )
        from ipctutor.content.workspace import hand_out, workspace_dir
        from ipctutor.screen.practice import Practice
        from ipctutor.screen.practice import practise as watch_one
        from ipctutor.screen.render import make_console

        path, fresh = hand_out(course.broken(exercise), workspace_dir(None))
        session = Practice(
            exercise,
            path,
            course.broken(exercise),
            course.solution(exercise),
            language(),
            make_console(render_plain(False)),
            checker(exercise, None),
            saver(),
        )
        session.failed_checks = failed_so_far(exercise.name)
        session.needed_solution = solution_needed
        session.rerun = rerun_prefix(exercise.name, None)
        watch_one(session, fresh)
        print(t("practice_left", path=path))

    return practise


def saved_step(entry: dict | None) -> int:
    """The step of a lesson the learner left at (0: from the start)."""
    at = (entry or {}).get("at")
    return at if isinstance(at, int) and not isinstance(at, bool) and at > 0 else 0


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
    """A saved timestamp as the learner reads it: date and time, no seconds or offset (a hand-edited
    one with its control characters written out)."""
    from ipctutor.content.safe_text import visible_line

    return visible_line(stamp[:16].replace("T", " ")) if stamp else ""


# ------------------------------------------------------------------ the commands


def learn_command(
    topic: Annotated[
        Optional[str],
        typer.Argument(help=topic_list("help_learn_topic"), autocompletion=complete_lesson),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-n", help=t("help_learn_workers"))
    ] = DEFAULT_WORKERS,
    start_method: Annotated[
        Optional[StartMethod],
        typer.Option("--start-method", "-s", help=t("help_learn_start_method")),
    ] = None,
    delay: Annotated[float, typer.Option("--delay", help=t("help_learn_delay"))] = 1.0,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_plain"))] = False,
    from_start: Annotated[
        bool, typer.Option("--from-start", help=t("help_learn_from_start"))
    ] = False,
) -> None:
    """Take a lesson: short screens, the demo's code, a guess and the demo live, what goes wrong,
    the lesson's exercise, a quiz. No TOPIC: carry on where you are in the course.

    Enter moves on, b goes back, q leaves (you come back to the same screen), h shows a hint
    during the quiz.
    Example: ipctutor learn queue --start-method spawn
    """
    from ipctutor.screen import render
    from ipctutor.screen.learn import Learner, learn

    bounded("--workers", workers, 1, MAX_WORKERS)
    bounded("--delay", delay, 0, 60)
    method = available_start_method(start_method)
    lessons = all_lessons()
    _, data = read_progress(strict=False)
    if topic is None:
        lesson = where_you_stand(lessons, data)
    else:
        lesson = lesson_of(topic, lessons)
    need_terminal("learn")
    plain = render_plain(plain)
    lang = language()
    recorder = open_recorder()
    pause, ask = prompt_functions(lang, plain)
    course, exercise = lesson_exercise(lesson, data)
    number = [other.id for other in lessons].index(lesson.id) + 1
    who = Learner(
        lang=lang,
        console=render.make_console(plain),
        plain=plain,
        pause=pause,
        ask=ask,
        save=recorder,
        workers=workers,
        delay=delay,
        start_method=method,
        choose=chooser(plain),
        exercise=exercise,
        practise=practise_here(course) if exercise is not None else None,
        start_at=0 if from_start else saved_step(data["lessons"].get(lesson.id)),
        where=t("lesson_n_of", n=number, of=len(lessons)),
    )
    reviews = len(due_now(data)) if topic is None else 0
    if reviews:  # the next step may be a review: say so above the lesson
        who.notice = t("review_due_line", n=reviews)
    outcome = learn(lesson, who)
    if outcome == "interrupted":
        interrupted()
    if outcome == "left":
        who.console.print(t("left_lesson"), highlight=False)
    else:
        who.console.print(t("lesson_done", next=next_step_after(lesson, lessons)), highlight=False)


def where_you_stand(lessons, data: dict):
    """The first lesson (in course order) left part-way, else the first with something to do."""
    entries = data["lessons"]
    started = [lesson for lesson in lessons if saved_step(entries.get(lesson.id))]
    if started:
        return started[0]
    pending = [lesson for lesson in lessons if next_step(lesson, entries.get(lesson.id))]
    return pending[0] if pending else lessons[0]


def next_step_after(lesson, lessons) -> str:
    """After a lesson: the next lesson in the course, or a quiz across all of them."""
    later = [other for other in lessons if other.order > lesson.order]
    return f"ipctutor learn {later[0].id}" if later else "ipctutor quiz"


def quiz_command(
    topic: Annotated[
        Optional[str], typer.Argument(help=t("help_quiz_topic"), autocompletion=complete_lesson)
    ] = None,
    count: Annotated[
        Optional[int], typer.Option("--count", "-n", min=1, max=1000, help=t("help_quiz_count"))
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", min=0, help=t("help_quiz_seed"))] = None,
    every_lesson: Annotated[bool, typer.Option("--all", help=t("help_quiz_all"))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_no_colours"))] = False,
) -> None:
    """Answer questions: after each, the explanation; at the end, your score.

    A lesson's quiz keeps its best and last score; a quiz across lessons keeps your answers (and
    brings the wrong ones back in `ipctutor review`), not the lessons' scores.
    Arrow keys move, Enter answers, Space ticks (multiple choice), h shows a hint, q stops.
    Example: ipctutor quiz pipe --count 3 --seed 7
    """
    from ipctutor.content.quiz import DEFAULT_COUNT, new_seed, pick

    lessons = all_lessons()
    if topic and every_lesson:
        raise TutorError(t("quiz_topic_or_all"))
    if topic:
        chosen = [lesson_of(topic, lessons)]
    elif every_lesson:
        chosen = lessons
    else:
        need_terminal("quiz")  # before saying there is nothing to ask
        _, data = read_progress(strict=False)
        chosen = [lesson for lesson in lessons if taken(data["lessons"].get(lesson.id))]
        if not chosen:
            raise TutorError(t("quiz_nothing_taken"))
    if not any(lesson.quiz for lesson in chosen):
        raise TutorError(t("no_questions", where=chosen[0].id if topic else "--lessons"))
    need_terminal("quiz")
    seed = new_seed() if seed is None else seed
    asked = pick(chosen, count if count is not None else (None if topic else DEFAULT_COUNT), seed)
    again = f"{chosen[0].id}" if topic else ("--all" if every_lesson else None)
    ask_questions(
        asked,
        plain,
        t("quiz_intro", n=len(asked), seed=seed),
        "lesson" if topic else "across",
        seed=seed,
        again=again,
    )


def taken(entry: dict | None) -> bool:
    """A lesson the learner has taken: read, its demo run, or a question answered."""
    entry = entry or {}
    return bool(entry.get("read") or entry.get("demo_run") or entry.get("answers"))


def ask_questions(
    asked, plain: bool, intro: str, scope: str, seed: int | None = None, again: str | None = None
):
    """A quiz or a review on screen, a page at a time; the score at the end."""
    from ipctutor.screen import render
    from ipctutor.screen.learn import show_score
    from ipctutor.screen.pager import Pager
    from ipctutor.screen.quiz_session import QuizSession

    plain = render_plain(plain)
    lang = language()
    console = render.make_console(plain)
    recorder = open_recorder()
    pause, ask = prompt_functions(lang, plain)
    console.print(intro, highlight=False)
    result = QuizSession(
        asked, lang, console, ask, recorder, pager=Pager(console, pause), scope=scope
    ).run()
    if result.outcome == "interrupted":
        interrupted()
    show_score(result, console, lang, seed=seed, topic=again)
    return result


def review_command(
    plain: Annotated[bool, typer.Option("--plain", help=t("help_no_colours"))] = False,
) -> None:
    """Questions you got wrong, and exercises you needed the solution for, come back after 1, 3, 7
    and 21 days: each right answer waits longer, a wrong one starts again at a day.

    Example: ipctutor review     (IPCTUTOR_NOW=2026-12-24 pretends it is that day)
    """
    from ipctutor.content.quiz import Asked, choice_order

    lessons = {lesson.id: lesson for lesson in all_lessons()}
    _, data = read_progress(strict=False)
    due = due_now(data)
    asked = []
    for kind, where, question_id in due:
        lesson = lessons.get(where) if kind == "question" else None
        question = next((q for q in lesson.quiz if q.id == question_id), None) if lesson else None
        if question is not None and lesson is not None:
            asked.append(Asked(lesson, question, choice_order(lesson.id, question, None)))
    exercises = [where for kind, where, _ in due if kind == "exercise"]
    if not asked and not exercises:
        upcoming = due_now(data, today="9999-12-31")
        print(t("review_nothing_due", later=len(upcoming)))
        return
    if asked:
        need_terminal("review")
        ask_questions(asked, plain, t("review_intro", n=len(asked)), "review")
    for name in exercises:
        print(t("review_exercise", name=name))


def list_command(
    plain: Annotated[bool, typer.Option("--plain", help=t("help_no_colours"))] = False,
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
    wide = console.size.width >= 130  # room for the title beside the id
    exercises = exercises_by_topic()
    done = passed_names(data)
    commands = [
        next_step(lesson, data["lessons"].get(lesson.id))
        or next(
            (
                f"ipctutor practice {name}"
                for name in exercises.get(lesson.demo, [])
                if name not in done
            ),
            "",
        )
        for lesson in lessons
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    if wide:
        table.add_column("#", no_wrap=True)
    # ids and commands are typed again: never cut short; the headers in between may wrap. Narrower
    # than 100 columns the title goes under the id, wrapped in what the other columns leave.
    shortest = max(len(lesson.id) for lesson in lessons)
    # ✓ or ·, scores such as 10/10: their headers wrap to two lines. The exercises (1/2) need 100
    # columns; narrower, `ipctutor progress` lists them.
    with_exercises = console.size.width >= 100
    status = (5, 5, 5, 5, 5) if with_exercises else (5, 5, 5, 5)
    gaps = len(status) + 1
    rest = console.size.width - sum(status) - max(map(len, commands)) - 2 * gaps - 2
    roomy = not wide and rest >= shortest  # else (under ~70 columns) Rich squeezes what it must
    table.add_column(
        t("col_lesson"),
        no_wrap=wide,
        min_width=shortest,
        overflow="fold",
        width=None if wide else max(rest, shortest),
    )
    if wide:
        table.add_column(t("col_title"))
    headers = (t("col_read"), t("col_demo"), t("col_best"), t("col_last"), t("col_exercises"))
    for header, width in zip(headers, status):
        table.add_column(header, width=width if roomy else None)
    table.add_column(t("col_next"), no_wrap=True, min_width=max(map(len, commands)))
    suggestion = None
    for lesson, command in zip(lessons, commands):
        entry = data["lessons"].get(lesson.id) or {}
        quiz = entry.get("quiz") or {}
        suggestion = suggestion or command
        if wide:
            cells = [str(lesson.order), f"[bold]{lesson.id}[/]", escape(lesson.title.get(lang))]
        else:  # the lessons are in course order: the number's columns go to the title
            cells = [f"[bold]{lesson.id}[/]\n[dim]{escape(lesson.title.get(lang))}[/]"]
        cells += [
            "✓" if entry.get("read") else "·",
            "✓" if entry.get("demo_run") else "·",
            score_text(quiz.get("best")),
            score_text(quiz.get("last")),
            *([exercises_text(exercises.get(lesson.demo, []), done)] if with_exercises else []),
            f"[cyan]{command}[/]" if command else f"[green]{t('next_done')}[/]",
        ]
        table.add_row(*cells)
    console.print(table)
    reviews = len(due_now(data))
    if reviews:
        console.print(t("review_due_line", n=reviews), highlight=False)
    console.print(
        t("next_overall", command=suggestion) if suggestion else t("all_done"), highlight=False
    )


def exercises_by_topic() -> dict[str, list[str]]:
    """The practice exercises' names by topic, in course order ({} when they cannot be read)."""
    from ipctutor.content.exercises import load_course
    from ipctutor.errors import LessonError

    try:
        course = load_course(None)
    except (LessonError, OSError):
        return {}
    found: dict[str, list[str]] = {}
    for exercise in course.exercises:
        found.setdefault(exercise.topic, []).append(exercise.name)
    return found


def passed_names(data: dict) -> set[str]:
    return {
        name
        for name, e in data.get("exercises", {}).items()
        if isinstance(e, dict) and e.get("passed")
    }


def exercises_text(names: list[str], passed: set[str]) -> str:
    """A lesson's exercises as "1/2 passed", or "-" when it has none."""
    if not names:
        return "-"
    return t("exercises_passed", n=len([n for n in names if n in passed]), of=len(names))


def due_now(data: dict, today: str | None = None) -> list:
    """The reviews due (by `today`, default the clock's today); none from a hand-edited record."""
    from ipctutor.content.progress import due_reviews

    try:
        return due_reviews(data, today)
    except (TypeError, AttributeError, KeyError):  # a hand-edited record: no reviews, not a crash
        return []


def progress_command(
    json_output: Annotated[bool, typer.Option("--json", help=t("help_progress_json"))] = False,
) -> None:
    """Show your progress and where the file that keeps it lives.

    Example: ipctutor progress
    """
    import json

    from ipctutor.content.safe_text import visible_json, visible_line

    store, data = read_progress(strict=True)
    if (
        json_output
    ):  # the file's own text may be hand-edited: no control character reaches the terminal
        shown = json.dumps(
            {"path": str(store.path), "progress": data}, ensure_ascii=False, indent=2
        )
        print(visible_json(shown))
        return
    print(t("progress_file", path=visible_line(str(store.path))))
    if not data["lessons"] and not data.get("exercises"):
        print(t("nothing_yet"))
        return
    try:
        known = all_lessons()
    except TutorError:
        known = []
    titles = {lesson.id: lesson.title.get(language()) for lesson in known}
    topics = {lesson.id: lesson.demo for lesson in known}
    exercises = exercises_by_topic()
    for lesson_id, entry in sorted(data["lessons"].items()):
        quiz = entry.get("quiz") or {}
        best, last = quiz.get("best"), quiz.get("last")
        print(
            t(
                "labelled",
                label=visible_line(
                    lesson_id
                ),  # a hand-edited id: its control characters written out
                value=titles.get(lesson_id, t("not_a_lesson")),
            )
        )
        read = f"✓ {when(entry.get('read_at'))}" if entry.get("read") else "·"
        demo = f"✓ {when(entry.get('demo_run_at'))}" if entry.get("demo_run") else "·"
        print("  " + t("labelled", label=t("col_read"), value=read))
        print("  " + t("labelled", label=t("col_demo"), value=demo))
        print(
            "  "
            + t("labelled", label=t("col_best"), value=score_text(best))
            + (f"  {when(best.get('at'))}" if best else "")
        )
        print(
            "  "
            + t("labelled", label=t("col_last"), value=score_text(last))
            + (f"  {when(last.get('at'))}" if last else "")
        )
        for name in exercises.get(topics.get(lesson_id, lesson_id), []):
            record = data.get("exercises", {}).get(name) or {}
            state = (
                f"✓ {when(record.get('passed_at'))}"
                if record.get("passed")
                else t("exercise_not_yet", checks=record.get("checks", 0))
            )
            print("  " + t("labelled", label=f"{t('col_exercise')} {name}", value=state))
    others = [
        name
        for name in data.get("exercises", {})
        if not any(name in names for names in exercises.values())
    ]
    for name in others:
        record = data["exercises"][name]
        print(
            t(
                "labelled",
                label=f"{t('col_exercise')} {visible_line(name)}",
                value="✓" if record.get("passed") else "·",
            )
        )
    reviews = len(due_now(data))
    if reviews:
        print(t("review_due_line", n=reviews))


def reset_command(
    topic: Annotated[
        Optional[str], typer.Argument(help=t("help_reset_topic"), autocompletion=complete_lesson)
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help=t("help_reset_all"))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("help_yes"))] = False,
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
        question = (
            t("reset_all_confirm", n=len(targets))
            if everything
            else t("reset_confirm", lesson=targets[0])
        )
        if not confirmed(question, t("reset_needs_yes"), t("reset_kept")):
            return
    from ipctutor.content.progress import ProgressError

    try:
        gone = store.reset(ids)
    except ProgressError as exc:
        raise TutorError(str(exc)) from None
    print(t("reset_done", lessons=t("list_separator").join(gone) or "-"))


def register(app: typer.Typer) -> None:
    """Add learn, quiz, list, progress and reset to the CLI."""
    app.command("learn", help=t("cmd_learn"))(learn_command)
    app.command("quiz", help=t("cmd_quiz"))(quiz_command)
    app.command("review", help=t("cmd_review"))(review_command)
    app.command("list", help=t("cmd_list"))(list_command)
    app.command("progress", help=t("cmd_progress"))(progress_command)
    app.command("reset", help=t("cmd_reset"))(reset_command)
