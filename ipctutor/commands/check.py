"""`ipctutor check [DIR]`: validate a lessons folder, and the practice exercises, before learners meet them."""
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import Settings
from ipctutor.i18n import t


def check(
    folder: Annotated[Optional[Path], typer.Argument(
        help="A lessons folder (default: --lessons, IPCTUTOR_LESSONS, or the bundled lessons).")] = None,
    exercises: Annotated[Optional[Path], typer.Option(
        "--exercises", help="An exercises folder to validate (default: the bundled exercises, "
                            "when no lessons folder is given).")] = None,
) -> None:
    """Validate a lessons folder: schema, demos, translations; and the exercises: manifest, files,
    translations, scripts that compile. Exits 1 if anything is wrong.

    Example: ipctutor check lessons/ --exercises exercises/
    """
    from ipctutor.content.lesson_texts import lessons_dir
    from ipctutor.content.lessons import check_folder

    problems = []
    if folder is not None or exercises is None:
        target = folder or lessons_dir(Settings.lessons)
        lessons, found = check_folder(target)
        problems += found
        if not found:
            print(t("lessons_ok", n=len(lessons), folder=target))
    if exercises is not None or folder is None:
        problems += check_exercise_folder(exercises)
    for problem in problems:
        print(problem)
    if problems:
        print(t("content_bad", n=len(problems)), file=sys.stderr)
        raise typer.Exit(1)


def check_exercise_folder(folder: Optional[Path]) -> list:
    from ipctutor.content.exercises import bundled_exercises_dir, check_exercises, compile_problems

    target = folder or bundled_exercises_dir()
    course, problems = check_exercises(target)
    if course is not None:
        problems += compile_problems(course)
    if not problems and course is not None:
        print(t("exercises_ok", n=len(course.exercises), folder=target))
    return problems


def register(app: typer.Typer) -> None:
    app.command()(check)
