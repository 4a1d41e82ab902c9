"""What the shell completes: topic names, a topic's pitfalls, lesson names.

Derived at <TAB> time from the registries and the lessons folder, never a list of their own, so a
new demo or lesson completes without a change here. Each reads only a dict or a folder listing:
a <TAB> starts ipctutor, and must stay as quick as `ipctutor --help`.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer


def complete_topic(incomplete: str) -> list[str]:
    """`ipctutor run pi<TAB>`: the demos `run`, `show` and `compare` know."""
    from ipctutor.engine.demos import DEMOS

    return [name for name in DEMOS if name.startswith(incomplete)]


def complete_pitfall(ctx: typer.Context, incomplete: str) -> list[str]:
    """`ipctutor run queue --pitfall <TAB>`: that topic's pitfalls (all of them before a topic)."""
    from ipctutor.engine.demos import DEMOS, PITFALL_NAMES

    # While `--pitfall` still waits for its value the parser may leave the topic unparsed, in args
    given = [ctx.params.get("topic"), *ctx.args]
    topic = next((word for word in given if word in DEMOS), None)
    names: tuple[str, ...] | list[str]
    if topic is not None:
        names = PITFALL_NAMES.get(topic, ())
    else:
        names = sorted({name for names in PITFALL_NAMES.values() for name in names})
    return [name for name in (*names, "list") if name.startswith(incomplete)]


def complete_lesson(ctx: typer.Context, incomplete: str) -> list[str]:
    """`ipctutor learn <TAB>`: the lessons of --lessons DIR, IPCTUTOR_LESSONS or the bundled ones."""
    from ipctutor.content.lesson_texts import bundled_lessons_dir

    chosen = ctx.find_root().params.get("lessons") or os.environ.get("IPCTUTOR_LESSONS")
    folder = Path(chosen) if chosen else bundled_lessons_dir()
    try:
        names = sorted(path.stem for path in folder.glob("*.yaml"))
    except OSError:
        return []
    return [name for name in names if name.startswith(incomplete)]
