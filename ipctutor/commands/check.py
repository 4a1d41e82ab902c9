"""`ipctutor check [DIR]`: validate a lessons folder, and the practice exercises, before learners meet them."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ipctutor.commands.options import Settings
from ipctutor.errors import TutorError
from ipctutor.i18n import t


def check(
    folder: Annotated[Optional[Path], typer.Argument(help=t("help_check_folder"))] = None,
    exercises: Annotated[
        Optional[Path], typer.Option("--exercises", help=t("help_check_exercises"))
    ] = None,
) -> None:
    """Validate a lessons folder: schema, demos, translations; and the exercises: manifest, files,
    translations, scripts that compile. Exits 1 if anything is wrong.

    Example: ipctutor check lessons/ --exercises exercises/
    """
    from ipctutor.content.lesson_texts import lessons_dir
    from ipctutor.content.lessons import check_folder

    check_lessons = folder is not None or exercises is None
    lessons_folder = folder or lessons_dir(Settings.lessons)
    for given in (lessons_folder if check_lessons else None, exercises):
        if given is not None and not given.is_dir():  # a typo, not content with problems: exit 2
            raise TutorError(t("check_not_a_folder", folder=given))
    problems = []
    if check_lessons:
        lessons, found = check_folder(lessons_folder)
        problems += found
        if not found:
            print(t("lessons_ok", n=len(lessons), folder=lessons_folder))
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
    app.command(help=t("cmd_check"))(check)
