"""The learner's exercise folder: where an exercise is handed out, and how it is reset.

The learner's file is theirs: it is written only when it does not exist yet, and a reset first moves
the old file aside under a name that says whose it was and when (NAME.yours-20261203-011500.py),
so nothing they wrote is ever lost.
"""
from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

DEFAULT_FOLDER = "ipctutor-exercises"


def workspace_dir(override: str | os.PathLike | None = None) -> Path:
    """--workspace DIR, else IPCTUTOR_WORKSPACE, else ./ipctutor-exercises."""
    chosen = override or os.environ.get("IPCTUTOR_WORKSPACE")
    return Path(chosen).expanduser() if chosen else Path.cwd() / DEFAULT_FOLDER


def hand_out(original: Path, folder: Path) -> tuple[Path, bool]:
    """The learner's copy of an exercise, and whether it was written just now (never overwritten)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / original.name
    try:
        with open(target, "x", encoding="utf-8") as out:  # fails if the learner's file exists
            out.write(original.read_text(encoding="utf-8"))
    except FileExistsError:
        return target, False
    return target, True


def reset(original: Path, folder: Path) -> tuple[Path, Path | None]:
    """A fresh copy of the exercise; the learner's file, if any, moved aside first (returned)."""
    target = folder / original.name
    kept = None
    if target.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1000):
            candidate = folder / f"{target.stem}.yours-{stamp}{f'-{n}' if n else ''}.py"
            if not candidate.exists():
                kept = candidate
                break
        assert kept is not None  # one of a thousand names within the same second is free
        os.replace(target, kept)  # same folder: a rename, never a copy that could fail half-way
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(original, target)
    return target, kept
