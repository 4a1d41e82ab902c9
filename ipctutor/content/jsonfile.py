"""The learner's own files (progress.json, bench.json): where they live and how they are replaced.

A file is replaced whole or not at all: the new text goes to a temporary file beside it, is flushed
to disk, then renamed over the old one (a rename within a folder is atomic), so a crash or a full
disk leaves the old file or the new one, never half of one.

Stdlib only at module level: `ipctutor run` saves progress after a demo.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """IPCTUTOR_HOME, else the platform's user data folder for ipctutor."""
    home = os.environ.get("IPCTUTOR_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir  # the parent only; never imported in a child

    return Path(user_data_dir("ipctutor", appauthor=False))


def write_json(path: Path, data: Any, **dump_options) -> None:
    """Replace `path` with `data` as UTF-8 JSON, atomically. The folder must exist.

    Raises OSError (or the serializer's error) and leaves no temporary file behind.
    """
    text = (
        json.dumps(data, ensure_ascii=False, **dump_options) + "\n"
    )  # fails before any file exists
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
