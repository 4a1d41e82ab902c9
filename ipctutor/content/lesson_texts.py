"""The few lesson texts `ipctutor run` shows, read without building the lesson schema.

Importing lessons.py defines its pydantic models (22 ms of `run`'s start-up here); `run` needs two
texts from one file. They are read here as plain data and checked for their shape; the whole lesson
is validated by `learn`, `quiz` and `ipctutor check`, and a malformed file still gets a located
error. So that `run` never imports lessons.py, the lessons folder is found here too.
"""

import os
from dataclasses import dataclass
from pathlib import Path


def bundled_lessons_dir() -> Path:
    """The lessons that ship with ipctutor: inside the wheel, or the repo's lessons/ folder."""
    package = Path(__file__).parent.parent
    packaged = package / "lessons"
    if packaged.is_dir():
        return packaged
    return package.parent / "lessons"


def lessons_dir(override: str | os.PathLike | None = None) -> Path:
    """--lessons DIR, else IPCTUTOR_LESSONS, else the bundled lessons."""
    chosen = override or os.environ.get("IPCTUTOR_LESSONS")
    return Path(chosen) if chosen else bundled_lessons_dir()


@dataclass(frozen=True)
class RunTexts:
    lesson_id: str
    after_run: str | None
    pitfall_bodies: dict[str, str]  # pitfall name -> the body of its screen


def _text(value, lang: str) -> str:
    """A Text ({en: ..., zh: ...}) in the learner's language, English when zh is missing."""
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        raise TypeError("not a text")
    chosen = value.get(lang) if lang == "zh" else None
    return chosen if isinstance(chosen, str) and chosen else value["en"]


def run_texts(folder: Path, demo: str, lang: str) -> RunTexts | None:
    """The texts of the demo's lesson: read straight from FOLDER/DEMO.yaml when that file is the
    demo's and well formed; otherwise through the schema (`load_lesson_of`), which finds a lesson
    named otherwise, or says where a malformed file is wrong. None if no lesson uses the demo."""
    import yaml

    from ipctutor.content.safe_text import has_control

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        if not (folder / f"{demo}.yaml").is_file():  # missing, or a named pipe: the schema's path
            raise OSError(demo)
        data = yaml.load((folder / f"{demo}.yaml").read_text(encoding="utf-8"), Loader=loader)
        if data.get("demo") != demo or not isinstance(data.get("id"), str):
            raise TypeError("another demo's lesson")
        if has_control(data):  # refused, with where, by the schema's path below
            raise TypeError("a control character")
        return RunTexts(
            data["id"],
            _text(data["after_run"], lang),
            {s["name"]: _text(s["body"], lang) for s in data.get("pitfall_screens") or []},
        )
    except (
        OSError,
        UnicodeDecodeError,
        yaml.YAMLError,
        KeyError,
        TypeError,
        AttributeError,
        ValueError,
        RecursionError,
    ):  # ValueError: an integer of more than 4,300 digits
        from ipctutor.content.lessons import load_lesson_of

        lesson = load_lesson_of(folder, demo)
    if lesson is None:
        return None
    return RunTexts(
        lesson.id,
        lesson.after_run.get(lang),
        {s.name: s.body.get(lang) for s in lesson.pitfall_screens},
    )
