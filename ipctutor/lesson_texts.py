"""The few lesson texts `ipctutor run` shows, read without building the lesson schema.

Defining the pydantic models of lessons.py costs about 100 ms; `run` needs two texts from one
file. They are read here as plain data and checked for their shape; the whole lesson is validated
by `learn`, `quiz` and `ipctutor check`, and a malformed file still gets a located error.
"""
from dataclasses import dataclass
from pathlib import Path


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
    """The demo's own lesson file (FOLDER/DEMO.yaml), or any lesson using the demo, else None."""
    import yaml

    from ipctutor.lessons import LessonError

    own = folder / f"{demo}.yaml"
    if not own.is_file():
        from ipctutor.lessons import load_lesson_of  # a course whose files are named otherwise

        lesson = load_lesson_of(folder, demo)
        if lesson is None:
            return None
        return RunTexts(lesson.id, lesson.after_run.get(lang),
                        {s.name: s.body.get(lang) for s in lesson.pitfall_screens})
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(own.read_text(encoding="utf-8"), Loader=loader)
        if data.get("demo") != demo or not isinstance(data.get("id"), str):
            raise TypeError("another demo's lesson")
        return RunTexts(data["id"], _text(data["after_run"], lang),
                        {s["name"]: _text(s["body"], lang) for s in data.get("pitfall_screens") or []})
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        from ipctutor.lessons import parse_lesson

        lesson, problems = parse_lesson(own)  # the located reason, from the schema
        if problems:
            raise LessonError(f"{problems[0]} (run `ipctutor check {folder}`)") from None
        return RunTexts(lesson.id, lesson.after_run.get(lang),
                        {s.name: s.body.get(lang) for s in lesson.pitfall_screens})
