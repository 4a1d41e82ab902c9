"""The learner's exercise folder: where an exercise is handed out, and how it is reset.

The learner's file is theirs: it is written only when it does not exist yet, and a reset first moves
the old file aside under a name that says whose it was and when (NAME.yours-20261203-011500.py),
so nothing they wrote is ever lost. A file is handed out whole or not at all (written beside it,
then linked or renamed into place), so a full disk never leaves an empty file that would then pass
for the learner's own; and nothing is written through a symlink, which could point outside.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from datetime import datetime
from pathlib import Path

from ipctutor.errors import TutorError
from ipctutor.i18n import t

DEFAULT_FOLDER = "ipctutor-exercises"


class WorkspaceError(TutorError):
    """The exercise folder or file cannot be used: one line that says which and what to do."""


def workspace_dir(override: str | os.PathLike | None = None) -> Path:
    """--workspace DIR, else IPCTUTOR_WORKSPACE, else ./ipctutor-exercises."""
    chosen = override or os.environ.get("IPCTUTOR_WORKSPACE")
    return Path(chosen).expanduser() if chosen else Path.cwd() / DEFAULT_FOLDER


def ready_folder(folder: Path) -> None:
    """The folder exists (made if need be), or a one-line error: a file in its way, no permission."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WorkspaceError(t("workspace_not_folder", folder=folder)) from None
    except OSError as exc:
        raise WorkspaceError(
            t("workspace_cannot_write", folder=folder, reason=exc.strerror or type(exc).__name__)
        ) from None


def usable_file(target: Path) -> None:
    """The learner's exercise path holds a file we can read, or a one-line error saying what is there."""
    if target.is_dir():
        raise WorkspaceError(t("workspace_path_is_folder", path=target))
    if target.is_symlink() and not target.exists():
        raise WorkspaceError(t("workspace_dangling_link", path=target))
    if not target.is_file():  # a named pipe would make the check wait forever
        raise WorkspaceError(t("workspace_not_a_file", path=target))


def _write_beside(text: bytes, folder: Path, name: str) -> str:
    """`text` in a new temporary file in `folder`, flushed to disk; its path. Nothing left on failure."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _cannot_write(folder: Path, exc: OSError) -> WorkspaceError:
    return WorkspaceError(
        t("workspace_cannot_write", folder=folder, reason=exc.strerror or type(exc).__name__)
    )


def hand_out(original: Path, folder: Path) -> tuple[Path, bool]:
    """The learner's copy of an exercise, and whether it was written just now (never overwritten)."""
    target = folder / original.name
    if target.exists() or target.is_symlink():
        usable_file(target)
        return target, False
    ready_folder(folder)
    try:
        temporary = _write_beside(original.read_bytes(), folder, original.name)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    try:
        os.link(temporary, target)  # fails if the learner's file appeared meanwhile: it is kept
        fresh = True
    except FileExistsError:
        fresh = False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
            raise _cannot_write(folder, exc) from None
        fresh = not (target.exists() or target.is_symlink())  # no hard links here: a rename
        if fresh:
            os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    if not fresh:
        usable_file(target)
    return target, fresh


def reset(original: Path, folder: Path) -> tuple[Path, Path | None]:
    """A fresh copy of the exercise; the learner's file, if any, moved aside first (returned).

    A symlink (even one pointing nowhere) is moved aside as it is, never written through.
    """
    ready_folder(folder)
    target = folder / original.name
    kept = None
    if target.exists() or target.is_symlink():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1000):
            candidate = folder / f"{target.stem}.yours-{stamp}{f'-{n}' if n else ''}.py"
            if not (candidate.exists() or candidate.is_symlink()):
                kept = candidate
                break
        if kept is None:
            raise WorkspaceError(t("workspace_cannot_write", folder=folder, reason="1000 backups"))
        try:
            os.replace(target, kept)  # same folder: a rename, never a copy that could fail half-way
        except OSError as exc:
            raise _cannot_write(folder, exc) from None
    try:
        temporary = _write_beside(original.read_bytes(), folder, original.name)
        os.replace(temporary, target)  # replaces a name, never follows one
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    return target, kept
