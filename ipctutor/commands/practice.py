"""`ipctutor practice`: fix real broken IPC scripts; the tutor runs them until it is sure they work."""

import difflib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import StartMethod, confirmed, render_plain
from ipctutor.errors import LessonError, TutorError
from ipctutor.i18n import t


def practice_command(
    topic: Annotated[Optional[str], typer.Argument(help=t("help_practice_target"))] = None,
    check: Annotated[
        Optional[str], typer.Option("--check", metavar="NAME", help=t("help_practice_check"))
    ] = None,
    reset: Annotated[
        Optional[str], typer.Option("--reset", metavar="NAME", help=t("help_practice_reset"))
    ] = None,
    list_all: Annotated[bool, typer.Option("--list", help=t("help_practice_list"))] = False,
    workspace: Annotated[
        Optional[Path], typer.Option("--workspace", help=t("help_practice_workspace"))
    ] = None,
    exercises: Annotated[
        Optional[Path], typer.Option("--exercises", help=t("help_practice_exercises"))
    ] = None,
    runs: Annotated[
        Optional[int], typer.Option("--runs", min=1, max=50, help=t("help_practice_runs"))
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("help_practice_yes"))] = False,
    start_method: Annotated[
        Optional[StartMethod],
        typer.Option("--start-method", "-s", help=t("help_practice_start_method")),
    ] = None,
    given: Annotated[
        Optional[str], typer.Option("--args", metavar="N,N", help=t("help_practice_args"))
    ] = None,
) -> None:
    """Fix a broken IPC script in your editor; every save is run for real under each start method.

    Example: ipctutor practice queue     (then edit ipctutor-exercises/queue-join-before-get.py)
    """
    import os

    from ipctutor.content.exercises import load_course
    from ipctutor.content.workspace import workspace_dir

    try:
        course = load_course(
            exercises
            or (
                Path(os.environ["IPCTUTOR_EXERCISES"])
                if os.environ.get("IPCTUTOR_EXERCISES")
                else None
            )
        )
    except LessonError as exc:
        raise TutorError(str(exc)) from None
    folder = workspace_dir(workspace)
    chosen = [o for o in (check, reset, list_all or None) if o]
    if len(chosen) > 1 or (chosen and topic):
        raise TutorError(t("practice_one_mode"))
    if list_all:
        return list_exercises(course)
    if reset:
        return reset_exercise(course, named(course, reset), folder, yes)
    if (start_method is not None or given is not None) and not check:
        raise TutorError(t("practice_rerun_needs_check"))
    if check:
        exercise = named(course, check)
        rerun = Rerun(
            available_method(start_method),
            arguments(exercise, given),
            rerun_prefix(check, workspace),
        )
        raise typer.Exit(check_once(course, exercise, folder, runs, rerun))
    watch(course, folder, topic, runs, workspace)


class Rerun:
    """--check NAME --start-method M --args N,M: a failing run, run again exactly; and the start
    of the command that does it (`ipctutor practice --check NAME`, with --workspace if given)."""

    def __init__(self, method: str | None, values: dict[str, int] | None, prefix: str):
        self.method, self.values, self.prefix = method, values, prefix


def available_method(start_method) -> str | None:
    from ipctutor.commands.options import available_start_method

    return available_start_method(start_method)


def rerun_prefix(name: str, workspace: Path | None) -> str:
    import shlex

    words = ["ipctutor", "practice", "--check", name]
    if workspace is not None:
        words += ["--workspace", str(workspace)]
    return shlex.join(words)


def arguments(exercise, given: str | None) -> dict[str, int] | None:
    """--args 3,70000: the exercise's arguments in its order (what a failing run was given)."""
    if given is None:
        return None
    from ipctutor.i18n import language

    names = [name for name, _, _ in exercise.spec(language()).args]
    values = [part.strip() for part in given.split(",")]
    if len(values) != len(names) or not all(v.lstrip("-").isdigit() for v in values):
        raise TutorError(
            t("practice_bad_args", n=len(names), names=",".join(names) or "-", given=given)
        )
    return dict(zip(names, (int(v) for v in values)))


def named(course, name: str):
    """The exercise called NAME, or a one-line error with the nearest name and how to list them."""
    exercise = course.find(name.strip().lower())
    if exercise:
        return exercise
    names = [e.name for e in course.exercises]
    guesses = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    raise TutorError(
        t(
            "practice_unknown",
            name=name,
            hint=t("did_you_mean", guess=guesses[0]) if guesses else "",
        )
    )


def store():
    from ipctutor.content.progress import ProgressStore

    return ProgressStore()


def saver():
    """(name, passed) -> the exercise's record; a progress file that cannot be written is a warning."""
    from ipctutor.content.progress import ProgressError

    progress = store()
    failed = []

    def save(name: str, passed: bool):
        if failed:
            return None
        try:
            return progress.record_check(name, passed)
        except ProgressError as exc:
            failed.append(exc)
            progress.warn(t("progress_not_kept", error=str(exc)))
            return None

    return save


def solution_needed(name: str) -> None:
    """Note that the solution was needed, so the exercise comes back in `ipctutor review`."""
    from ipctutor.content.progress import ProgressError

    progress = store()
    try:
        progress.record_solution_needed(name)
    except ProgressError as exc:
        progress.warn(t("progress_not_kept", error=str(exc)))


def checker(exercise, runs, rerun: "Rerun | None" = None):
    import os

    from ipctutor.engine.practice_check import check
    from ipctutor.i18n import language

    spec = exercise.spec(language())
    parallel = max(2, min(4, os.cpu_count() or 2))
    methods = [rerun.method] if rerun is not None and rerun.method else None
    values = rerun.values if rerun is not None else None
    return lambda path: check(
        path, spec, runs=runs, parallel=parallel, methods=methods, values=values
    )


def check_once(course, exercise, folder: Path, runs, rerun: Rerun) -> int:
    """--check NAME: hand the file out if needed, check it, print the evidence; 0 passed, 1 not."""
    from ipctutor.content.workspace import hand_out

    path, fresh = hand_out(course.broken(exercise), folder)
    if fresh:
        print(t("practice_wrote", path=path))
    report = checker(exercise, runs, rerun)(path)
    for line in report.lines(rerun.prefix):
        print(line)
    if path.read_bytes() != course.broken(exercise).read_bytes():  # an untouched file is no try
        saver()(exercise.name, report.passed)
    print(t("practice_passed" if report.passed else "practice_failed_plain"))
    if not report.passed:
        print(t("practice_doctor_hint"))
    return 0 if report.passed else 1


def reset_exercise(course, exercise, folder: Path, yes: bool) -> None:
    from ipctutor.content.workspace import reset

    target = folder / course.broken(exercise).name
    if (target.exists() or target.is_symlink()) and not yes:
        if not confirmed(
            t("practice_reset_confirm", path=target),
            t("practice_reset_needs_yes"),
            t("practice_reset_kept"),
        ):
            return
    path, kept = reset(course.broken(exercise), folder)
    print(
        t("practice_reset_done", path=path)
        + (" " + t("practice_reset_moved", kept=kept) if kept else "")
    )


def list_exercises(course) -> None:
    from ipctutor.i18n import language

    passed = store().passed_exercises()
    topic_width = max(len(e.topic) for e in course.exercises)
    name_width = max(len(e.name) for e in course.exercises)
    for exercise in course.exercises:
        mark = "✓" if exercise.name in passed else "·"
        print(
            f"{mark} {exercise.topic:<{topic_width}}  {exercise.name:<{name_width}}  "
            f"{exercise.title.get(language())}"
        )
    print(
        t(
            "practice_list_footer",
            n=len(passed & {e.name for e in course.exercises}),
            of=len(course.exercises),
        )
    )


def next_exercise(course, topic: str | None):
    """The exercise named, else the first one not yet passed (in TOPIC, if given)."""
    from ipctutor.commands.options import known_topic

    if topic and course.find(topic.strip().lower()):
        return course.find(topic.strip().lower())
    pool = course.exercises
    if topic:
        chosen = known_topic(topic)
        pool = [e for e in pool if e.topic == chosen]
        if not pool:
            raise TutorError(t("practice_no_topic", topic=chosen))
    passed = store().passed_exercises()
    return next((e for e in pool if e.name not in passed), None)


def failed_so_far(name: str) -> int:
    """Failed checks of this exercise in earlier sessions (the solution is offered after a few)."""
    from ipctutor.content.progress import ProgressError

    try:
        return store().load().get("exercises", {}).get(name, {}).get("failed_checks", 0)
    except ProgressError:
        return 0


def watch(course, folder: Path, topic: str | None, runs, workspace: Path | None = None) -> None:
    from ipctutor.content.workspace import hand_out
    from ipctutor.i18n import language
    from ipctutor.screen.practice import Practice, practise
    from ipctutor.screen.render import make_console

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TutorError(t("practice_needs_terminal"))
    exercise = next_exercise(course, topic)
    console = make_console(render_plain(False))
    save = saver()
    while exercise is not None:
        path, fresh = hand_out(course.broken(exercise), folder)
        session = Practice(
            exercise,
            path,
            course.broken(exercise),
            course.solution(exercise),
            language(),
            console,
            checker(exercise, runs),
            save,
        )
        session.failed_checks = failed_so_far(exercise.name)
        session.needed_solution = solution_needed
        session.rerun = rerun_prefix(exercise.name, workspace)
        if practise(session, fresh) != "next":
            print(t("practice_left", path=path))
            return
        if topic and course.find(topic.strip().lower()):
            topic = None  # an exercise asked for by name: then on through the course
        exercise = next_exercise(course, topic)
    print(t("practice_all_done"))


def register(app: typer.Typer) -> None:
    app.command("practice", help=t("cmd_practice"))(practice_command)
